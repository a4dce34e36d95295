// Grouped span statistics of any source: its spans read page by page (the window and session
// narrow the read), folded into StatsAccumulator.
import type { TraceQueries } from '../../shared/queries'
import { MAX_PAGE } from '../../shared/queries'
import { StatsAccumulator, type GroupBy, type GroupStats } from '../../shared/stats/groupStats'
import { allPages } from '../exchange/paging'

export interface StatsRequest {
  groupBy: GroupBy
  since?: number
  until?: number
  sessionId?: string
  windowMs?: number
}

export interface StatsResult {
  spans: number
  groups: GroupStats[]
}

export function readStats(
  q: TraceQueries,
  req: StatsRequest,
  progress?: (n: number) => void,
): StatsResult {
  // a session's name is its workflow / pipeline / run name; read once per session
  const names = new Map<string, string | null>()
  const workflowOf = (id: string): string | null => {
    if (!names.has(id)) names.set(id, q.getSession(id)?.name ?? null)
    return names.get(id)!
  }
  const acc = new StatsAccumulator({ groupBy: req.groupBy, workflowOf, windowMs: req.windowMs })
  for (const page of allPages(
    (cursor, limit) =>
      q.listSpans({
        sessionId: req.sessionId,
        since: req.since,
        until: req.until,
        order: 'asc',
        cursor,
        limit,
      }),
    MAX_PAGE,
  )) {
    for (const s of page) acc.add(s)
    progress?.(acc.spans)
  }
  return { spans: acc.spans, groups: acc.result() }
}
