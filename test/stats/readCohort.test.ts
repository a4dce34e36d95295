// readCohort's filter selection on real files through the one read-only opener: the spans it
// selects are exactly those listSpans answers for the same SpanQuery.where — on Tracescope's
// store (where free text is its full-text index, whole words) and on a flujo file (read in JS) —
// and the baseline is every other span. Counts are written out from the fixtures' rows.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCohort } from '../../src/main/stats/readCohort'
import { allItems } from '../../src/main/exchange/paging'
import { openSource, type OpenedSource } from '../../src/main/sources/openSource'
import type { TraceQueries } from '../../src/shared/queries'
import { richRecords, storeWith } from '../exchange/exchangeHelpers'
import { tempDir, writeFlujoDb } from '../fixtures/seedWriters'

let cleanup: () => void
const opened: Record<'native' | 'flujo', OpenedSource> = {} as never

beforeAll(async () => {
  let dir: string
  ;({ dir, cleanup } = tempDir('ts-read-cohort-'))
  const native = path.join(dir, 'native.db')
  const store = await storeWith(native, richRecords())
  await store.flush() // the full-text index catches up before the read-only open
  await store.close()
  const flujo = path.join(dir, 'flujo.db')
  writeFlujoDb(flujo)
  opened.native = openSource(native, { noFollow: true })
  opened.flujo = openSource(flujo, { noFollow: true })
})
afterAll(() => {
  for (const o of Object.values(opened)) o.close()
  cleanup()
})

const listed = (q: TraceQueries, where?: string): number =>
  [...allItems((cursor, limit) => q.listSpans({ where, cursor, limit }))].length

describe('readCohort with a filter selection', () => {
  // richRecords: two runs of 12 spans; coder has #1 #3 #5 #7 #9, #5 failed with "tool failed:
  // ENOENT"; input tokens 10 × i
  it.each([
    ['agent:coder', 10],
    ['agent:coder status:error', 2],
    // i ≥ 6 but not the plan spans #6 and #9
    ['tokens>=60 not name:plan', 8],
    ['"ENOENT"', 2],
    // a part of a word: the store's full-text index matches whole words, so nothing
    ['ENOEN', 0],
  ])('on a Tracescope store, %s selects what listSpans lists', (where, selected) => {
    const q = opened.native.queries
    const r = readCohort(q, { selection: { kind: 'where', where } })
    expect(r.selection).toBe(selected)
    expect(r.selection).toBe(listed(q, where))
    expect(r.baseline).toBe(24 - selected)
  })

  it('narrows both sets to one span name', () => {
    const r = readCohort(opened.native.queries, {
      selection: { kind: 'where', where: 'agent:coder' },
      name: 'tool.call',
    })
    expect([r.selection, r.baseline]).toEqual([4, 4])
  })

  // flujo's run_00000001 has step_1..step_6 with tokens 10..50 (step_6 failed, "validation error")
  it.each(['status:error', 'name:step_* attr.tokens>=30', '"validation error"', 'validat'])(
    'on a flujo file, %s selects what listSpans lists',
    (where) => {
      const q = opened.flujo.queries
      const r = readCohort(q, { selection: { kind: 'where', where } })
      expect(r.selection).toBeGreaterThan(0)
      expect(r.selection).toBe(listed(q, where))
      expect(r.selection + r.baseline).toBe(listed(q))
    },
  )
})
