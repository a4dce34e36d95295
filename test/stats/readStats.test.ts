// Grouped statistics read from a real store through the one read-only opener.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStats } from '../../src/main/stats/readStats'
import { openSource, type OpenedSource } from '../../src/main/sources/openSource'
import { storeWith } from '../exchange/exchangeHelpers'
import { RUN_B, comparedRunsRecords } from '../fixtures/comparedRuns'
import { tempDir } from '../fixtures/seedWriters'

let cleanup: () => void
let opened: OpenedSource

beforeAll(async () => {
  let dir: string
  ;({ dir, cleanup } = tempDir('ts-read-stats-'))
  const file = path.join(dir, 'runs.db')
  await (await storeWith(file, comparedRunsRecords())).close()
  opened = openSource(file, { noFollow: true })
})
afterAll(() => {
  opened.close()
  cleanup()
})

describe('readStats', () => {
  it("answers a group's slowest spans, slowest first, without attributes", () => {
    const r = readStats(opened.queries, { groupBy: 'name', slowestOf: 'tool.search' })
    expect(r.spans).toBe(14)
    expect(r.slowest!.map((s) => [s.sessionId, s.durationMs, s.status])).toEqual([
      [RUN_B, 125, 'error'],
      ['run-41', 120, 'ok'],
      ['run-41', 100, 'ok'],
      [RUN_B, 100, 'ok'],
    ])
    expect(r.slowest!.every((s) => Object.keys(s.attributes).length === 0)).toBe(true)
  })

  it('reads only the spans since the given time, and only one session', () => {
    const since = Date.parse('2026-11-30T09:30:00Z')
    expect(readStats(opened.queries, { groupBy: 'agent', since }).spans).toBe(7)
    expect(readStats(opened.queries, { groupBy: 'agent', sessionId: 'run-41' }).spans).toBe(7)
    expect(readStats(opened.queries, { groupBy: 'agent' }).slowest).toBeUndefined()
  })
})
