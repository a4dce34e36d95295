// Events and log lines of a session (events_session_time range scan) or across sessions.
import type { TraceEvent } from '../../shared/domain'
import type { EventQuery, Page } from '../../shared/queries'
import { clampLimit, decodeCursor, pageOf } from './cursor'
import { encodeId } from './payloadCodec'
import { likePattern } from '../sources/sqlText'
import { type QueryContext, Where } from './queryContext'
import { rowToEvent, type EventRow } from './rowMappers'
import { toneLevels } from '../../shared/levelTone'

/**
 * The line's agent: its own, else its span's (a token.stream event under an llm.chat span belongs
 * to the span's agent). Spans are indexed by session and start time: reading back from the
 * event's time finds its span within a few index entries. Shown and filtered by the same value.
 */
const AGENT = `coalesce(e.agent, (SELECT sp.agent FROM spans sp WHERE sp.session = e.session
  AND sp.start_time <= e.time AND sp.span_id = e.span_id ORDER BY sp.start_time DESC LIMIT 1))`

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
    where.add(`${AGENT} = ?`, agent)
  }
  if (q.level !== undefined) {
    const level = ctx.dict.find(q.level)
    if (level === null) return empty
    where.add('e.level = ?', level)
  }
  if (q.levelTone !== undefined) {
    // levels are dictionary ids: look up the group's levels (in the spellings writers use) by the
    // dictionary's value index instead of lower-casing every value of the dictionary
    const t = toneLevels(q.levelTone)
    const ids = (levels: ReadonlyArray<string>): number[] =>
      spellings(levels).flatMap((v) => ctx.dict.find(v) ?? [])
    if ('in' in t) {
      const group = ids(t.in)
      if (group.length === 0) return empty
      where.add(`e.level IN (${group.map(() => '?').join(', ')})`, ...group)
    } else {
      const others = [...ids(t.notIn), ...ids([''])]
      where.add(
        `e.level IS NOT NULL${others.length ? ` AND e.level NOT IN (${others.map(() => '?').join(', ')})` : ''}`,
        ...others,
      )
    }
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
  const sql = `SELECT e.rowid AS rowid, ss.id AS session_id, e.time, e.id, e.span_id,
    ${AGENT} AS agent, e.name, e.level, e.message, e.attributes FROM events e
    JOIN sessions ss ON ss.sid = e.session ${where.sql()} ORDER BY e.time DESC, e.rowid DESC LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as EventRow[]
  return pageOf(
    rows,
    limit,
    (r) => rowToEvent(r, ctx.dict),
    (r) => [r.time, r.rowid],
  )
}

/** a level as writers spell it: error, ERROR, Error */
function spellings(levels: ReadonlyArray<string>): string[] {
  return [
    ...new Set(levels.flatMap((l) => [l, l.toUpperCase(), l.charAt(0).toUpperCase() + l.slice(1)])),
  ]
}
