// Stats of one store file: size, rows per table, per-span-name durations, error rate.
import type { QueueCounters, SourceStats, SpanNameStats, StatsQuery } from '../../shared/queries'
import type { QueryContext } from './queryContext'
import { percentile } from '../../shared/stats/groupStats'

/** percentiles are taken over at most this many of the most recent spans in the window */
export const STATS_SPAN_SAMPLE = 200_000

const TABLES = [
  'sessions',
  'spans',
  'events',
  'errors',
  'agents',
  'messages',
  'tasks',
  'metrics',
  'memory',
]

export function stats(
  ctx: QueryContext,
  fileBytes: number,
  opts: StatsQuery = {},
  queue?: QueueCounters,
  now = Date.now(),
): SourceStats {
  const counts: Record<string, number> = {}
  for (const t of TABLES) counts[t] = ctx.stmt(`SELECT count(*) FROM ${t}`).pluck().get() as number
  const since = opts.hours !== undefined ? now - opts.hours * 3_600_000 : -Number.MAX_VALUE
  // one session: its rows of the (session, start_time) index; else the time index
  const sid = opts.sessionId === undefined ? undefined : (ctx.sidOf(opts.sessionId) ?? -1)
  const rows = (
    sid === undefined
      ? ctx
          .stmt(
            `SELECT name, status, end_time - start_time AS d FROM spans
       WHERE start_time >= ? ORDER BY start_time DESC LIMIT ?`,
            true,
          )
          .all(since, STATS_SPAN_SAMPLE)
      : ctx
          .stmt(
            `SELECT name, status, end_time - start_time AS d FROM spans
       WHERE session = ? AND start_time >= ? ORDER BY start_time DESC LIMIT ?`,
            true,
          )
          .all(sid, since, STATS_SPAN_SAMPLE)
  ) as Array<[number, number, number | null]>
  const byName = new Map<number, { count: number; errors: number; durations: number[] }>()
  let errorSpans = 0
  for (const [name, status, d] of rows) {
    let s = byName.get(name)
    if (!s) byName.set(name, (s = { count: 0, errors: 0, durations: [] }))
    s.count++
    if (status === 2) {
      s.errors++
      errorSpans++
    }
    if (d !== null) s.durations.push(d)
  }
  const spanNames: SpanNameStats[] = [...byName].map(([name, s]) => {
    s.durations.sort((a, b) => a - b)
    const sum = s.durations.reduce((a, b) => a + b, 0)
    return {
      name: ctx.dict.value(name),
      count: s.count,
      errorCount: s.errors,
      avgMs: s.durations.length ? sum / s.durations.length : null,
      p50Ms: percentile(s.durations, 50),
      p95Ms: percentile(s.durations, 95),
    }
  })
  spanNames.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
  const result: SourceStats = {
    kind: 'tracescope',
    fileBytes,
    counts,
    spanNames,
    errorRate: rows.length ? errorSpans / rows.length : 0,
  }
  if (queue) result.queue = { ...queue }
  return result
}
