// Tokens and cost of sessions in files Tracescope only reads and that keep no running totals:
// other tools' files, and Tracescope stores from before schema v5 opened read-only (they are
// never migrated). The totals are computed when sessions are read, from the sessions' spans,
// within a budget, so a sessions page costs about the same whatever the sessions hold:
//  - at most SPANS_PER_SESSION spans of one session (one page of spans, oldest first);
//  - at most SPANS_PER_CALL spans for one call (a page of sessions), in the page's order.
// A session read only in part gets `partial: true` (its figures are a lower bound); a session
// past the budget gets no `usage` at all, as a session without token counts does.
// Most files of other tools carry no token counts at all (Claude-Flow, ddeutil-workflow): once
// PROBE_SPANS spans of a page were read without a single count, the call stops, and the opened
// source stops looking until it is opened again, so its sessions list costs what it did.
import type { Session } from '../../shared/domain'
import { activePrices, type PriceTable } from '../../shared/genai/pricing'
import { readTimeRollup, type UsageRollup } from '../../shared/genai/usageRollup'
import { rollUp } from '../../shared/genai/usageTotals'
import type { Page, SessionQuery, TraceQueries } from '../../shared/queries'

export const SPANS_PER_SESSION = 5_000
export const SPANS_PER_CALL = 10_000
export const PROBE_SPANS = 1_000

/** What one opened source has shown so far. */
export interface ReadTimeState {
  /** a probe found no token count: read-time usage is off for this source */
  noTokens: boolean
}

/** Sets `usage` on the sessions, in order, until the budget is spent. */
export function attachReadTimeUsage(
  source: Pick<TraceQueries, 'listSpans'>,
  sessions: Session[],
  table: PriceTable = activePrices(),
  budget = SPANS_PER_CALL,
  state: ReadTimeState = { noTokens: false },
): Session[] {
  let left = budget
  let read = 0
  let found = false
  return sessions.map((s) => {
    if (s.usage || left <= 0 || s.spanCount === 0 || state.noTokens) return s
    const limit = Math.min(SPANS_PER_SESSION, left)
    const page = source.listSpans({ sessionId: s.id, limit, withAttributes: true })
    left -= page.items.length
    read += page.items.length
    const { session } = rollUp(page.items, table)
    if (session.calls === 0) {
      if (!found && read >= PROBE_SPANS) state.noTokens = true
      return s
    }
    found = true
    if (page.nextCursor) session.partial = true
    return { ...s, usage: session }
  })
}

/** `source` with read-time usage on its sessions (the source itself is left as it is). */
export function withReadTimeUsage<Q extends TraceQueries>(source: Q, table?: PriceTable): Q {
  const queries = Object.create(source) as Q
  const state: ReadTimeState = { noTokens: false }
  queries.listSessions = (q: SessionQuery): Page<Session> => {
    const page = source.listSessions(q)
    return {
      ...page,
      items: attachReadTimeUsage(source, page.items, table, SPANS_PER_CALL, state),
    }
  }
  queries.getSession = (id: string): Session | null => {
    const s = source.getSession(id)
    return s ? attachReadTimeUsage(source, [s], table, SPANS_PER_CALL, state)[0] : null
  }
  queries.usageRollup = (sessionId?: string): UsageRollup =>
    state.noTokens
      ? readTimeRollup([], table ?? activePrices(), false)
      : source.usageRollup(sessionId)
  return queries
}

/**
 * One session's rollups (or the file's, without a session) from its first page of spans: what
 * `usageRollup` answers for a file Tracescope keeps no totals for. Partial past that page.
 */
export function readTimeUsageRollup(
  source: Pick<TraceQueries, 'listSpans'>,
  sessionId: string | undefined,
  table: PriceTable = activePrices(),
): UsageRollup {
  const page = source.listSpans({ sessionId, limit: SPANS_PER_SESSION, withAttributes: true })
  return readTimeRollup(page.items, table, page.nextCursor !== null)
}
