import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import {
  isNativeStore,
  MIGRATIONS,
  runMigrations,
  SCHEMA_VERSION,
  TRACESCOPE_APPLICATION_ID,
} from '../../src/main/store/migrations'
import { isNativeStoreFile, openStore } from '../../src/main/store/traceStore'
import { tempDir, T0 } from './storeTestUtils'

let dir: string
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('schema migrations', () => {
  it('creates a new file at the newest version, marked as a Tracescope store', async () => {
    dir = tempDir()
    const file = path.join(dir, 'new.db')
    const store = openStore(file)
    await store.close()
    const db = new Database(file, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(db.pragma('application_id', { simple: true })).toBe(TRACESCOPE_APPLICATION_ID)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2)
    expect(isNativeStore(db)).toBe(true)
    db.close()
    expect(isNativeStoreFile(file)).toBe(true)
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2])
  })

  it('refuses a file from a newer Tracescope with a clear message', () => {
    dir = tempDir()
    const file = path.join(dir, 'future.db')
    const db = new Database(file)
    runMigrations(db)
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    db.close()
    const message = `this file was written by a newer Tracescope (schema v${SCHEMA_VERSION + 5}); this version reads up to v${SCHEMA_VERSION}`
    expect(() => openStore(file)).toThrow(message)
    expect(() => openStore(file, { readOnly: true })).toThrow(message)
  })

  it('refuses to write into a SQLite file that is not a Tracescope store', () => {
    dir = tempDir()
    const file = path.join(dir, 'foreign.db')
    const db = new Database(file)
    db.exec('CREATE TABLE traces (id TEXT PRIMARY KEY, data TEXT)')
    db.close()
    const before = fs.readFileSync(file)
    expect(() => openStore(file)).toThrow(/not a Tracescope store/)
    expect(() => openStore(file, { readOnly: true })).toThrow(/not a Tracescope store/)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
    const check = new Database(file, { readonly: true })
    expect(isNativeStore(check)).toBe(false)
    check.close()
    expect(isNativeStoreFile(file)).toBe(false)
    fs.writeFileSync(path.join(dir, 'text.db'), 'not sqlite at all')
    expect(isNativeStoreFile(path.join(dir, 'text.db'))).toBe(false)
    expect(isNativeStoreFile(path.join(dir, 'missing.db'))).toBe(false)
    expect(fs.existsSync(path.join(dir, 'missing.db'))).toBe(false)
  })

  it('migrates a v1 file in one step, keeps its data, and indexes it for search afterwards', async () => {
    dir = tempDir()
    const file = path.join(dir, 'old.db')
    // write a v1 file: the v1 schema, then rows as v1 code wrote them
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    expect(runMigrations(db, 1)).toEqual([1])
    db.exec(`INSERT INTO dict (id, value) VALUES (1, 'llm.chat');
      INSERT INTO sessions (sid, id, status, span_count, first_time, last_time) VALUES (1, 'old-run', 'completed', 1, ${T0}, ${T0 + 5});
      INSERT INTO spans (session, start_time, span_id, name, end_time, status, attributes)
        VALUES (1, ${T0}, x'0011223344556677', 1, ${T0 + 5}, 1, '{"model":"vintage-model"}');`)
    db.close()

    const store = openStore(file)
    expect(store.info().notes).toContain('migrated to schema v2')
    expect(store.getSession('old-run')).toMatchObject({ spanCount: 1, status: 'completed' })
    expect(store.listSpans({ sessionId: 'old-run' }).items[0]).toMatchObject({
      spanId: '0011223344556677',
      name: 'llm.chat',
    })
    await store.flush()
    expect(store.search({ text: 'vintage' }).items.map((h) => h.id)).toEqual(['0011223344556677'])
    await store.close()
    const after = new Database(file, { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(2)
    after.close()
  })

  it('opens read-only without writing a byte, and a v1 file read-only without migrating', async () => {
    dir = tempDir()
    const file = path.join(dir, 'ro.db')
    const w = openStore(file)
    await w.write({ kind: 'span', sessionId: 's', spanId: 'a', name: 'n', startTime: T0 })
    await w.close()
    const before = fs.readFileSync(file)
    const ro = openStore(file, { readOnly: true })
    expect(ro.listSpans({ sessionId: 's' }).items).toHaveLength(1)
    expect(ro.info().readOnly).toBe(true)
    expect(() =>
      ro.enqueue({ kind: 'span', sessionId: 's', spanId: 'b', name: 'n', startTime: T0 }),
    ).toThrow(/read-only/)
    expect(() => ro.resolveError('x', 'y')).toThrow(/read-only/)
    await ro.close()
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    expect(() => openStore(path.join(dir, 'missing.db'), { readOnly: true })).toThrow()
    expect(fs.existsSync(path.join(dir, 'missing.db'))).toBe(false)

    const v1 = path.join(dir, 'v1.db')
    const db = new Database(v1)
    runMigrations(db, 1)
    db.close()
    const ro1 = openStore(v1, { readOnly: true })
    expect(ro1.search({ text: 'anything' }).items).toEqual([])
    expect(ro1.info().notes.join(' ')).toMatch(/search unavailable/)
    await ro1.close()
    const check = new Database(v1, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(1)
    check.close()
  })
})
