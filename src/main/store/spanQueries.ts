// Span lists, one span's detail, and a session's agent graph.
// Plans (asserted in test/store/queryPlans.test.ts):
//  - one session: range scan of spans_session_time (session, start_time, span_id)
//  - by agent, no session: the agent's sessions (agents_agent), then spans_session_time
//  - across sessions: spans_time (start_time)
//  - a `where` filter adds its condition (filterSql.ts) to the same scans
import type { Span } from '../../shared/domain'
import type { Page, SessionGraph, SpanDetail, SpanQuery } from '../../shared/queries'
import { parseFilterOrThrow } from '../../shared/filter'
import { clampLimit, decodeCursor, pageOf, type CursorKey } from './cursor'
import { agentSessionsClause, compileFilterSql, spanTextClause } from './filterSql'
import { decodeId, encodeId } from './payloadCodec'
import { type QueryContext, Where } from './queryContext'
import {
  rowToError,
  rowToEvent,
  SPAN_TUPLE_COLUMNS,
  tupleSpanId,
  tupleToSpan,
  type SpanTuple,
  type ErrorRow,
  type EventRow,
  idText,
} from './rowMappers'

/** Children, events and parents are looked up within the span's time ± this slack (clock skew). */
export const RELATED_SLACK_MS = 60_000

const SPAN_STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const

/** A span page's statement: its SQL and parameters, or null when nothing can match. */
export interface SpanPageQuery {
  sql: string
  params: unknown[]
  limit: number
  /** one session: rows carry no session id, the cursor's tie-breaker is the span id */
  bySession: boolean
}

/**
 * The statement of one page of spans, shared by `listSpans` (objects) and `listSpanColumns`
 * (columns): the same filters, order and keyset cursor. It asks for limit + 1 rows (pageOf).
 * `columns` come first in each row (SpanTuple's by default), then the attributes unless lean,
 * and across sessions the rowid and the session id.
 */
export function spanPageQuery(
  ctx: QueryContext,
  q: SpanQuery,
  limit: number,
  columns = SPAN_TUPLE_COLUMNS,
): SpanPageQuery | null {
  const desc = (q.order ?? 'desc') === 'desc'
  const dir = desc ? 'DESC' : 'ASC'
  const where = new Where()
  let bySession = false
  if (q.sessionId !== undefined) {
    const sid = ctx.sidOf(q.sessionId)
    if (sid === null) return null
    where.add('s.session = ?', sid)
    bySession = true
  }
  if (q.since !== undefined) where.add('s.start_time >= ?', q.since)
  if (q.until !== undefined) where.add('s.start_time <= ?', q.until)
  if (q.agentIds && q.agentIds.length > 0) {
    const ids = q.agentIds.map((a) => ctx.dict.find(a)).filter((id): id is number => id !== null)
    if (ids.length === 0) return null
    const list = ids.map(() => '?').join(', ')
    // without a session: only the sessions the agents worked in are read (agents_agent), each
    // through its range of spans_session_time
    if (!bySession)
      where.add(`s.session IN (SELECT session FROM agents WHERE agent IN (${list}))`, ...ids)
    where.add(`s.agent IN (${list})`, ...ids)
  }
  if (q.status !== undefined) {
    const code = SPAN_STATUS_CODE[q.status]
    if (code === undefined) throw new Error(`unknown span status: ${String(q.status)}`)
    where.add('s.status = ?', code)
  }
  if (q.name !== undefined) {
    const nameId = ctx.dict.find(q.name)
    if (nameId === null) return null
    where.add('s.name = ?', nameId)
  }
  if (q.text) {
    if (!ctx.hasSearch) return null
    const text = spanTextClause(ctx, q.text)
    where.add(text.sql, ...text.params)
  }
  const filter = q.where ? parseFilterOrThrow(q.where) : null
  if (filter) {
    const agents = bySession ? null : agentSessionsClause(filter)
    if (agents) where.add(agents.sql, ...agents.params)
    const cond = compileFilterSql(ctx, filter)
    where.add(cond.sql, ...cond.params)
  }
  const cursor = decodeCursor(q.cursor, 2)
  let order: string
  if (bySession) {
    // the cursor keeps the id's text; encodeId gives back its stored form (hex ids are BLOBs)
    if (cursor)
      where.keyset('s.start_time', 's.span_id', desc, cursor[0], encodeId(String(cursor[1])))
    order = `s.start_time ${dir}, s.span_id ${dir}`
  } else {
    if (cursor) where.keyset('s.start_time', 's.rowid', desc, cursor[0], cursor[1])
    order = `s.start_time ${dir}, s.rowid ${dir}`
  }
  // one session: its id is a parameter, no join per row
  // without attributes the payload column is not even read (≈ 1/3 of a 1000-row page's CPU)
  const lean = q.withAttributes === false
  const sql = bySession
    ? `SELECT ${columns}${lean ? '' : ', s.attributes'}
       FROM spans s ${where.sql()} ORDER BY ${order} LIMIT ?`
    : `SELECT ${columns}, ${lean ? 'NULL' : 's.attributes'}, s.rowid, ss.id
       FROM spans s JOIN sessions ss ON ss.sid = s.session
       ${where.sql()} ORDER BY ${order} LIMIT ?`
  return { sql, params: [...where.params, limit + 1], limit, bySession }
}

