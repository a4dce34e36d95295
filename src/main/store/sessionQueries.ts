// Session list and lookup. Everything comes from the `sessions` row and its aggregates, so the
// list costs the same whether sessions hold ten spans or a million.
import type { Session } from '../../shared/domain'
import type { Page, SessionQuery } from '../../shared/queries'
import { clampLimit, decodeCursor, pageOf } from './cursor'
import { type QueryContext, Where } from './queryContext'
import { rowToSession, type SessionRow } from './rowMappers'
import { foldRoots, type RootSpanState } from '../../shared/sessionStatusRule'
import { attachUsage } from './sessionUsage'

// every sort key is made non-null so keyset comparison is total
const SORT_KEYS: Record<NonNullable<SessionQuery['sort']>, string> = {
  lastActivity: 'coalesce(last_time, -1e300)',
  startTime: 'coalesce(start_time, first_time, -1e300)',
  duration: 'coalesce(coalesce(end_time, last_time) - coalesce(start_time, first_time), -1e300)',
  spans: 'span_count',
  errors: 'error_count',
  name: 'coalesce(name, id)',
}

export function listSessions(ctx: QueryContext, q: SessionQuery): Page<Session> {
  const limit = clampLimit(q.limit)
  const sort = q.sort ?? 'lastActivity'
  const key = SORT_KEYS[sort]
  if (!key) throw new Error(`unknown session sort: ${String(sort)}`)
  const desc = (q.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'desc'
  const where = new Where()
  if (q.text) {
    const needle = q.text.toLowerCase()
    where.add(
      "(instr(lower(id), ?) > 0 OR instr(lower(coalesce(name, '')), ?) > 0)",
      needle,
      needle,
    )
  }
  // a session stored as 'unknown' gets its status from the rule (rowToSession): keep those for the
  // page and filter after deriving (a filtered page may then be short; the cursor stays valid)
  if (q.status) where.add("(status = ? OR status = 'unknown')", q.status)
  if (q.since !== undefined) where.add('coalesce(end_time, last_time, start_time) >= ?', q.since)
  if (q.until !== undefined) where.add('coalesce(start_time, first_time, end_time) <= ?', q.until)
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset(key, 'sid', desc, cursor[0], cursor[1])
  const dir = desc ? 'DESC' : 'ASC'
  const sql = `SELECT *, ${key} AS sort_key FROM sessions ${where.sql()}
    ORDER BY sort_key ${dir}, sid ${dir} LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as Array<
    SessionRow & { sort_key: number | string }
  >
  const now = Date.now()
  const page = pageOf(
    rows,
    limit,
    (r) => rowToSession(r, now, r.status === 'unknown' ? rootState(ctx, r.sid) : null),
    (r) => [r.sort_key, r.sid],
  )
  attachUsage(
    ctx,
    page.items.map((session, i) => ({ sid: rows[i].sid, session })),
  )
  return q.status ? { ...page, items: page.items.filter((s) => s.status === q.status) } : page
}

/** how many of a session's first spans (in start order) are searched for its root spans */
const ROOT_PROBE = 2_000

/**
 * The session's root spans (no parent), folded: read from its first ROOT_PROBE spans in start
 * order through the (session, start_time) index, where a root starts — bounded on any session.
 */
export function rootState(ctx: QueryContext, sid: number): RootSpanState | null {
  const rows = ctx
    .stmt(
      `SELECT end_time IS NOT NULL AS ended, status FROM (
         SELECT end_time, status, parent_id FROM spans WHERE session = ?
         ORDER BY start_time LIMIT ${ROOT_PROBE}) WHERE parent_id IS NULL LIMIT 100`,
    )
    .all(sid) as Array<{ ended: number; status: number }>
  return foldRoots(
    rows.map((r) => ({
      ended: r.ended === 1,
      status: r.status === 2 ? 'error' : r.status === 1 ? 'ok' : 'unset',
    })),
  )
}

export function getSession(ctx: QueryContext, id: string): Session | null {
  const row = ctx.stmt('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined
  if (!row) return null
  const session = rowToSession(
    row,
    Date.now(),
    row.status === 'unknown' ? rootState(ctx, row.sid) : null,
  )
  attachUsage(ctx, [{ sid: row.sid, session }])
  return session
}
