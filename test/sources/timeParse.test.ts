// Times as other tools store them: formats detected, parsed, and bounds in the column's own format.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { boundFor, detectTimeFormat, parseIso, toMillis } from '../../src/main/sources/timeParse'
import { MOAI_AGENT_SESSION, tempDir, writeMoaiDb } from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-times-')
afterAll(cleanup)

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