/** The keyset cursor's key of a span row: its start time and span id (or rowid across sessions). */
export function spanCursorKey(t: SpanTuple, bySession: boolean): CursorKey {
  return bySession ? [t[0], tupleSpanId(t)] : [t[0], t[9]!]
}

export function listSpans(ctx: QueryContext, q: SpanQuery): Page<Span> {
  const pq = spanPageQuery(ctx, q, clampLimit(q.limit))
  if (!pq) return { items: [], nextCursor: null }
  const rows = ctx.allRaw(pq.sql, pq.params) as SpanTuple[]
  return pageOf(
    rows,
    pq.limit,
    pq.bySession ? (t) => tupleToSpan(t, ctx.dict, q.sessionId) : (t) => tupleToSpan(t, ctx.dict),
    (t) => spanCursorKey(t, pq.bySession),
  )
}

export { toMatchQuery } from './filterSql'

function findSpan(ctx: QueryContext, sid: number, spanId: string): SpanTuple | undefined {
  // span identity is (session, span_id): the span index has start_time in between, so this
  // reads the session's part of that index to find the id
  return ctx
    .stmt(
      `SELECT ${SPAN_TUPLE_COLUMNS}, s.attributes FROM spans s
       WHERE s.session = ? AND s.span_id = ? LIMIT 1`,
      true,
    )
    .get(sid, encodeId(spanId)) as SpanTuple | undefined
}

export function getSpan(ctx: QueryContext, sessionId: string, spanId: string): SpanDetail | null {
  const sid = ctx.sidOf(sessionId)
  if (sid === null) return null
  const found = findSpan(ctx, sid, spanId)
  if (!found) return null
  const span = tupleToSpan(found, ctx.dict, sessionId)
  const storedId = encodeId(span.spanId)
  const from = span.startTime - RELATED_SLACK_MS
  const to = span.endTime === null ? Number.MAX_VALUE : span.endTime + RELATED_SLACK_MS
  const events = ctx
    .stmt(
      `SELECT e.rowid AS rowid, ss.id AS session_id, e.* FROM events e JOIN sessions ss ON ss.sid = e.session
       WHERE e.session = ? AND e.time BETWEEN ? AND ? AND e.span_id = ? ORDER BY e.time LIMIT 5000`,
    )
    .all(sid, from, to, storedId) as EventRow[]
  const errors = ctx
    .stmt(
      `SELECT e.rowid AS rowid, ss.id AS session_id, e.* FROM errors e JOIN sessions ss ON ss.sid = e.session
       WHERE e.session = ? AND e.span_id = ? ORDER BY e.time LIMIT 5000`,
    )
    .all(sid, storedId) as ErrorRow[]
  const children = ctx
    .stmt(
      `SELECT span_id, name, status, start_time, end_time FROM spans
       WHERE session = ? AND start_time BETWEEN ? AND ? AND parent_id = ? ORDER BY start_time LIMIT 5000`,
    )
    .all(sid, from, to, storedId) as Array<{
    span_id: unknown
    name: number
    status: number
    start_time: number
    end_time: number | null
  }>
  let parent: SpanDetail['parent'] = null
  if (span.parentSpanId !== null) {
    const p = ctx
      .stmt('SELECT span_id, name FROM spans WHERE session = ? AND span_id = ? LIMIT 1')
      .get(sid, encodeId(span.parentSpanId)) as { span_id: unknown; name: number } | undefined
    if (p) parent = { spanId: decodeId(p.span_id), name: ctx.dict.value(p.name) }
  }
  const statuses = ['unset', 'ok', 'error'] as const
  return {
    span,
    events: events.map((e) => rowToEvent(e, ctx.dict)),
    errors: errors.map((e) => rowToError(e, ctx.dict)),
    children: children.map((c) => ({
      spanId: decodeId(c.span_id),
      name: ctx.dict.value(c.name),
      status: statuses[c.status] ?? 'unset',
      startTime: c.start_time,
      durationMs: c.end_time === null ? null : c.end_time - c.start_time,
    })),
    parent,
  }
}

