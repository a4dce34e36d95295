// The native store's own statistics pass gives exactly what folding its spans from listSpans
// gives, for every grouping: gzip-compressed and plain attributes, hex and text ids, users, a
// span id recorded twice, spans without an end, a filter on the row's fields.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSource, type OpenedSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import { readStats } from '../../src/main/stats/readStats'
import type { TraceRecord } from '../../src/shared/domain'
import type { TraceQueries } from '../../src/shared/queries'
import { GROUP_BYS } from '../../src/shared/stats/groupStats'
import { storeWith } from '../exchange/exchangeHelpers'
import { comparedRunsRecords } from '../fixtures/comparedRuns'
import { HEX_RUN_T0, hexRunSpans } from '../fixtures/hexRunSpans'
import { tempDir } from '../fixtures/seedWriters'

let cleanup: () => void
let opened: OpenedSource
const T0 = HEX_RUN_T0

// the shared session, its root once more with another start time: both spans have its children
function more(): TraceRecord[] {
  const r = hexRunSpans()
  return [...r, { ...r[0], startTime: T0 + 500, endTime: T0 + 900 }]
}

function clipped(): TraceRecord[] {
  const span = (
    sessionId: string,
    spanId: string,
    parentSpanId: string | null,
    name: string,
    start: number,
    end: number,
  ): TraceRecord => ({
    kind: 'span',
    sessionId,
    traceId: '0af7651916cd43dd8448eb211c80319d',
    spanId,
    parentSpanId,
    name,
    agentId: null,
    startTime: T0 + start,
    endTime: T0 + end,
    status: 'ok',
    attributes: {},
  })
  return [
    span('clip-run', 'p', null, 'coordination', 0, 500),
    span('clip-run', 'a', 'p', 'task', 600, 900),
    span('clip-run', 'b', 'p', 'task', 400, 700),
    span('clip-after', 'p', null, 'coordination', 0, 500),
    span('clip-after', 'a', 'p', 'task', 600, 900),
    span('clip-after', 'c', 'p', 'task', 900, 3600),
  ]
}

beforeAll(async () => {
  let dir: string
  ;({ dir, cleanup } = tempDir('ts-native-stats-'))
  const file = path.join(dir, 'runs.db')
  await (await storeWith(file, [...comparedRunsRecords(), ...more(), ...clipped()])).close()
  opened = openSource(file, { noFollow: true })
})
afterAll(() => {
  opened.close()
  cleanup()
})

describe('nativeGroupStats', () => {
  it.each(GROUP_BYS)('by %s: the same figures as folding listSpans', (groupBy) => {
    const q = opened.queries
    expect(q.groupStats).toBeTypeOf('function')
    // the same source seen without its own pass: readStats folds listSpans
    const generic = Object.create(q, { groupStats: { value: undefined } }) as TraceQueries
    for (const req of [
      { groupBy },
      { groupBy, sessionId: 'hex-run' },
      { groupBy, since: T0 + 10_000 },
      // filters on what the row holds: the pass applies listSpans' SQL
      { groupBy, where: 'agent:coder' },
      { groupBy, where: 'status:error or duration>=100', sessionId: 'hex-run' },
      { groupBy, where: 'not name:tool.*', since: T0 + 10_000 },
    ]) {
      const fast = q.groupStats!(req)
      const slow = readStats(generic, req)
      expect(fast!.spans).toBeGreaterThan(0)
      expect(fast).toEqual(slow)
    }
  })

  it("takes off a child's time only where it overlaps its parent's interval", () => {
    // session clip-run: parent 0–500 ms, children 600–900 ms (outside) and 400–700 ms (100 ms
    // inside): 400 ms of its own; clip-after: children only after it, all 500 ms its own
    const fast = opened.queries.groupStats!({ groupBy: 'workflow' })!
    const self = (key: string): number | undefined => fast.groups.find((g) => g.key === key)?.selfMs
    // the parent's 400 + the children's 300 + 300
    expect(self('clip-run')).toBe(400 + 300 + 300)
    expect(self('clip-after')).toBe(500 + 300 + 2700)
    const byName = opened.queries.groupStats!({ groupBy: 'name', sessionId: 'clip-run' })!
    expect(byName.groups.find((g) => g.key === 'coordination')!.selfMs).toBe(400)
  })

  it('leaves a filter on the attributes or on free text to the fold of listSpans', () => {
    const q = opened.queries
    for (const where of ['tokens>1000', 'model:gpt-4o', 'agent:coder "context"'])
      expect(q.groupStats!({ groupBy: 'name', where })).toBeNull()
    // and readStats answers it by that fold
    expect(readStats(q, { groupBy: 'name', where: 'tokens>1000' }).spans).toBeGreaterThan(0)
  })

  it('reads a store larger than one page of its key pass the same as the fold', async () => {
    // 20,000 spans (more than a page of 16,384 rows), seven to a start time so that a page ends
    // between spans that started together; a payload of tokens or a user stored as text longer
    // than what a page holds inline (the store compresses nothing below 100 KB), one gzip one
    const { dir: bigDir, cleanup: cleanBig } = tempDir('ts-native-stats-big-')
    try {
      const file = path.join(bigDir, 'big.db')
      const store = openStore(file, { compressAboveBytes: 100_000 })
      const records: TraceRecord[] = []
      for (let i = 0; i < 20_000; i++) {
        const start = T0 + Math.floor(i / 7)
        records.push({
          kind: 'span',
          sessionId: `big-${i % 3}`,
          spanId: `s${i}`,
          parentSpanId: i < 3 ? null : `s${i % 3}`,
          name: ['plan', 'llm.chat', 'tool.call', 'review'][i % 4],
          agentId: i % 5 ? `agent-${i % 5}` : null,
          startTime: start,
          endTime: i % 97 === 0 ? null : start + (i % 13) * 1.5,
          status: i % 11 === 0 ? 'error' : 'ok',
          attributes: {
            ...(i % 4 === 1 && {
              'gen_ai.request.model': i % 3 ? 'gpt-4o' : 'gpt-4o-mini',
              'gen_ai.usage.input_tokens': 10 + (i % 50),
              'gen_ai.usage.output_tokens': i % 7,
            }),
            ...(i % 6 === 0 && { 'user.id': `u${i % 4}` }),
            ...(i % 9 === 0 && { notes: `${'long '.repeat(1000)}${i}` }),
          },
        })
      }
      await store.write(records)
      await store.close()
      const big = openSource(file, { noFollow: true })
      try {
        const generic = Object.create(big.queries, {
          groupStats: { value: undefined },
        }) as TraceQueries
        for (const groupBy of GROUP_BYS) {
          const fast = big.queries.groupStats!({ groupBy })!
          expect(fast.spans).toBe(20_000)
          expect(fast).toEqual(readStats(generic, { groupBy }))
        }
        const narrowed = { groupBy: 'name' as const, sessionId: 'big-1', where: 'status:ok' }
        expect(big.queries.groupStats!(narrowed)).toEqual(readStats(generic, narrowed))
      } finally {
        big.close()
      }
    } finally {
      cleanBig()
    }
  })

  it('answers nothing for a session the file does not have', () => {
    expect(opened.queries.groupStats!({ groupBy: 'name', sessionId: 'nope' })).toEqual({
      spans: 0,
      groups: [],
    })
  })
})
