// listSpanColumns: the timeline's columns page read straight from the rows must hold what
// listSpans gives for the same query (without attributes), in pages bigger than listSpans'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { columnsToSpans } from '../../src/shared/contract/spanColumns'
import { MAX_COLUMNS_PAGE, MAX_PAGE } from '../../src/shared/queries'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
const SPANS = MAX_PAGE + 1234

beforeAll(async () => {
  t = openTempStore()
  const records: TraceRecord[] = [{ kind: 'session', id: 's1', startTime: T0 }]
  records.push({ kind: 'session', id: 's2', startTime: T0 })
  for (let i = 0; i < SPANS; i++)
    records.push({
      kind: 'span',
      sessionId: 's1',
      // hex ids (stored as BLOBs) and text ids both
      spanId: i % 2 ? (0x1000 + i).toString(16).padStart(16, '0') : `text-${i}`,
      traceId: i % 3 ? '0123456789abcdef0123456789abcdef' : undefined,
      parentSpanId: i === 0 ? undefined : 'text-0',
      name: `op.${i % 7}`,
      agentId: i % 5 ? `agent-${i % 3}` : undefined,
      // ties in start time: the page order breaks them by span id
      startTime: T0 + Math.floor(i / 3),
      endTime: i % 11 ? T0 + i : undefined,
      status: i % 13 ? 'ok' : 'error',
      statusMessage: i % 13 ? undefined : `failed ${i}`,
      links: i === 7 ? [{ traceId: 'ab', spanId: 'text-2' }] : undefined,
      attributes: { n: i },
    })
  records.push({ kind: 'span', sessionId: 's2', spanId: 'other', name: 'x', startTime: T0 })
  await t.store.write(records)
})
afterAll(async () => t.cleanup())

/** every span of the session through listSpans' pages, without attributes */
function listed(query: { since?: number; order?: 'asc' | 'desc' }) {
  const out = []
  let cursor: string | null = null
  do {
    const p = t.store.listSpans({ sessionId: 's1', ...query, cursor, limit: MAX_PAGE })
    out.push(...p.items.map((s) => ({ ...s, attributes: {} })))
    cursor = p.nextCursor
  } while (cursor)
  return out
}

describe('listSpanColumns', () => {
  it('gives a whole session in one page bigger than listSpans allows, as listSpans has it', () => {
    const page = t.store.listSpanColumns({ sessionId: 's1', order: 'asc', limit: MAX_COLUMNS_PAGE })
    expect(page.count).toBe(SPANS)
    expect(page.nextCursor).toBeNull()
    expect(columnsToSpans(page)).toEqual(listed({ order: 'asc' }).map(withoutLinks))
    expect(page.linkedSpanIds).toEqual(['text-2'])
  })

  it('pages with the same cursors as listSpans, both ways and from a start time', () => {
    for (const query of [
      { order: 'asc' as const },
      { order: 'desc' as const },
      { since: T0 + 900 },
    ]) {
      const spans = []
      let cursor: string | null = null
      let pages = 0
      do {
        const p = t.store.listSpanColumns({ sessionId: 's1', ...query, cursor, limit: 1000 })
        spans.push(...columnsToSpans(p))
        cursor = p.nextCursor
        pages++
      } while (cursor)
      expect(spans).toEqual(listed(query).map(withoutLinks))
      expect(pages).toBe(Math.ceil(spans.length / 1000) + (spans.length % 1000 === 0 ? 1 : 0))
      const first = t.store.listSpans({ sessionId: 's1', ...query, limit: 1000 })
      const firstCols = t.store.listSpanColumns({ sessionId: 's1', ...query, limit: 1000 })
      expect(firstCols.nextCursor).toBe(first.nextCursor)
    }
  })

  it('answers an unknown session with an empty page', () => {
    const page = t.store.listSpanColumns({ sessionId: 'nope', limit: 10 })
    expect(page.count).toBe(0)
    expect(page.nextCursor).toBeNull()
  })
})

/** columnsToSpans gives spans without `links` (the page carries them apart) */
function withoutLinks<T extends { links?: unknown }>(s: T): Omit<T, 'links'> {
  const { links: _links, ...rest } = s
  return rest
}
