// Following spans. New rows: sources expose no insertion order, only time, so each poll reads
// spans ordered by start time from (newest start seen − overlap) and drops those already shown,
// keyed by (sessionId, spanId) with an end/status fingerprint (a span that later ends is shown
// again, as updated). Late rows: a span that starts long before the newest one (e.g. an agent's
// lifetime span written when it ends) falls before the window. For every session the tail knows
// completely (the --session one, sessions that were live at start, sessions born while tailing)
// the session's span count is compared with what was shown; a shortfall triggers a re-read of
// that session, which finds the late spans. Sessions with older history only get the window.
import type { Span } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import { SeenSpans } from './seenSpans'
import { spanRecord, type TailRecord } from './tailRecord'
import type { Follower } from './windowFollower'

const PAGE = 2000
/** spans remembered before old ones outside the window are forgotten */
const PRUNE_ABOVE = 200_000
/** past this, only the --session one stays tracked completely */
const MAX_TRACKED = 1_000_000

export interface SpanFollowerOptions {
  sessionId?: string
  overlapMs: number
  /** how many most-recently-active sessions are reconciled per poll without --session */
  reconcileSessions: number
}

export function spanFollower(opts: SpanFollowerOptions, stats: { rescans: number }): Follower {
  const seen = new SeenSpans()
  const add = (s: Span, out: TailRecord[]): void => {
    const known = seen.knows(s)
    if (seen.add(s)) out.push(spanRecord(s, known))
  }
  return {
    start(q) {
      const out: TailRecord[] = []
      if (opts.sessionId) {
        for (const s of readAll(q, opts.sessionId, undefined)) add(s, out)
        seen.markComplete(opts.sessionId)
        return out
      }
      // the live sessions are read whole so their late spans can be reconciled; the rest only
      // contributes its newest window
      const live = q
        .listSessions({ sort: 'lastActivity', order: 'desc', limit: opts.reconcileSessions })
        .items.filter((s) => s.live)
      for (const s of live) {
        for (const span of readAll(q, s.id, undefined)) add(span, out)
        seen.markComplete(s.id)
      }
      const newest = q.listSpans({ order: 'desc', limit: 1 }).items[0]
      if (newest)
        for (const span of readAll(q, undefined, newest.startTime - opts.overlapMs)) add(span, out)
      return out
    },
    poll(q) {
      const since = Number.isFinite(seen.watermark) ? seen.watermark - opts.overlapMs : undefined
      const fresh: TailRecord[] = []
      const newSessions = new Set<string>()
      for (const s of readAll(q, opts.sessionId, since)) {
        if (!seen.has(s.sessionId)) newSessions.add(s.sessionId)
        add(s, fresh)
      }
      // reconcile counts: find spans that started before the window
      const toCheck = opts.sessionId
        ? [q.getSession(opts.sessionId)].filter((s) => s !== null)
        : q.listSessions({ sort: 'lastActivity', order: 'desc', limit: opts.reconcileSessions })
            .items
      for (const session of toCheck) {
        if (newSessions.has(session.id) && session.spanCount <= seen.count(session.id))
          seen.markComplete(session.id)
        if (!seen.isComplete(session.id) || session.spanCount <= seen.count(session.id)) continue
        stats.rescans++
        for (const s of readAll(q, session.id, undefined)) add(s, fresh)
      }
      if (seen.tracked > PRUNE_ABOVE)
        seen.prune(seen.watermark - 2 * opts.overlapMs, MAX_TRACKED, opts.sessionId)
      return fresh
    },
  }
}

/** Reads every span of a query, page by page (each page its own complete statement). */
function readAll(
  q: TraceQueries,
  sessionId: string | undefined,
  since: number | undefined,
): Span[] {
  const out: Span[] = []
  let cursor: string | null = null
  do {
    const page = q.listSpans({ sessionId, since, order: 'asc', limit: PAGE, cursor })
    for (const s of page.items) out.push(s)
    cursor = page.nextCursor
  } while (cursor)
  return out
}
