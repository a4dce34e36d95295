// Migrations on the files old releases wrote (test/fixtures/stores, frozen), not on files built
// by today's code: every old version opens, migrates and reads back what was stored, and a step
// that fails leaves the file exactly at its old version.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { runMigrations, SCHEMA_VERSION } from '../../src/main/store/migrations'
import { openStore } from '../../src/main/store/traceStore'
import { tempDir } from './storeTestUtils'

const FROZEN = path.resolve('test/fixtures/stores')
const SHA256: Record<string, string> = {
  'store-v1.db': 'a2a0e1c26702113d4f458c37823fc70711dd7895d4d21b4a98825848fbc4b579',
  'store-v2.db': '1cef6a7c8ecba6046632a18b3b561b2f94b10d075a16738402e8bfec6279ebd0',
}

let dir: string | undefined
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function copyOf(name: string): string {
  dir = tempDir()
  const file = path.join(dir as string, name)
  fs.copyFileSync(path.join(FROZEN, name), file)
  return file
}

function schemaAndRows(file: string) {
  const db = new Database(file, { readonly: true })
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      schema: db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all(),
      spans: db.prepare('SELECT * FROM spans ORDER BY rowid').all(),
      sessions: db.prepare('SELECT * FROM sessions ORDER BY sid').all(),
    }
  } finally {
    db.close()
  }
}

describe('frozen stores of older releases', () => {
  it.each(Object.entries(SHA256))('%s is the file that release wrote', (name, sha) => {
    const bytes = fs.readFileSync(path.join(FROZEN, name))
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(sha)
  })

  it.each(['store-v1.db', 'store-v2.db'])(
    '%s migrates to the newest schema and reads back what it held',
    async (name) => {
      const file = copyOf(name)
      const store = openStore(file)
      try {
        expect(store.info().notes.join(' ')).toMatch(/migrated to schema v/)
        expect(store.getSession('frozen-a')).toMatchObject({
          id: 'frozen-a',
          status: 'completed',
          spanCount: 2,
        })
        expect(store.getSession('frozen-b')).toMatchObject({ status: 'failed', spanCount: 1 })
        const spans = store.listSpans({ sessionId: 'frozen-a' }).items
        spans.sort((a, b) => a.startTime - b.startTime)
        expect(spans.map((s) => [s.spanId, s.name, s.parentSpanId ?? null])).toEqual([
          ['aa00000000000001', 'llm.chat', null],
          ['aa00000000000002', 'tool.call', 'aa00000000000001'],
        ])
        const failed = store.listSpans({ sessionId: 'frozen-b' }).items[0]
        expect(failed).toMatchObject({ status: 'error', statusMessage: 'tool crashed' })
        await store.flush()
        expect(store.search({ text: 'release' }).items.map((h) => h.id)).toEqual([
          'aa00000000000001',
        ])
      } finally {
        await store.close()
      }
      expect(schemaAndRows(file).version).toBe(SCHEMA_VERSION)
    },
  )

  it.each(['store-v1.db', 'store-v2.db'])(
    'a step that fails on %s leaves the file at its old version, schema and rows as they were',
    (name) => {
      const file = copyOf(name)
      const db = new Database(file)
      // enough spans that every later step's tables and indexes need new pages (v3's covering
      // index carries the status message, so it outgrows the index it replaces)
      const add = db.prepare(
        `INSERT INTO spans (session, start_time, span_id, name, end_time, status, status_message)
         VALUES (2, ?, ?, 2, ?, 2, ?)`,
      )
      db.transaction(() => {
        for (let i = 0; i < 2000; i++) {
          const id = Buffer.alloc(8)
          id.writeUInt32BE(i + 1, 4)
          add.run(1_000 + i, id, 2_000 + i, `step ${i} failed: `.padEnd(120, 'x'))
        }
      })()
      const before = schemaAndRows(file)
      // a real failure inside a real migration step: the database may not grow, so the next
      // step's new tables or indexes hit SQLITE_FULL
      const pages = db.pragma('page_count', { simple: true }) as number
      db.pragma(`max_page_count = ${pages}`)
      let caught: unknown
      try {
        runMigrations(db)
      } catch (err) {
        caught = err
      }
      db.close()
      expect((caught as { code?: string } | undefined)?.code).toBe('SQLITE_FULL')
      expect(schemaAndRows(file)).toEqual(before)
    },
  )
})
