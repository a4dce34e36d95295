// Grouped span statistics of any source: its spans read page by page (the window and session
// narrow the read), folded into StatsAccumulator.
import type { Span } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import { MAX_PAGE } from '../../shared/queries'
import {
  StatsAccumulator,
  type StatsRequest,
  type StatsResult,
} from '../../shared/stats/groupStats'

import { allPages } from '../exchange/paging'

export type { StatsRequest, StatsResult }

/** how many of a group's slowest spans are answered */
export const SLOWEST_SPANS = 100

const slower = (a: Span, b: Span): number => (b.durationMs ?? -1) - (a.durationMs ?? -1)

export function readStats(
  q: TraceQueries,
  req: StatsRequest,
  progress?: (n: number) => void,
): StatsResult {
  // a source that can aggregate its own rows does (the slowest spans need whole spans); it may
  // leave a filter to listSpans, the one place each source applies SpanQuery.where
  const own = q.groupStats && req.slowestOf === undefined ? q.groupStats(req) : null
  if (own) return own
  // a session's name is its workflow / pipeline / run name; read once per session
  const names = new Map<string, string | null>()
  const workflowOf = (id: string): string | null => {
    if (!names.has(id)) names.set(id, q.getSession(id)?.name ?? null)
    return names.get(id)!
  }
  const acc = new StatsAccumulator({ groupBy: req.groupBy, workflowOf, windowMs: req.windowMs })
  let slowest: Span[] | null = req.slowestOf === undefined ? null : []
  for (const page of allPages(
    (cursor, limit) =>
      q.listSpans({
        sessionId: req.sessionId,
        since: req.since,
        until: req.until,
        where: req.where,
        order: 'asc',
        cursor,
        limit,
      }),
    MAX_PAGE,
  )) {
    for (const s of page) {
      const key = acc.add(s)
      if (slowest && key === req.slowestOf) {
        slowest.push({ ...s, attributes: {} })
        // keep memory bounded on a huge group: cut back to the slowest whenever it doubles
        if (slowest.length >= 2 * SLOWEST_SPANS)
          slowest = slowest.sort(slower).slice(0, SLOWEST_SPANS)
      }
    }
    progress?.(acc.spans)
  }
  return {
    spans: acc.spans,
    groups: acc.result(),
    ...(slowest && { slowest: slowest.sort(slower).slice(0, SLOWEST_SPANS) }),
  }
}
