// The store's own cohort pass gives exactly what folding its spans from listSpans gives, for
// every kind of selection, narrowed to a span name and a start time: gzip-compressed and plain
// attributes, spans without an end, free text through the full-text index.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSource, type OpenedSource } from '../../src/main/sources/openSource'
import { readCohort } from '../../src/main/stats/readCohort'
import type { TraceQueries } from '../../src/shared/queries'
import type { CohortRequest, Selection } from '../../src/shared/stats/cohort'
import { richRecords, storeWith } from '../exchange/exchangeHelpers'
import { comparedRunsRecords } from '../fixtures/comparedRuns'
import { HEX_RUN_T0, hexRunSpans } from '../fixtures/hexRunSpans'
import { tempDir } from '../fixtures/seedWriters'

let cleanup: () => void
let opened: OpenedSource
const T0 = HEX_RUN_T0

beforeAll(async () => {
  let dir: string
  ;({ dir, cleanup } = tempDir('ts-cohort-query-'))
  const file = path.join(dir, 'runs.db')
  const store = await storeWith(file, [
    ...richRecords(),
    ...comparedRunsRecords(),
    ...hexRunSpans(),
  ])
  await store.flush() // the full-text index catches up before the read-only open
  await store.close()
  opened = openSource(file, { noFollow: true })
})
afterAll(() => {
  opened.close()
  cleanup()
})

const selections: Array<[string, Selection]> = [
  ['failed', { kind: 'failed' }],
  ['slowest 10 %', { kind: 'slowest', percent: 10 }],
  ['slowest 50 %', { kind: 'slowest', percent: 50 }],
  ['sessions', { kind: 'sessions', sessionIds: ['hex-run', 'run-alpha', 'no-such-run'] }],
  ['where on the row', { kind: 'where', where: 'agent:coder duration>=100' }],
  ['where on the attributes', { kind: 'where', where: 'model:gpt-4o* tokens>1000' }],
  ['where with not', { kind: 'where', where: 'not attr.region:eu' }],
  ['where with free text', { kind: 'where', where: '"quota" or agent:coder' }],
]

describe('cohort (the store pass)', () => {
  it.each(selections)('%s: the same answer as folding listSpans', (_, selection) => {
    const q = opened.queries
    expect(q.cohort).toBeTypeOf('function')
    // the same source seen without its own pass: readCohort folds listSpans
    const generic = Object.create(q, { cohort: { value: undefined } }) as TraceQueries
    const requests: CohortRequest[] = [
      { selection },
      { selection, name: 'llm.chat', limit: 50 },
      { selection, since: T0 + 10_000 },
    ]
    for (const req of requests) {
      const fast = q.cohort!(req)
      const slow = readCohort(generic, req)
      expect(fast.selection + fast.baseline).toBeGreaterThan(0)
      expect(fast).toEqual(slow)
    }
  })

  it('answers nothing for a span name the file does not have', () => {
    expect(
      opened.queries.cohort!({ selection: { kind: 'slowest', percent: 5 }, name: 'nope' }),
    ).toEqual({ selection: 0, baseline: 0, attributes: [], thresholdMs: null })
  })
})
