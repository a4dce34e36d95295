// Agents, agent → agent messages and tasks.
import type { Agent, AgentMessage, Task } from '../../shared/domain'
import type { AgentQuery, MessageQuery, Page, TaskQuery } from '../../shared/queries'
import { clampLimit, decodeCursor, pageOf } from './cursor'
import { decodePayload } from './payloadCodec'
import { type QueryContext, Where } from './queryContext'
import { rowToMessage, type MessageRow } from './rowMappers'

const EMPTY = { items: [], nextCursor: null }

interface AgentRow {
  rowid: number
  session_id: string | null
  agent: number
  name: string | null
  type: string | null
  status: string | null
  start_time: number | null
  end_time: number | null
  attributes: unknown
  first_time: number | null
  last_time: number | null
}

export function listAgents(ctx: QueryContext, q: AgentQuery): Page<Agent> {
  const limit = clampLimit(q.limit)
  const where = new Where()
  if (q.sessionId !== undefined) {
    const sid = ctx.sidOf(q.sessionId)
    if (sid === null) return EMPTY
    where.add('a.session = ?', sid)
  }
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset('a.session', 'a.agent', false, cursor[0], cursor[1])
  const sql = `SELECT a.*, ss.id AS session_id FROM agents a LEFT JOIN sessions ss ON ss.sid = a.session
    ${where.sql()} ORDER BY a.session, a.agent LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as Array<AgentRow & { session: number }>
  return pageOf(
    rows,
    limit,
    (r) => {
      const id = ctx.dict.value(r.agent)
      return {
        id,
        sessionId: r.session_id,
        name: r.name ?? id,
        type: r.type,
        status: r.status,
        startTime: r.start_time ?? r.first_time,
        endTime: r.end_time,
        attributes: decodePayload(r.attributes, {}),
      }
    },
    (r) => [r.session, r.agent],
  )
}

export function listMessages(ctx: QueryContext, q: MessageQuery): Page<AgentMessage> {
  const limit = clampLimit(q.limit)
  const where = new Where()
  if (q.sessionId !== undefined) {
    const sid = ctx.sidOf(q.sessionId)
    if (sid === null) return EMPTY
    where.add('m.session = ?', sid)
  }
  if (q.agentId !== undefined) {
    const agent = ctx.dict.find(q.agentId)
    if (agent === null) return EMPTY
    where.add('(m.sender = ? OR m.receiver = ?)', agent, agent)
  }
  if (q.since !== undefined) where.add('m.time >= ?', q.since)
  if (q.until !== undefined) where.add('m.time <= ?', q.until)
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset('m.time', 'm.rowid', true, cursor[0], cursor[1])
  const sql = `SELECT m.rowid AS rowid, ss.id AS session_id, m.* FROM messages m
    LEFT JOIN sessions ss ON ss.sid = m.session ${where.sql()} ORDER BY m.time DESC, m.rowid DESC LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as MessageRow[]
  return pageOf(
    rows,
    limit,
    (r) => rowToMessage(r, ctx.dict),
    (r) => [r.time, r.rowid],
  )
}

interface TaskRow {
  rowid: number
  id: string
  session_id: string | null
  agent: number | null
  name: string | null
  status: string | null
  start_time: number | null
  end_time: number | null
  tokens: number | null
  attributes: unknown
  sort_key: number
}

export function listTasks(ctx: QueryContext, q: TaskQuery): Page<Task> {
  const limit = clampLimit(q.limit)
  const where = new Where()
  if (q.sessionId !== undefined) {
    const sid = ctx.sidOf(q.sessionId)
    if (sid === null) return EMPTY
    where.add('t.session = ?', sid)
  }
  if (q.agentId !== undefined) {
    const agent = ctx.dict.find(q.agentId)
    if (agent === null) return EMPTY
    where.add('t.agent = ?', agent)
  }
  const key = 'coalesce(t.start_time, -1e300)'
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset(key, 't.rowid', true, cursor[0], cursor[1])
  const sql = `SELECT t.rowid AS rowid, ss.id AS session_id, t.*, ${key} AS sort_key FROM tasks t
    LEFT JOIN sessions ss ON ss.sid = t.session ${where.sql()} ORDER BY sort_key DESC, t.rowid DESC LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as TaskRow[]
  return pageOf(
    rows,
    limit,
    (r) => ({
      id: r.id,
      sessionId: r.session_id,
      agentId: ctx.dict.optionalValue(r.agent),
      name: r.name,
      status: r.status,
      startTime: r.start_time,
      endTime: r.end_time,
      durationMs: r.start_time !== null && r.end_time !== null ? r.end_time - r.start_time : null,
      tokensUsed: r.tokens,
      attributes: decodePayload(r.attributes, {}),
    }),
    (r) => [r.sort_key, r.rowid],
  )
}
