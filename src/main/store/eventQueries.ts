// Events and log lines of a session (events_session_time range scan) or across sessions.
import type { TraceEvent } from '../../shared/domain'
import type { EventQuery, Page } from '../../shared/queries'
import { clampLimit, decodeCursor, pageOf } from './cursor'
import { encodeId } from './payloadCodec'
import { likePattern } from '../sources/sqlText'
import { type QueryContext, Where } from './queryContext'
import { rowToEvent, type EventRow } from './rowMappers'

export function listEvents(ctx: QueryContext, q: EventQuery): Page<TraceEvent> {
  const limit = clampLimit(q.limit)
  const where = new Where()
  const empty = { items: [], nextCursor: null }
  if (q.sessionId !== undefined) {
    const sid = ctx.sidOf(q.sessionId)
    if (sid === null) return empty
    where.add('e.session = ?', sid)
  }
  if (q.since !== undefined) where.add('e.time >= ?', q.since)
  if (q.until !== undefined) where.add('e.time <= ?', q.until)
  if (q.spanId !== undefined) where.add('e.span_id = ?', encodeId(q.spanId))
  if (q.agentId !== undefined) {
    const agent = ctx.dict.find(q.agentId)
    if (agent === null) return empty
    where.add('e.agent = ?', agent)
  }
  if (q.level !== undefined) {
    const level = ctx.dict.find(q.level)
    if (level === null) return empty
    where.add('e.level = ?', level)
  }
  const text = q.text?.trim()
  if (text) {
    // name is a dictionary id: match its value; LIKE ignores ASCII case, as the Logs filter does
    const p = likePattern(text)
    where.add(
      "(e.message LIKE ? ESCAPE '\\' OR e.name IN (SELECT id FROM dict WHERE value LIKE ? ESCAPE '\\'))",
      p,
      p,
    )
  }
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset('e.time', 'e.rowid', true, cursor[0], cursor[1])
  const sql = `SELECT e.rowid AS rowid, ss.id AS session_id, e.* FROM events e
    JOIN sessions ss ON ss.sid = e.session ${where.sql()} ORDER BY e.time DESC, e.rowid DESC LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as EventRow[]
  return pageOf(
    rows,
    limit,
    (r) => rowToEvent(r, ctx.dict),
    (r) => [r.time, r.rowid],
  )
}