export function sessionGraph(ctx: QueryContext, sessionId: string): SessionGraph {
  const sid = ctx.sidOf(sessionId)
  const graph: SessionGraph = { sessionId, agents: [], edges: [] }
  if (sid === null) return graph
  const agents = ctx
    .stmt(
      `SELECT agent, name, span_count, error_count, first_time, last_time FROM agents
       WHERE session = ? ORDER BY first_time, agent`,
    )
    .all(sid) as Array<{
    agent: number
    name: string | null
    span_count: number
    error_count: number
    first_time: number | null
    last_time: number | null
  }>
  graph.agents = agents.map((a) => {
    const id = ctx.dict.value(a.agent)
    return {
      id,
      name: a.name ?? id,
      spanCount: a.span_count,
      errorCount: a.error_count,
      firstTime: a.first_time,
      lastTime: a.last_time,
    }
  })
  const messages = ctx
    .stmt(
      `SELECT sender, receiver, count(*) AS n, min(time) AS first, max(time) AS last FROM messages
       WHERE session = ? AND receiver IS NOT NULL GROUP BY sender, receiver`,
    )
    .all(sid) as Array<{ sender: number; receiver: number; n: number; first: number; last: number }>
  for (const m of messages) {
    graph.edges.push({
      from: ctx.dict.value(m.sender),
      to: ctx.dict.value(m.receiver),
      type: 'message',
      count: m.n,
      firstTime: m.first,
      lastTime: m.last,
    })
  }
  graph.edges.push(...spawnEdges(ctx, sid))
  return graph
}

/** agent → agent edges where a span of one agent parents a span of another */
function spawnEdges(ctx: QueryContext, sid: number): SessionGraph['edges'] {
  const agentOf = new Map<string, number>()
  const rows = ctx
    .stmt(
      `SELECT ${idText('span_id')}, ${idText('parent_id')}, agent, start_time FROM spans
       WHERE session = ? ORDER BY start_time`,
      true,
    )
    .all(sid) as Array<[string, string | null, number | null, number]>
  for (const [spanId, , agent] of rows) if (agent !== null) agentOf.set(spanId, agent)
  const edges = new Map<string, SessionGraph['edges'][number]>()
  for (const [, parentId, agent, start] of rows) {
    if (parentId === null || agent === null) continue
    const parentAgent = agentOf.get(parentId)
    if (parentAgent === undefined || parentAgent === agent) continue
    const key = `${parentAgent}>${agent}`
    const e = edges.get(key)
    if (e) {
      e.count++
      e.lastTime = Math.max(e.lastTime, start)
    } else {
      edges.set(key, {
        from: ctx.dict.value(parentAgent),
        to: ctx.dict.value(agent),
        type: 'spawn',
        count: 1,
        firstTime: start,
        lastTime: start,
      })
    }
  }
  return [...edges.values()]
}
