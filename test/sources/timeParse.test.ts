// The native store goes through openStore read-only; the pure time/blob/cursor helpers.
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import {
  MAX_STRING_CHARS,
  UNDECODED,
  capStrings,
  decodeJsonish,
  decodeObject,
  plainValue,
} from '../../src/main/sources/blobJson'
import { openSource } from '../../src/main/sources/openSource'
import { decodeCursor, encodeCursor, pageSize } from '../../src/main/sources/pagedQuery'
import { mapSessionStatus } from '../../src/main/sources/sessionRows'
import { SourceQueryError } from '../../src/main/sources/sourceErrors'
import { boundFor, detectTimeFormat, parseIso, toMillis } from '../../src/main/sources/timeParse'
import { openStore } from '../../src/main/store/traceStore'
import { MOAI_AGENT_SESSION, tempDir, writeDdeutilDb, writeMoaiDb } from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-native-')
afterAll(cleanup)

describe('native store through openSource', () => {
  it('is detected by its header mark and served by openStore read-only', async () => {
    const file = path.join(dir, 'native.db')
    const store = openStore(file)
    const t0 = Date.UTC(2025, 5, 1, 10)
    await store.write([
      { kind: 'session', id: 'native-1', name: 'Native run' },
      {
        kind: 'span',
        sessionId: 'native-1',
        spanId: 'root',
        name: 'plan',
        startTime: t0,
        endTime: t0 + 50,
      },
      {
        kind: 'span',
        sessionId: 'native-1',
        spanId: 'kid',
        parentSpanId: 'root',
        name: 'call',
        startTime: t0 + 5,
        endTime: t0 + 20,
      },
    ])
    await store.close()
    const src = openSource(file)
    try {
      expect(src.kind).toBe('tracescope')
      expect(src.detection.reason).toMatch(/Tracescope store/)
      expect(src.queries.listSessions({}).items.map((s) => s.id)).toEqual(['native-1'])
      expect(
        src.queries
          .listSpans({ sessionId: 'native-1' })
          .items.map((s) => s.spanId)
          .sort(),
      ).toEqual(['kid', 'root'])
    } finally {
      src.close()
    }
  })
})

describe('timeParse', () => {
  const t = Date.UTC(2025, 5, 1, 10, 0, 0, 123)
  it.each([
    [t, t],
    [t / 1000, t],
    [t * 1000, t],
    [t * 1e6, t],
    ['2025-06-01T10:00:00.123Z', t],
    ['2025-06-01T10:00:00.123000', t],
    ['2025-06-01 10:00:00.123', t],
    ['2025-06-01T12:00:00.123+02:00', t],
    ['2025-06-01T05:30:00.123-04:30', t],
    [String(t / 1000), t],
    [t / 86_400_000 + 2440587.5, t],
  ])('toMillis(%s)', (input, want) => {
    expect(toMillis(input)).toBeCloseTo(want, 0)
  })

  it('rejects what is not a time', () => {
    expect(toMillis('yesterday')).toBeNull()
    expect(toMillis(null)).toBeNull()
    expect(toMillis('')).toBeNull()
    expect(parseIso('2025-13-45T99:99')).toBeNull()
  })

  it('bounds come back in the column’s own format, so range filters compare like with like', () => {
    expect(boundFor(t, detectTimeFormat(1748772000000))).toBe(t)
    expect(boundFor(t, detectTimeFormat(1748772000.5))).toBe(t / 1000)
    expect(boundFor(t, detectTimeFormat('2025-01-01T00:00:00.000000'))).toBe(
      '2025-06-01T10:00:00.123000',
    )
    expect(boundFor(t, detectTimeFormat('2025-01-01 00:00:00'))).toBe('2025-06-01 10:00:00')
    expect(boundFor(t, detectTimeFormat('2025-01-01T00:00:00+00:00'))).toBe(
      '2025-06-01T10:00:00+00:00',
    )
    expect(boundFor(t, detectTimeFormat('2025-01-01'))).toBe('2025-06-01')
    // epoch numbers that a TEXT column turned into text ('…500.0') get a text bound of that shape
    expect(boundFor(t, detectTimeFormat('1748775600500.0'))).toBe(`${t}.0`)
    expect(boundFor(t, detectTimeFormat('1748775600.250'))).toBe((t / 1000).toFixed(3))
  })

  it('ISO text read in SQL keeps its whole milliseconds (10:00:00.000 is not 09:59:59.999)', () => {
    // MoAI writes Python isoformat() text; julianday() round-trips it through a day fraction
    const file = path.join(dir, 'moai-times.db')
    writeMoaiDb(file)
    const src = openSource(file, { noFollow: true })
    try {
      const db = new Database(file, { readonly: true })
      const written = (
        db.prepare('SELECT timestamp FROM agent_events ORDER BY id').all() as Array<{
          timestamp: string
        }>
      ).map((r) => toMillis(r.timestamp))
      const taskTimes = (
        db.prepare('SELECT timestamp FROM task_metrics').all() as Array<{ timestamp: string }>
      ).map((r) => toMillis(r.timestamp))
      db.close()
      const events = src.queries
        .listEvents({ sessionId: MOAI_AGENT_SESSION, limit: 5000 })
        .items.map((e) => e.time)
      expect(events.sort()).toEqual(written.sort())
      const errorTimes = src.queries.listErrors({ limit: 5000 }).items.map((e) => e.time)
      for (const time of errorTimes) expect(Number.isInteger(time)).toBe(true)
      expect(errorTimes.some((e) => taskTimes.includes(e))).toBe(true)
    } finally {
      src.close()
    }
  })
})

