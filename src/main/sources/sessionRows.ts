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

/** A source's own session status words, by the domain status they mean (lower case). */
const STATUS_WORDS: Record<Exclude<SessionStatus, 'unknown'>, string[]> = {
  failed: ['failed', 'error', 'errored', 'crashed', 'failure', 'timeout', 'cancelled'],
  completed: ['completed', 'complete', 'success', 'succeeded', 'done', 'finished', 'ok'],
  running: ['active', 'running', 'started', 'spawned', 'in_progress', 'pending'],
}

/**
 * A source's own session status word → the domain's; null when the source recorded none (then
 * shared/sessionStatusRule.ts decides).
 */
export function mapSessionStatus(raw: string | null | undefined): SessionStatus | null {
  const s = (raw ?? '').toLowerCase()
  for (const [status, words] of Object.entries(STATUS_WORDS))
    if (words.includes(s)) return status as SessionStatus
  return s ? 'unknown' : null
}

/**
 * SQL over `g.status_raw` true for every row that may show `status`: its own word maps to it,
 * or it has none (the rule derives it, so the row is checked after mapping). Built from the same
 * words as mapSessionStatus, so the filter and what is shown cannot drift apart.
 */
function statusPrefilter(status: SessionStatus): { sql: string; params: string[] } {
  const none = "COALESCE(g.status_raw, '') = ''"
  if (status === 'unknown') {
    const all = Object.values(STATUS_WORDS).flat()
    return {
      sql: `(${none} OR lower(g.status_raw) NOT IN (${all.map(() => '?').join(', ')}))`,
      params: all,
    }
  }
  const words = STATUS_WORDS[status]
  return {
    sql: `(${none} OR lower(g.status_raw) IN (${words.map(() => '?').join(', ')}))`,
    params: words,
  }
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
  /**
   * g.status_raw holds the source's own status word (mapSessionStatus), so the status filter
   * narrows in SQL first; without it every status is derived and only the mapped rows are checked
   */
  ownStatus?: boolean
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
  if (q.status && spec.ownStatus) {
    const pre = statusPrefilter(q.status)
    where.push(pre.sql)
    params.push(...pre.params)
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
  // derived statuses are computed, not stored: the filter matches the status shown, checked on
  // the page after mapping (documented: pages may be short)
  if (q.status) items = items.filter((s) => s.status === q.status)
  return { items, nextCursor: page.nextCursor }
}
