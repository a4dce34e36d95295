// Grouped span statistics straight from a Tracescope store's rows: one raw pass over the spans
// table, no Span objects, dictionary ids resolved once each, and a span's attributes decoded
// only when they can hold what is asked (token counts, or the user). Through listSpans the same
// figures cost several times as much (bench/statsBench.ts).
import type Database from 'better-sqlite3'
import { tokenUsage } from '../../shared/genai/usage'
import {
  StatsAccumulator,
  userOf,
  type StatsRequest,
  type StatsResult,
} from '../../shared/stats/groupStats'
import type { Attributes } from '../../shared/domain'
import { decodePayload } from '../store/payloadCodec'

type Row = [
  session: number,
  spanId: unknown,
  parentId: unknown,
  name: number,
  agent: number | null,
  start: number,
  end: number | null,
  status: number,
  attributes: unknown,
]

/** a stored id as a map key: blobs (hex ids) and text ids kept apart */
function idKey(session: number, id: unknown): string {
  return Buffer.isBuffer(id) ? `${session}b${id.toString('latin1')}` : `${session}t${String(id)}`
}

export function nativeGroupStats(db: Database.Database, req: StatsRequest): StatsResult {
  const dict = new Map<number, string>()
  const value = db.prepare('SELECT value FROM dict WHERE id = ?').pluck()
  const text = (id: number): string => {
    let v = dict.get(id)
    if (v === undefined) dict.set(id, (v = (value.get(id) as string | undefined) ?? String(id)))
    return v
  }
  const sessions = new Map<number, { id: string; name: string | null }>()
  for (const [sid, id, name] of db
    .prepare('SELECT sid, id, name FROM sessions')
    .raw()
    .all() as Array<[number, string, string | null]>)
    sessions.set(sid, { id, name })
  const acc = new StatsAccumulator({ groupBy: req.groupBy, windowMs: req.windowMs })
  const where = ['start_time >= ?', 'start_time < ?']
  const params: unknown[] = [req.since ?? -Number.MAX_VALUE, req.until ?? Number.MAX_VALUE]
  if (req.sessionId !== undefined) {
    const sid = [...sessions].find(([, s]) => s.id === req.sessionId)?.[0]
    if (sid === undefined) return { spans: 0, groups: [] }
    where.push('session = ?')
    params.push(sid)
  }
  const byUser = req.groupBy === 'user'
  // SQLite leaves out the text payloads that cannot hold token counts (or the user) before they
  // become JavaScript strings; gzip ones must be opened to tell
  const wanted = byUser
    ? "instr(attributes, 'token') + instr(attributes, 'user')"
    : "instr(attributes, 'token')"
  const rows = db
    .prepare(
      `SELECT session, span_id, parent_id, name, agent, start_time, end_time, status,
         CASE WHEN typeof(attributes) = 'text' AND ${wanted} = 0 THEN NULL ELSE attributes END
       FROM spans WHERE ${where.join(' AND ')}`,
    )
    .raw()
    .iterate(...params) as IterableIterator<Row>
  for (const [session, spanId, parentId, name, agent, start, end, status, stored] of rows) {
    const attrs = stored === null ? null : decodePayload<Attributes>(stored, {})
    let key: string
    switch (req.groupBy) {
      case 'name':
        key = text(name)
        break
      case 'agent':
        key = agent === null ? '(none)' : text(agent)
        break
      case 'workflow': {
        const s = sessions.get(session)
        key = s?.name ?? s?.id ?? String(session)
        break
      }
      case 'user':
        key = (attrs && userOf(attrs)) ?? '(none)'
        break
      case 'window':
        key = acc.windowOf(start)
        break
    }
    const self = idKey(session, spanId)
    const parent = parentId === null || parentId === undefined ? null : idKey(session, parentId)
    acc.addFigures(
      key,
      end === null ? null : end - start,
      status === 2,
      attrs ? tokenUsage(attrs) : null,
      self,
      parent === self ? null : parent,
    )
  }
  return { spans: acc.spans, groups: acc.result() }
}
