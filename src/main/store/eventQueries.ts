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
 * A line without an agent of its own belongs to its span's (a token.stream event under an
 * llm.chat span): filtered as one of the lines of that agent, and returned with it (spanAgents).
 * One read of the session's spans (the covering index holds the agent) per query.
 */
const AGENT_SESSION = `(e.agent = ? OR (e.agent IS NULL AND e.span_id IN
  (SELECT span_id FROM spans WHERE session = ? AND agent = ?)))`
/** across sessions, span by span */
const AGENT_ANY = `coalesce(e.agent, (SELECT sp.agent FROM spans sp WHERE sp.session = e.session
  AND sp.span_id = e.span_id LIMIT 1)) = ?`

export function listEvents(ctx: QueryContext, q: EventQuery): Page<TraceEvent> {
  const limit = clampLimit(q.limit)
  const where = new Where()
  const empty = { items: [], nextCursor: null }
  let sid: number | null = null
  if (q.sessionId !== undefined) {
    sid = ctx.sidOf(q.sessionId)
    if (sid === null) return empty
    where.add('e.session = ?', sid)
  }
  if (q.since !== undefined) where.add('e.time >= ?', q.since)
  if (q.until !== undefined) where.add('e.time <= ?', q.until)
  if (q.spanId !== undefined) where.add('e.span_id = ?', encodeId(q.spanId))
  if (q.agentId !== undefined) {
    const agent = ctx.dict.find(q.agentId)
    if (agent === null) return empty
    if (sid !== null) where.add(AGENT_SESSION, agent, sid, agent)
    else where.add(AGENT_ANY, agent)
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
  // newest first, or oldest first (the Logs tab's "jump to oldest"): the same index either way
  const desc = q.oldestFirst !== true
  const dir = desc ? 'DESC' : 'ASC'
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset('e.time', 'e.rowid', desc, cursor[0], cursor[1])
  const sql = `SELECT e.rowid AS rowid, ss.id AS session_id, e.* FROM events e
    JOIN sessions ss ON ss.sid = e.session ${where.sql()} ORDER BY e.time ${dir}, e.rowid ${dir} LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as SessionEventRow[]
  spanAgents(ctx, rows)
  return pageOf(
    rows,
    limit,
    (r) => rowToEvent(r, ctx.dict),
    (r) => [r.time, r.rowid],
  )
}

/**
 * Every agent a session's lines name, for the Logs tab's agent filter. Read from the session's
 * agent rows (its primary key), not from the lines: the writer gives every agent of a record a
 * row of its session as it writes the record (batchWriter.touchAgent), a line's own agent and
 * its span's alike, and rows go only with their session. A DISTINCT over the lines would read
 * every line of the session (events has no agent index; one would cost every line written).
 * An agent of the session without lines of its own is listed too, as agents.list does.
 */
export function listEventAgents(ctx: QueryContext, sessionId: string): string[] {
  const sid = ctx.sidOf(sessionId)
  if (sid === null) return []
  const rows = ctx.all('SELECT a.agent AS agent FROM agents a WHERE a.session = ?', [
    sid,
  ]) as Array<{
    agent: number
  }>
  return rows.map((r) => ctx.dict.value(r.agent)).sort()
}

type SessionEventRow = EventRow & { session: number }

const spanKey = (r: SessionEventRow): string =>
  `${r.session} ${Buffer.isBuffer(r.span_id) ? r.span_id.toString('hex') : String(r.span_id)}`

/**
 * Gives the rows without an agent their span's agent: one look-up per span of the page, not per
 * line. Spans are indexed by session and start time: reading back from the span's latest line
 * finds it within a few index entries; a span stamped after its lines (clock skew between
 * writers) is found by reading the session.
 */
function spanAgents(ctx: QueryContext, rows: SessionEventRow[]): void {
  const latest = new Map<string, { row: SessionEventRow; time: number }>()
  for (const r of rows) {
    if (r.agent !== null || r.span_id === null || r.span_id === undefined) continue
    const key = spanKey(r)
    const had = latest.get(key)
    if (!had || had.time < r.time) latest.set(key, { row: r, time: r.time })
  }
  if (latest.size === 0) return
  const agents = new Map<string, number | null>()
  for (const [key, { row, time }] of latest) {
    const agent = (ctx
      .stmt(
        `SELECT agent FROM spans WHERE session = ? AND start_time <= ? AND span_id = ?
         ORDER BY start_time DESC LIMIT 1`,
      )
      .pluck()
      .get(row.session, time, row.span_id) ??
      ctx
        .stmt('SELECT agent FROM spans WHERE session = ? AND span_id = ? LIMIT 1')
        .pluck()
        .get(row.session, row.span_id) ??
      null) as number | null
    agents.set(key, agent)
  }
  for (const r of rows) {
    if (r.agent !== null || r.span_id === null || r.span_id === undefined) continue
    r.agent = agents.get(spanKey(r)) ?? null
  }
}

/** a level as writers spell it: error, ERROR, Error */
function spellings(levels: ReadonlyArray<string>): string[] {
  return [
    ...new Set(levels.flatMap((l) => [l, l.toUpperCase(), l.charAt(0).toUpperCase() + l.slice(1)])),
  ]
}
