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
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import { tempDir, T0 } from './storeTestUtils'

let dir: string
/** the one detection's verdict on a file, or null when it cannot be opened as any source */
function kindOf(file: string): string | null {
  try {
    const src = openSource(file, { overlay: false, noFollow: true })
    src.close()
    return src.kind
  } catch {
    return null
  }
}
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
    expect(kindOf(file)).toBe('tracescope')
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2, 3, 4, 5])
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
    expect(kindOf(file)).not.toBe('tracescope')
    fs.writeFileSync(path.join(dir, 'text.db'), 'not sqlite at all')
    expect(kindOf(path.join(dir, 'text.db'))).toBeNull()
    expect(kindOf(path.join(dir, 'missing.db'))).toBeNull()
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
    expect(store.info().notes).toContain('migrated to schema v2, v3, v4, v5')
    expect(store.getSession('old-run')).toMatchObject({ spanCount: 1, status: 'completed' })
    expect(store.listSpans({ sessionId: 'old-run' }).items[0]).toMatchObject({
      spanId: '0011223344556677',
      name: 'llm.chat',
    })
    await store.flush()
    expect(store.search({ text: 'vintage' }).items.map((h) => h.id)).toEqual(['0011223344556677'])
    await store.close()
    const after = new Database(file, { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    after.close()
  })

  it('migrates a v2 file to the covering span index (v3): the same spans read back, lean pages read no table row', async () => {
    dir = tempDir()
    const file = path.join(dir, 'v2.db')
    // a v2 file as v2 code wrote it: spans of two sessions interleaved in insertion order
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    expect(runMigrations(db, 2)).toEqual([1, 2])
    db.exec(`INSERT INTO dict (id, value) VALUES (1, 'llm.chat'), (2, 'tool.call'), (3, 'coder');
      INSERT INTO sessions (sid, id, status, span_count, first_time, last_time)
        VALUES (1, 'run-a', 'completed', 3, ${T0}, ${T0 + 30}), (2, 'run-b', 'running', 2, ${T0}, ${T0 + 20});`)
    const insert = db.prepare(`INSERT INTO spans (session, start_time, span_id, trace_id, parent_id,
      name, kind, agent, end_time, status, status_message, attributes, links)
      VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`)
    const hex = (s: string) => Buffer.from(s, 'hex')
    insert.run(
      1,
      T0 + 20,
      hex('aa00000000000003'),
      hex('0123456789abcdef0123456789abcdef'),
      hex('aa00000000000001'),
      2,
      3,
      T0 + 25,
      2,
      'boom',
      '{"tool":"grep"}',
      null,
    )
    insert.run(
      2,
      T0,
      hex('bb00000000000001'),
      null,
      null,
      1,
      null,
      T0 + 20,
      1,
      null,
      '{"model":"first-model"}',
      '[{"traceId":"t","spanId":"s"}]',
    )
    insert.run(
      1,
      T0,
      hex('aa00000000000001'),
      null,
      null,
      1,
      3,
      T0 + 30,
      1,
      null,
      '{"model":"old-model"}',
      null,
    )
    insert.run(2, T0 + 10, 'custom-id', null, null, 2, null, null, 0, null, null, null)
    insert.run(
      1,
      T0 + 10,
      hex('aa00000000000002'),
      null,
      hex('aa00000000000001'),
      2,
      3,
      T0 + 12,
      1,
      null,
      '{"query":"needle"}',
      null,
    )
    db.close()

    const read = (s: ReturnType<typeof openStore>) => ({
      a: s.listSpans({ sessionId: 'run-a', order: 'asc' }).items,
      aLean: s.listSpans({ sessionId: 'run-a', withAttributes: false }).items,
      b: s.listSpans({ sessionId: 'run-b', order: 'desc' }).items,
      all: s.listSpans({ limit: 2 }),
      detail: s.getSpan('run-a', 'aa00000000000002'),
    })
    // read-only first: a v2 file is read as it is, never migrated
    const ro = openStore(file, { readOnly: true })
    const before = read(ro)
    await ro.close()
    expect(before.a.map((s) => s.spanId)).toEqual([
      'aa00000000000001',
      'aa00000000000002',
      'aa00000000000003',
    ])
    expect(before.b[1].links).toEqual([{ traceId: 't', spanId: 's' }])
    expect(before.detail?.parent?.spanId).toBe('aa00000000000001')

    const store = openStore(file)
    expect(store.info().notes).toContain('migrated to schema v3, v4, v5')
    expect(read(store)).toEqual(before)
    // a cursor from before the migration continues the same order
    const second = store.listSpans({ limit: 2, cursor: before.all.nextCursor })
    expect(second.items.map((s) => s.spanId)).toEqual(['custom-id', 'aa00000000000001'])
    // the key stays unique without a UNIQUE index: a rewrite updates the migrated span
    await store.write({
      kind: 'span',
      sessionId: 'run-b',
      spanId: 'custom-id',
      name: 'tool.call',
      startTime: T0 + 10,
      endTime: T0 + 11,
      status: 'ok',
    })
    const rewritten = store.listSpans({ sessionId: 'run-b', withAttributes: false }).items
    expect(rewritten.map((s) => [s.spanId, s.status, s.endTime])).toEqual([
      ['custom-id', 'ok', T0 + 11],
      ['bb00000000000001', 'ok', T0 + 20],
    ])
    await store.flush()
    expect(store.search({ text: 'needle' }).items.map((h) => h.id)).toEqual(['aa00000000000002'])
    await store.close()
    const check = new Database(file, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(check.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(5)
    check.close()
  })

  it('v4 removes duplicate events, messages and metrics (and their search documents) and keeps them unique', async () => {
    dir = tempDir()
    const file = path.join(dir, 'v3.db')
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    expect(runMigrations(db, 3)).toEqual([1, 2, 3])
    db.exec(`INSERT INTO dict (id, value) VALUES (1, 'log'), (2, 'planner'), (3, 'tokens'), (4, 'ask');
      INSERT INTO sessions (sid, id, status) VALUES (1, 's', 'completed');`)
    // a v3 store that imported the same file twice: every row twice, plus one distinct event
    for (let copy = 0; copy < 2; copy++) {
      db.exec(`INSERT INTO events (session, time, name, message) VALUES (1, ${T0}, 1, 'disk full duplicateword');
        INSERT INTO messages (session, time, sender, type, payload) VALUES (1, ${T0}, 2, 4, '{"q":1}');
        INSERT INTO metrics (session, agent, name, time, value, attributes) VALUES (1, 2, 3, ${T0}, 12, '{"model":"x"}');`)
    }
    db.exec(
      `INSERT INTO events (session, time, name, message) VALUES (1, ${T0}, 1, 'another line')`,
    )
    // v3's search index had caught up with both copies (documents at rowid * 4 + 1 for events)
    db.exec(`INSERT INTO search_fts (rowid, body) SELECT rowid * 4 + 1, 'log ' || message FROM events;
      UPDATE tracescope_meta SET value = (SELECT max(rowid) FROM events) WHERE key = 'fts.event';`)
    const fts = db.prepare(`SELECT count(*) FROM search_fts WHERE search_fts MATCH 'duplicateword'`)
    expect(fts.pluck().get()).toBe(2)
    db.close()
    const store = openStore(file)
    try {
      expect(store.info().notes).toContain('migrated to schema v4, v5')
      expect(store.stats().counts).toMatchObject({ events: 2, messages: 1, metrics: 1 })
      await store.write({
        kind: 'event',
        sessionId: 's',
        time: T0,
        name: 'log',
        message: 'disk full duplicateword',
      })
      await store.write({
        kind: 'metric',
        sessionId: 's',
        agentId: 'planner',
        name: 'tokens',
        time: T0,
        value: 12,
        attributes: { model: 'x' },
      })
      await store.flush()
      expect(store.stats().counts).toMatchObject({ events: 2, metrics: 1 })
      await store.flush()
      expect(store.search({ text: 'duplicateword' }).items).toHaveLength(1)
    } finally {
      await store.close()
    }
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