describe('blobJson, cursors, statuses', () => {
  it('decodes plain and gzip JSON blobs and bounds what inflates too far', () => {
    const obj = { prompt: 'x'.repeat(2000) }
    expect(decodeJsonish(gzipSync(Buffer.from(JSON.stringify(obj))))).toEqual(obj)
    expect(decodeJsonish(Buffer.from('{"a":1}'))).toEqual({ a: 1 })
    expect(decodeJsonish('not json')).toBe('not json')
    expect(decodeObject('[1,2]')).toEqual({ value: [1, 2] })
    const bomb = gzipSync(Buffer.alloc(2_000_000, 0x20))
    expect(decodeJsonish(bomb, 1_000_000)).toEqual({
      [UNDECODED]: 'gzip payload larger than 1000000 bytes',
    })
    expect(decodeJsonish(Buffer.from([0x1f, 0x8b, 0, 0]))).toEqual({
      [UNDECODED]: 'damaged gzip payload',
    })
  })

  it('cuts very long strings and deep nesting inside payloads', () => {
    const long = 'y'.repeat(MAX_STRING_CHARS * 2)
    const out = decodeJsonish(JSON.stringify({ a: [long], b: 'short' })) as {
      a: string[]
      b: string
    }
    expect(out.b).toBe('short')
    expect(out.a[0].length).toBeLessThan(long.length)
    expect(out.a[0]).toMatch(new RegExp(`truncated, ${long.length} characters\\)$`))
    let deep: unknown = 'leaf'
    for (let i = 0; i < 50; i++) deep = { d: deep }
    expect(JSON.stringify(capStrings(deep))).toContain('nested too deep')
  })

  it('plainValue turns column values into what JSON and structured clone both carry', () => {
    expect(plainValue(Buffer.from('{"a":1}'))).toEqual({ a: 1 })
    expect(plainValue(gzipSync(Buffer.from('"hi"')))).toBe('hi')
    expect(plainValue(Buffer.from([0, 1, 2, 255]))).toBe('<blob 4 bytes>')
    expect(plainValue(12n)).toBe('12')
    expect(plainValue(undefined)).toBeNull()
  })

  it('cursors round-trip and foreign ones are refused by name', () => {
    expect(decodeCursor('f.db', encodeCursor([12, 'a']), 2)).toEqual([12, 'a'])
    expect(() => decodeCursor('f.db', 'nonsense', 2)).toThrow(SourceQueryError)
    expect(() => decodeCursor('f.db', encodeCursor([1]), 2)).toThrow(/does not belong/)
    expect(pageSize(undefined)).toBe(500)
    expect(pageSize(1e9)).toBe(5000)
    expect(pageSize(0)).toBe(1)
  })

  it('a log-derived session written to in the last minutes is running and live', () => {
    const file = path.join(dir, 'live-log.db')
    writeDdeutilDb(file, { baseTime: Date.now() - 60_000, sessions: 2 })
    const old = path.join(dir, 'old-log.db')
    writeDdeutilDb(old, { sessions: 2 })
    const src = openSource(file, { overlay: false })
    const oldSrc = openSource(old, { overlay: false })
    try {
      expect(src.queries.getSession('wf-run-1')).toMatchObject({
        status: 'running',
        live: true,
        endTime: null,
      })
      // records still arriving: running even with an error (sessionStatusRule.ts); failed once quiet
      expect(src.queries.getSession('job-run-2a')).toMatchObject({ status: 'running' })
      expect(oldSrc.queries.getSession('job-run-2a')).toMatchObject({
        status: 'failed',
        live: false,
      })
      expect(oldSrc.queries.getSession('wf-run-1')).toMatchObject({
        status: 'completed',
        live: false,
      })
      expect(
        src.queries
          .listSessions({ status: 'running' })
          .items.map((s) => s.id)
          .sort(),
      ).toEqual(['job-run-1a', 'job-run-2a', 'wf-run-1', 'wf-run-2'])
    } finally {
      src.close()
      oldSrc.close()
    }
  })

  it('maps source statuses onto the domain', () => {
    expect(mapSessionStatus('active')).toBe('running')
    expect(mapSessionStatus('Failed')).toBe('failed')
    expect(mapSessionStatus('success')).toBe('completed')
    // no status of its own: shared/sessionStatusRule.ts decides (test/shared/sessionStatusRule.test.ts)
    expect(mapSessionStatus(null)).toBeNull()
    expect(mapSessionStatus('weird')).toBe('unknown')
  })
})
