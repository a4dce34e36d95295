import type { Span } from '../../src/shared/domain'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'

export function span(
  id: string,
  parent: string | null,
  start: number,
  end: number | null,
  extra: Partial<Span> = {},
): Span {
  return {
    sessionId: 's1',
    traceId: 't1',
    spanId: id,
    parentSpanId: parent,
    name: extra.name ?? id,
    kind: 'internal',
    agentId: null,
    startTime: start,
    endTime: end,
    durationMs: end == null ? null : end - start,
    status: 'unset',
    statusMessage: null,
    attributes: {},
    ...extra,
  }
}

/** A small tree with every shape the timeline meets: nesting, out-of-order children, an
 * orphan and a parent loop. */
export function sampleTable() {
  // root ─┬─ a ── a1
  //       └─ b           (b starts before a: children are in start order)
  // orphan x (parent missing), loop p ⇄ q
  return appendSpans(emptyTable(2), [
    span('root', null, 0, 100),
    span('a', 'root', 20, 50),
    span('a1', 'a', 25, 30),
    span('b', 'root', 10, 90, { status: 'error' }),
    span('x', 'missing', 5, 6),
    span('p', 'q', 70, 71),
    span('q', 'p', 72, 73),
  ])
}

export const idsAt = (t: ReturnType<typeof sampleTable>, rows: ArrayLike<number>) =>
  Array.from(rows, (i) => t.ids[i])
