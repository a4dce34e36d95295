// schemaInfo: what a file holds, from SQLite's own catalogue and type information.
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readSchema } from '../../src/main/sources/schemaInfo'
import { tempDir } from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-schema-')
afterAll(cleanup)

describe('readSchema', () => {
  it('knows a virtual table by SQLite type information, however its SQL is spelled', () => {
    const file = path.join(dir, 'virt.db')
    const w = new Database(file)
    w.exec('CREATE TABLE plain (a)')
    // SQLite rewrites the text of a virtual table it creates; a hand-made file need not: plant
    // catalogue rows whose SQL a regex on `CREATE VIRTUAL TABLE` does not match
    w.unsafeMode(true)
    w.pragma('writable_schema = ON')
    const plant = w.prepare(
      "INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) VALUES ('table', ?, ?, 0, ?)",
    )
    plant.run('hidden', 'hidden', 'CREATE VIRTUAL/**/TABLE hidden USING fts5(a)')
    plant.run(
      'spaced',
      'spaced',
      'CREATE -- a comment\n VIRTUAL TABLE spaced USING nosuchmodule(b)',
    )
    w.close()
    const db = new Database(file, { readonly: true })
    db.pragma('trusted_schema = OFF')
    const s = readSchema(db)
    db.close()
    const kinds = Object.fromEntries(
      s.objects.filter((o) => !o.name.includes('_')).map((o) => [o.name, o.type]),
    )
    expect(kinds).toEqual({ plain: 'table', hidden: 'virtual', spaced: 'virtual' })
    expect(s.tables).toContain('plain')
    expect(s.tables).not.toContain('hidden')
    expect(s.hasTable('hidden')).toBe(false)
  })
})
