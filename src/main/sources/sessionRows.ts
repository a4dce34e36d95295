// Sessions of foreign files: either a real table (Claude-Flow `sessions`, flujo `runs`) or derived by
// grouping rows on the source's own session key (ddeutil run_id, the session-keyed trace store's session_uid). Derived
// sessions are aggregated over the most recent SCAN_CAP rows only, so listing stays bounded on
// files of any size; getSession aggregates one session exactly through the key's index.
import type Database from 'better-sqlite3'
import type { Session, SessionStatus } from '../../shared/domain'
import type { Page, SessionQuery } from '../../shared/queries'
import { keysetPage } from './pagedQuery'
import { likePattern } from './sqlText'
import { boundFor, toMillis, type TimeColumn } from './timeParse'
import {
  deriveSessionStatus,
  sessionIsLive,
  sessionQuietMs,
  type RootSpanState,
} from '../../shared/sessionStatusRule'

/** The columns every session subquery yields (raw times in the file's own format). */
export interface SessionAggRow {
  id: string
  name: string | null
  status_raw: string | null
  start_raw: unknown
  end_raw: unknown
  last_raw: unknown
  span_count: number | null
  error_count: number | null
  unresolved_count: number | null
  agent_count: number | null
  attrs?: unknown
  [k: string]: unknown
}

/**
 * A source's own session status word → the domain's; null when the source recorded none (then
 * shared/sessionStatusRule.ts decides).
 */
export function mapSessionStatus(raw: string | null | undefined): SessionStatus | null {
  const s = (raw ?? '').toLowerCase()
  if (['failed', 'error', 'errored', 'crashed', 'failure', 'timeout', 'cancelled'].includes(s))
    return 'failed'
  if (['completed', 'complete', 'success', 'succeeded', 'done', 'finished', 'ok'].includes(s))
    return 'completed'
  if (['active', 'running', 'started', 'spawned', 'in_progress', 'pending'].includes(s))
    return 'running'
  return s ? 'unknown' : null
}

/**
 * `openEnded`: the source records no end (a log grouped by run id): the last record is the end,
 * unless it was written within the quiet time — then the session is still running.
 * `root`: the session's root span state when the adapter knows it (sessionStatusRule.ts).
 */
export function rowToSession(
  r: SessionAggRow,
  attributes: Record<string, unknown> = {},
  opts: { openEnded?: boolean; now?: number; root?: RootSpanState | null } = {},
): Session {
  const now = opts.now ?? Date.now()
  const start = toMillis(r.start_raw)
  const last = toMillis(r.last_raw) ?? toMillis(r.end_raw) ?? start
  const recent = last !== null && now - last < sessionQuietMs()
  const end = opts.openEnded && recent ? null : toMillis(r.end_raw)
  const errors = Number(r.error_count ?? 0)
  const status =
    mapSessionStatus(r.status_raw) ??
    deriveSessionStatus({
      root: opts.root ?? null,
      errorCount: errors,
      lastActivity: last,
      // null: the source did not count them
      spanCount:
        r.span_count === null || r.span_count === undefined ? undefined : Number(r.span_count),
      now,
    })
  return {
    id: String(r.id),
    name: r.name === null || r.name === undefined ? null : String(r.name),
    status,
    startTime: start,
    endTime: end,
    durationMs: start !== null && end !== null ? end - start : null,
    spanCount: Number(r.span_count ?? 0),
    errorCount: errors,
    unresolvedErrorCount: Number(r.unresolved_count ?? errors),
    agentCount: Number(r.agent_count ?? 0),
    live: sessionIsLive({ status, endTime: end, lastActivity: last }, now),
    lastActivity: last,
    attributes,
  }
}

export interface SessionListSpec {
  /** FROM body yielding SessionAggRow columns, aliased `g` */
  from: string
  params: unknown[]
  /** format of start_raw/last_raw, for since/until bounds */
  time: TimeColumn
  /** SQL values of each domain status in the source (for the status filter); omit when derived */
  statusValues?: Partial<Record<SessionStatus, string[]>>
  what: string
}

/** Pages a session subquery with the domain's filters and sorts (keyset on the sort key + id). */
export function pageSessions(
  db: Database.Database,
  file: string,
  spec: SessionListSpec,
  q: SessionQuery,
  toSession: (r: SessionAggRow) => Session,
): Page<Session> {
  const where: string[] = []
  const params: unknown[] = [...spec.params]
  if (q.text) {
    where.push(`(g.id LIKE ? ESCAPE '\\' OR g.name LIKE ? ESCAPE '\\')`)
    params.push(likePattern(q.text), likePattern(q.text))
  }
  if (q.since !== undefined) {
    // a session with no end is still going on: it overlaps any `since`
    where.push('(g.end_raw IS NULL OR COALESCE(g.last_raw, g.end_raw) >= ?)')
    params.push(boundFor(q.since, spec.time))
  }
  if (q.until !== undefined) {
    where.push('g.start_raw <= ?')
    params.push(boundFor(q.until, spec.time))
  }
  if (q.status && spec.statusValues) {
    const values = spec.statusValues[q.status] ?? []
    if (values.length === 0) return { items: [], nextCursor: null }
    where.push(`lower(g.status_raw) IN (${values.map(() => '?').join(', ')})`)
    params.push(...values)
  }
  const sortKey: Record<NonNullable<SessionQuery['sort']>, string> = {
    lastActivity: 'COALESCE(g.last_raw, g.end_raw, g.start_raw)',
    startTime: 'g.start_raw',
    duration: 'COALESCE(g.end_raw - g.start_raw, -1)',
    spans: 'COALESCE(g.span_count, 0)',
    errors: 'COALESCE(g.error_count, 0)',
    name: "COALESCE(g.name, '')",
  }
  const sort = q.sort ?? 'lastActivity'
  const page = keysetPage<SessionAggRow>(db, file, {
    columns: 'g.*',
    from: spec.from,
    where,
    params,
    keys: [sortKey[sort], 'g.id'],
    desc: (q.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'desc',
    limit: q.limit,
    cursor: q.cursor,
    what: spec.what,
  })
  let items = page.rows.map(toSession)
  // derived statuses are computed, not stored: filter the page (documented: pages may be short)
  if (q.status && !spec.statusValues) items = items.filter((s) => s.status === q.status)
  return { items, nextCursor: page.nextCursor }
}
