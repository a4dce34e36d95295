// ColumnsReadAhead on a real store: the page after the one answered is read at once, answered
// from there when it is asked for, and read again when the file changed in between or another
// query came first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SpanQuery } from '../../src/shared/queries'
import { columnsToSpans } from '../../src/shared/contract/spanColumns'
import { ColumnsReadAhead, type ReadAheadSource } from '../../src/main/service/columnsReadAhead'
import { openTempStore, T0, type TempStore } from '../store/storeTestUtils'

let t: TempStore
beforeAll(async () => {
  t = openTempStore()
  await t.store.write([
    { kind: 'session', id: 's1', startTime: T0 },
    ...Array.from({ length: 25 }, (_, i) => ({
      kind: 'span' as const,
      sessionId: 's1',
      spanId: `span-${String(i).padStart(2, '0')}`,
      name: 'op',
      startTime: T0 + i,
      endTime: T0 + i + 1,
    })),
  ])
})
afterAll(async () => t.cleanup())

/** the store, counting the reads */
function source(): ReadAheadSource & { reads: SpanQuery[] } {
  const reads: SpanQuery[] = []
  return {
    reads,
    read: (q) => {
      reads.push(q)
      return t.store.listSpanColumns(q)
    },
    token: () => t.store.changeToken(),
  }
}

/** runs what was put off when told to, as the worker's next turn would */
function laterQueue(): { later: (fn: () => void) => void; run: () => void } {
  const queue: Array<() => void> = []
  return {
    later: (fn) => queue.push(fn),
    run: () => {
      while (queue.length) queue.shift()!()
    },
  }
}

const ids = (c: Parameters<typeof columnsToSpans>[0]) => columnsToSpans(c).map((s) => s.spanId)

describe('ColumnsReadAhead', () => {
  it('answers the next page from what it read ahead, the same spans as reading it then', () => {
    const q = laterQueue()
    const ahead = new ColumnsReadAhead(q.later)
    const src = source()
    const first = ahead.page('a', { sessionId: 's1', order: 'asc', limit: 10 }, src)
    expect(src.reads).toHaveLength(1)
    q.run()
    expect(src.reads).toHaveLength(2)
    // keys in another order are the same query
    const second = ahead.page(
      'a',
      { limit: 10, cursor: first.nextCursor, order: 'asc', sessionId: 's1' },
      src,
    )
    expect(src.reads).toHaveLength(2)
    expect(ids(second)).toEqual(
      ids(
        t.store.listSpanColumns({
          sessionId: 's1',
          order: 'asc',
          limit: 10,
          cursor: first.nextCursor,
        }),
      ),
    )
    q.run()
    const third = ahead.page(
      'a',
      { sessionId: 's1', order: 'asc', limit: 10, cursor: second.nextCursor },
      src,
    )
    expect(third.nextCursor).toBeNull()
    expect([...ids(first), ...ids(second), ...ids(third)]).toHaveLength(25)
    // the last page has no next one to read
    q.run()
    expect(src.reads).toHaveLength(3)
  })

  it('reads again when the file changed after it read ahead', async () => {
    const q = laterQueue()
    const ahead = new ColumnsReadAhead(q.later)
    const src = source()
    const first = ahead.page('a', { sessionId: 's1', order: 'asc', limit: 20 }, src)
    q.run()
    await t.store.write([
      { kind: 'span', sessionId: 's1', spanId: 'span-late', name: 'op', startTime: T0 + 30 },
    ])
    const second = ahead.page(
      'a',
      { sessionId: 's1', order: 'asc', limit: 20, cursor: first.nextCursor },
      src,
    )
    expect(src.reads).toHaveLength(3)
    expect(ids(second)).toContain('span-late')
  })

  it('drops a page read ahead for another query, another source or a closed one', () => {
    const q = laterQueue()
    const ahead = new ColumnsReadAhead(q.later)
    const src = source()
    const first = ahead.page('a', { sessionId: 's1', order: 'asc', limit: 5 }, src)
    q.run()
    ahead.page('b', { sessionId: 's1', order: 'asc', limit: 5, cursor: first.nextCursor }, src)
    expect(src.reads).toHaveLength(3)
    // a read put off, then the source closed: it never runs
    ahead.forget('b')
    q.run()
    expect(src.reads).toHaveLength(3)
  })
})
