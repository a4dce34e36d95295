// Hostile schemas run nothing; unknown files get a message naming what was found and the
// read-only table browser as fallback.
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource, UnknownSourceError } from '../../src/main/sources/openSource'
import { SourceOpenError } from '../../src/main/sources/sourceErrors'
import { displayCell, openTableBrowser } from '../../src/main/sources/tableBrowser'
import {
  fileFingerprint,
  tempDir,
  writeClaudeFlowDb,
  writeHostileDb,
} from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-hostile-')
afterAll(cleanup)

describe('a hostile schema', () => {
  const file = path.join(dir, 'hostile.db')
  const h = writeHostileDb(file)
  const before = fileFingerprint(file)

  it('is read through its adapter without evaluating generated columns, views, checks or triggers', () => {
    const src = openSource(file, { overlay: false })
    try {
      // detected by its real tables: the view named `spans` does not make it a flujo file
      expect(src.kind).toBe('ddeutil-workflow')
      const sessions = src.queries.listSessions({}).items
      expect(sessions.map((s) => s.id).sort()).toEqual(['run-h1', 'run-h2'])
      // newest first, as every source answers unless asked for the oldest first
      const events = src.queries.listEvents({ sessionId: 'run-h1' }).items
      expect(events.map((e) => e.message)).toEqual(['bad', 'hello'])
      const oldest = src.queries.listEvents({ sessionId: 'run-h1', oldestFirst: true }).items
      expect(oldest.map((e) => e.message)).toEqual(['hello', 'bad'])
      // the generated column (evil(message)) is neither selected nor reported as data
      expect(events.every((e) => !('shout' in e.attributes))).toBe(true)
      const errors = src.queries.listErrors({}).items
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatchObject({ type: 'ValueError', message: 'boom', sessionId: 'run-h1' })
      // the 3 MB blob arrives cut to a size a page of events can carry
      const big = String(events.find((e) => e.message === 'bad')!.attributes.metadata)
      expect(big.length).toBeLessThan(300 * 1024)
      expect(big).toMatch(/truncated, 3145728 characters\)$/)
      // the row with the 3 MB blob is counted like any other
      expect(src.queries.stats().counts.logLines).toBe(h.rows)
    } finally {
      src.close()
    }
  })

  it('its trigger never ran and the file is byte-for-byte unchanged', () => {
    const src = openSource(file, { overlay: false })
    src.close()
    const check = new Database(file, { readonly: true })
    expect(
      (check.prepare(`SELECT count(*) AS n FROM ${h.sideEffectTable}`).get() as { n: number }).n,
    ).toBe(0)
    check.close()
    expect(fileFingerprint(file)).toEqual(before)
  })

  it('browses tables with quoted identifiers, skipping generated columns and views', () => {
    const b = openTableBrowser(file)
    try {
      const tables = b.listTables()
      expect(tables.map((t) => t.name).sort()).toEqual(
        ['pwned', 'runs', 'traces', h.weirdTable].sort(),
      )
      const traces = tables.find((t) => t.name === 'traces')
      expect(traces?.rowCount).toBe(h.rows)
      expect(traces?.columns.find((c) => c.name === 'shout')?.type).toMatch(
        /generated, not evaluated/,
      )
      const weird = b.readRows(h.weirdTable)
      expect(weird.columns).toEqual([h.weirdColumn, 'plain'])
      expect(weird.rows).toEqual([['quoted', 1]])
      const rows = b.readRows('traces', { limit: 2 })
      expect(rows.rows).toHaveLength(2)
      expect(rows.columns).not.toContain('shout')
      const rest = b.readRows('traces', { limit: 2, cursor: rows.nextCursor })
      expect(rest.rows).toHaveLength(1)
      expect(rest.nextCursor).toBeNull()
      expect(rest.rows[0][rows.columns.indexOf('run_id')]).toBe('run-h2')
      const blobCell = rows.rows[1][rows.columns.indexOf('metadata')]
      expect(blobCell).toBe(`<blob ${h.hugeBlobBytes} bytes: ${'41'.repeat(16)}…>`)
      expect(b.info().notes.join(' ')).toMatch(/Views are not read: spans/)
      expect(() => b.readRows('spans')).toThrow(/no table named "spans"/)
      expect(() => b.readRows('traces', { cursor: 'garbage!' })).toThrow(SourceOpenError)
    } finally {
      b.close()
    }
    expect(fileFingerprint(file)).toEqual(before)
  })
})

describe('an SQLite file of no known kind', () => {
  it('is refused with the tables it has, and a near miss says what is missing', () => {
    const file = path.join(dir, 'notes.db')
    const db = new Database(file)
    db.exec(
      'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE traces (id TEXT, session_id TEXT)',
    )
    db.close()
    let err: unknown
    try {
      openSource(file)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(UnknownSourceError)
    const u = err as UnknownSourceError
    expect(u.code).toBe('unknown-schema')
    expect(u.tables.sort()).toEqual(['notes', 'traces'])
    expect(u.message).toContain('notes.db')
    expect(u.message).toMatch(/tables notes, traces|tables traces, notes/)
    expect(u.message).toMatch(
      /Claude-Flow TraceStorage file but lacks column traces\.type, column traces\.timestamp/,
    )
    const b = openTableBrowser(file)
    expect(b.listTables().map((t) => t.rowCount)).toEqual([0, 0])
    b.close()
  })

  it('displayCell keeps cells readable and small', () => {
    expect(displayCell('x'.repeat(600))).toMatch(/… \(600 characters\)$/)
    expect(displayCell(Buffer.from([0x1f, 0x8b, 1]))).toBe('<gzip blob 3 bytes: 1f8b01>')
    expect(displayCell(null)).toBeNull()
    expect(displayCell(12n)).toBe('12')
  })

  it('an unfinished Claude-Flow session counts as ongoing for any `since`', () => {
    const file = path.join(dir, 'cf-live.db')
    const s = writeClaudeFlowDb(file)
    const src = openSource(file, { overlay: false })
    const future = src.queries.listSessions({ since: Date.UTC(2100, 0, 1) }).items
    expect(future.map((x) => x.id)).toEqual([s.sessionIds[0]])
    expect(future[0].status).toBe('running')
    src.close()
  })

  it('a recognised file can be browsed table by table too', () => {
    const file = path.join(dir, 'cf.db')
    const s = writeClaudeFlowDb(file)
    const b = openTableBrowser(file)
    expect(b.listTables().find((t) => t.name === 'traces')?.rowCount).toBe(s.spans.length)
    b.close()
  })
})
