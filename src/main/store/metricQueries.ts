// Metric series and session memory (expired entries are invisible).
import type { MemoryEntry, MetricSample } from '../../shared/domain'
import type { MemoryQuery, MetricQuery, Page } from '../../shared/queries'
import { clampLimit, decodeCursor, pageOf } from './cursor'
import { decodePayload } from './payloadCodec'
import { type QueryContext, Where } from './queryContext'

const EMPTY = { items: [], nextCursor: null }

interface MetricRow {
  rowid: number
  session_id: string | null
  agent: number | null
  name: number
  time: number
  value: number
  attributes: unknown
}

/** A series in time order (oldest first), the order charts draw in. */
export function listMetrics(ctx: QueryContext, q: MetricQuery): Page<MetricSample> {
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
    where.add('m.agent = ?', agent)
  }
  if (q.name !== undefined) {
    const name = ctx.dict.find(q.name)
    if (name === null) return EMPTY
    where.add('m.name = ?', name)
  }
  if (q.since !== undefined) where.add('m.time >= ?', q.since)
  if (q.until !== undefined) where.add('m.time <= ?', q.until)
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset('m.time', 'm.rowid', false, cursor[0], cursor[1])
  const sql = `SELECT m.rowid AS rowid, ss.id AS session_id, m.* FROM metrics m
    LEFT JOIN sessions ss ON ss.sid = m.session ${where.sql()} ORDER BY m.time, m.rowid LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as MetricRow[]
  return pageOf(
    rows,
    limit,
    (r) => {
      const sample: MetricSample = {
        sessionId: r.session_id,
        agentId: ctx.dict.optionalValue(r.agent),
        time: r.time,
        name: ctx.dict.value(r.name),
        value: r.value,
      }
      if (r.attributes !== null) sample.attributes = decodePayload(r.attributes, {})
      return sample
    },
    (r) => [r.time, r.rowid],
  )
}

interface MemoryRow {
  rowid: number
  session_id: string
  namespace: string
  key: string
  value: unknown
  time: number
  expires_at: number | null
}

export function listMemory(ctx: QueryContext, q: MemoryQuery, now = Date.now()): Page<MemoryEntry> {
  const limit = clampLimit(q.limit)
  const where = new Where().add('(m.expires_at IS NULL OR m.expires_at > ?)', now)
  if (q.sessionId !== undefined) {
    const sid = ctx.sidOf(q.sessionId)
    if (sid === null) return EMPTY
    where.add('m.session = ?', sid)
  }
  if (q.namespace !== undefined) where.add('m.namespace = ?', q.namespace)
  if (q.key !== undefined) where.add('m.key = ?', q.key)
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset('m.time', 'm.rowid', true, cursor[0], cursor[1])
  const sql = `SELECT m.rowid AS rowid, ss.id AS session_id, m.* FROM memory m
    JOIN sessions ss ON ss.sid = m.session ${where.sql()} ORDER BY m.time DESC, m.rowid DESC LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as MemoryRow[]
  return pageOf(
    rows,
    limit,
    (r) => ({
      sessionId: r.session_id,
      namespace: r.namespace,
      key: r.key,
      value: decodePayload<unknown>(r.value, null),
      time: r.time,
      expiresAt: r.expires_at,
    }),
    (r) => [r.time, r.rowid],
  )
}
