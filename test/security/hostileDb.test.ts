// A hostile .db opened through the app's own path (granted, then sources.open over the contract):
// its trigger, generated column, CHECK, expression index and view run nothing, identifiers from
// the file or the renderer never become SQL, a huge blob is not shipped whole, and the file and
// its folder are exactly as before.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppCore, type AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { safeOpen } from '../../src/main/sources/safeOpen'
import { openTableBrowser } from '../../src/main/sources/tableBrowser'
import type { Envelope } from '../../src/shared/contract/errors'
import { fileFingerprint, writeHostileDb, type HostileSummary } from '../fixtures/seedWriters'

let dir: string
let file: string
let hostile: HostileSummary
let core: AppCore
let before: ReturnType<typeof fileFingerprint>
const ctx = { callerId: 'window-1', transport: 'in-process' as const }
const call = (channel: string, input: unknown) =>
  core.dispatch(channel, input, ctx) as Promise<Envelope<unknown>>

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-hostile-'))
  file = path.join(dir, 'hostile.db')
  hostile = writeHostileDb(file)
  before = fileFingerprint(file)
  core = createAppCore({
    service: new InProcessStoreService({ opener: createOpener() }),
    mode: 'in-process',
    prefsDir: null,
  })
})

afterAll(async () => {
  await core.shutdown()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('a hostile database', () => {
  it('the reading connection has trusted_schema OFF, query_only ON and no functions of the file', () => {
    const conn = safeOpen(file)
    try {
      expect(conn.db.pragma('trusted_schema', { simple: true })).toBe(0)
      expect(conn.db.pragma('query_only', { simple: true })).toBe(1)
      // the schema's function is not there to call: its generated column cannot be evaluated
      expect(() => conn.db.prepare(`SELECT shout FROM ${hostile.table}`).all()).toThrow()
      expect(() =>
        conn.db.exec(
          `INSERT INTO ${hostile.table} (run_id, level, message, datetime) VALUES ('x','x','x','x')`,
        ),
      ).toThrow()
    } finally {
      conn.close()
    }
  })

  it('opens over the contract, answers the viewer, and runs none of its schema', async () => {
    core.grants.grant(ctx.callerId, file)
    const opened = (await call('sources.open', { path: file })) as Envelope<{
      sourceId: string
      info: { readOnly: boolean }
    }>
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    const { sourceId } = opened.value
    const sessions = await call('sessions.list', { sourceId, limit: 50 })
    expect(sessions.ok).toBe(true)
    for (const channel of ['spans.list', 'errors.list', 'events.list', 'source.stats']) {
      const env = await call(channel, { sourceId })
      // an answer or a typed error, never a crash
      if (!env.ok) expect(env.error.code).toMatch(/source-error|unavailable|invalid-input/)
    }
    // the contract's table browser is for files no adapter understands: here a typed refusal
    const tables = await call('tables.list', { sourceId })
    if (!tables.ok) expect(tables.error.code).toBe('unavailable')
    expect((await call('sources.close', { sourceId })).ok).toBe(true)
  })

  it('the table browser quotes identifiers, refuses names that are SQL, and describes the huge blob', () => {
    const browser = openTableBrowser(file)
    try {
      // identifiers from the file are quoted, never spliced: the weird table reads back
      expect(browser.readRows(hostile.weirdTable, { limit: 10 }).rows.length).toBe(1)
      for (const table of [
        `${hostile.table}"; DROP TABLE ${hostile.sideEffectTable}; --`,
        `x' OR 1=1 --`,
        'sqlite_schema; INSERT INTO pwned VALUES (1)',
      ]) {
        expect(() => browser.readRows(table, { limit: 10 })).toThrow()
      }
      const rows = browser.readRows(hostile.table, { limit: 10 })
      expect(rows.rows.length).toBe(hostile.rows)
      expect(JSON.stringify(rows).length).toBeLessThan(hostile.hugeBlobBytes / 10)
      // the generated column calling the file's function is not evaluated
      expect(rows.columns).not.toContain('shout')
    } finally {
      browser.close()
    }
  })

  it('is byte-for-byte unchanged, with no side files, and its trigger never wrote', () => {
    expect(fileFingerprint(file)).toEqual(before)
    expect(fs.readdirSync(dir)).toEqual(['hostile.db'])
    const db = new Database(file, { readonly: true })
    try {
      expect(db.prepare(`SELECT count(*) FROM ${hostile.sideEffectTable}`).pluck().get()).toBe(0)
    } finally {
      db.close()
    }
  })
})
