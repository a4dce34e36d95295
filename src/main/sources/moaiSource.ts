// MoAI Flow SwarmDB → domain. SwarmDB's agent tables carry no session, so agents, their tasks and
// lifecycle events are filed under one synthetic session, MOAI_AGENT_SESSION; the real
// session_memory.session_id values are sessions too (with their memory entries).
//  spans: agent_registry rows (`agent:<id>`) and task_metrics rows (`task:<task_id>@<timestamp>`,
//         children of their agent); events: agent_events; errors: 'error' events + failed tasks.
// Tables store time differently (ISO text, REAL seconds, DATETIME text): rows of several tables are
// ordered on a SQL expression that converts each to epoch ms.
import type { Session, Span, SpanStatus, TraceError, TraceEvent } from '../../shared/domain'
import type { ErrorQuery, EventQuery, Page, SessionQuery, SpanQuery } from '../../shared/queries'
import { decodeObject } from './blobJson'
import { SCAN_CAP } from './foreignSource'
import { boundFor } from './timeParse'
import { MOAI_AGENT_SESSION, MoaiTables } from './moaiTables'
import { decodeCursor, emptyPage, encodeCursor, keysetPage, pageSize } from './pagedQuery'
import type { SafeConnection } from './safeOpen'
import { rowToSession, type SessionAggRow } from './sessionRows'
import { likePattern, addWhere, nullableText } from './sqlText'

export { MOAI_AGENT_SESSION }

type Row = Record<string, unknown>
const str = nullableText
const ms = (v: unknown) =>
  v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000
const FAILED_TASK = "('failure', 'failed', 'timeout', 'cancelled', 'error')"

function agentStatus(raw: unknown): SpanStatus {
  const s = String(raw ?? '').toLowerCase()
  if (['error', 'failed', 'failure', 'timeout', 'cancelled'].includes(s)) return 'error'
  if (['complete', 'completed', 'success', 'done'].includes(s)) return 'ok'
  return 'unset'
}

export class MoaiSource extends MoaiTables {
  constructor(conn: SafeConnection) {
    super(conn, 'moai-swarmdb')
    this.notes.push(
      `SwarmDB agent events have no session: they are shown under the session "${MOAI_AGENT_SESSION}".`,
    )
  }

  private spanUnion(): string | null {
    const parts: string[] = []
    if (this.has('agent_registry')) {
      const c = (n: string) => this.col('agent_registry', 'a', n)
      parts.push(
        `SELECT 'agent:' || a.agent_id AS span_id, NULL AS parent, ${c('agent_type')} AS name, 'agent' AS kind, a.agent_id AS agent_id, ${this.t('agent_registry', 'spawn_time', 'a')} AS start_ms, ${this.has('agent_registry', 'complete_time') ? this.t('agent_registry', 'complete_time', 'a') : 'NULL'} AS end_ms, ${c('status')} AS raw_status, ${c('metadata')} AS attrs, NULL AS tokens, NULL AS files FROM (SELECT ${this.readable('agent_registry')} FROM agent_registry LIMIT ${SCAN_CAP}) a`,
      )
    } else if (this.has('agent_events')) {
      const ts = this.t('agent_events', 'timestamp', 'e')
      parts.push(
        `SELECT 'agent:' || e.agent_id AS span_id, NULL AS parent, max(e.agent_type) AS name, 'agent' AS kind, e.agent_id AS agent_id, min(${ts}) AS start_ms, max(CASE WHEN e.event_type IN ('complete', 'error') THEN ${ts} END) AS end_ms, max(CASE WHEN e.event_type = 'error' THEN 'error' WHEN e.event_type = 'complete' THEN 'complete' END) AS raw_status, NULL AS attrs, NULL AS tokens, NULL AS files FROM (SELECT agent_id, agent_type, event_type, timestamp FROM agent_events LIMIT ${SCAN_CAP}) e GROUP BY e.agent_id`,
      )
    }
    if (this.has('task_metrics')) {
      const end = this.t('task_metrics', 'timestamp', 'k')
      const dur = this.has('task_metrics', 'duration_ms') ? 'COALESCE(k.duration_ms, 0)' : '0'
      parts.push(
        `SELECT 'task:' || k.task_id || '@' || k.timestamp AS span_id, 'agent:' || k.agent_id AS parent, k.task_id AS name, 'task' AS kind, k.agent_id AS agent_id, ${end} - ${dur} AS start_ms, ${end} AS end_ms, k.result AS raw_status, NULL AS attrs, ${this.col('task_metrics', 'k', 'tokens_used')} AS tokens, ${this.col('task_metrics', 'k', 'files_changed')} AS files FROM (SELECT ${this.readable('task_metrics')} FROM task_metrics LIMIT ${SCAN_CAP}) k`,
      )
    }
    return parts.length ? `(${parts.join(' UNION ALL ')}) g` : null
  }

  private toSpan = (r: Row): Span => {
    const start = ms(r.start_ms) ?? 0
    const end = ms(r.end_ms)
    const status = agentStatus(r.raw_status)
    const attributes: Record<string, unknown> = {
      ...decodeObject(r.attrs),
      'moai.status': r.raw_status ?? null,
    }
    if (r.kind === 'task')
      Object.assign(attributes, { tokensUsed: r.tokens ?? null, filesChanged: r.files ?? null })
    return {
      sessionId: MOAI_AGENT_SESSION,
      traceId: MOAI_AGENT_SESSION,
      spanId: String(r.span_id),
      parentSpanId: str(r.parent),
      name: String(r.name ?? r.span_id),
      kind: String(r.kind),
      agentId: str(r.agent_id),
      startTime: start,
      endTime: end,
      durationMs: end !== null ? end - start : null,
      status,
      statusMessage: status === 'error' ? `ended with ${String(r.raw_status)}` : null,
      attributes,
    }
  }

  listSpans(q: SpanQuery): Page<Span> {
    const from = this.spanUnion()
    if (!from || (q.sessionId !== undefined && q.sessionId !== MOAI_AGENT_SESSION))
      return emptyPage()
    const where: string[] = []
    const params: unknown[] = []
    if (q.agentIds?.length)
      addWhere(
        where,
        params,
        `g.agent_id IN (${q.agentIds.map(() => '?').join(', ')})`,
        ...q.agentIds,
      )
    if (q.name !== undefined) addWhere(where, params, 'g.name = ?', q.name)
    if (q.status === 'error') where.push(`lower(g.raw_status) IN ('error', ${FAILED_TASK.slice(1)}`)
    if (q.status === 'ok')
      where.push(`lower(g.raw_status) IN ('complete', 'completed', 'success', 'done')`)
    if (q.status === 'unset')
      where.push(
        `lower(COALESCE(g.raw_status, '')) NOT IN ('complete', 'completed', 'success', 'done', 'error', ${FAILED_TASK.slice(1)}`,
      )
    if (q.since !== undefined) addWhere(where, params, 'g.start_ms >= ?', q.since)
    if (q.until !== undefined) addWhere(where, params, 'g.start_ms <= ?', q.until)
    if (q.text)
      addWhere(
        where,
        params,
        `(g.name LIKE ? ESCAPE '\\' OR g.span_id LIKE ? ESCAPE '\\')`,
        likePattern(q.text),
        likePattern(q.text),
      )
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: 'g.*',
      from,
      where,
      params,
      keys: ['g.start_ms', 'g.span_id'],
      desc: q.order === 'desc',
      limit: q.limit,
      cursor: q.cursor,
      what: 'agents and tasks',
    })
    return { items: page.rows.map(this.toSpan), nextCursor: page.nextCursor }
  }

  protected spanById(sessionId: string, spanId: string): Span | null {
    const from = this.spanUnion()
    if (!from || sessionId !== MOAI_AGENT_SESSION) return null
    const r = this.one<Row>(`SELECT g.* FROM ${from} WHERE g.span_id = ?`, [spanId], 'a span')
    return r ? this.toSpan(r) : null
  }

  protected childSpans(sessionId: string, spanId: string, limit: number): Span[] {
    const from = this.spanUnion()
    if (!from || sessionId !== MOAI_AGENT_SESSION) return []
    return this.all<Row>(
      `SELECT g.* FROM ${from} WHERE g.parent = ? ORDER BY g.start_ms LIMIT ${limit}`,
      [spanId],
      'child spans',
    ).map(this.toSpan)
  }

  // ---- sessions: the synthetic agent session + session_memory sessions, merged in memory ----------

  private allSessions(): Session[] {
    const out: Session[] = []
    const spans = this.spanUnion()
    if (spans) {
      const a = this.one<Row>(
        `SELECT min(g.start_ms) AS s, max(COALESCE(g.end_ms, g.start_ms)) AS l, sum(g.end_ms IS NULL) AS open, count(*) AS n, count(DISTINCT g.agent_id) AS agents FROM ${spans}`,
        [],
        'the agent session',
      )
      const errors = this.errorUnion()
        ? (this.one<{ n: number }>(
            `SELECT count(*) AS n FROM ${this.errorUnion()}`,
            [],
            'agent errors',
          )?.n ?? 0)
        : 0
      if (a && Number(a.n) > 0)
        out.push(
          rowToSession(
            {
              id: MOAI_AGENT_SESSION,
              name: 'SwarmDB agents',
              status_raw: null,
              start_raw: ms(a.s),
              end_raw: Number(a.open) > 0 ? null : ms(a.l),
              last_raw: ms(a.l),
              span_count: Number(a.n),
              error_count: errors,
              unresolved_count: errors,
              agent_count: Number(a.agents),
            },
            { synthetic: true },
          ),
        )
    }
    if (this.has('session_memory')) {
      const ts = this.t('session_memory', 'timestamp', 'm')
      for (const r of this.all<SessionAggRow>(
        `SELECT m.session_id AS id, NULL AS name, NULL AS status_raw, min(${ts}) AS start_raw, NULL AS end_raw, max(${ts}) AS last_raw, 0 AS span_count, 0 AS error_count, 0 AS unresolved_count, 0 AS agent_count, count(*) AS entries FROM (SELECT session_id, timestamp FROM session_memory LIMIT ${SCAN_CAP}) m GROUP BY m.session_id`,
        [],
        'memory sessions',
      )) {
        const s = rowToSession(
          { ...r, start_raw: ms(r.start_raw), last_raw: ms(r.last_raw) },
          { memoryEntries: r.entries },
        )
        // no status of its own: the one rule decides (shared/sessionStatusRule.ts)
        out.push(s)
      }
    }
    return out
  }

  listSessions(q: SessionQuery): Page<Session> {
    const dir = (q.order ?? (q.sort === 'name' ? 'asc' : 'desc')) === 'desc' ? -1 : 1
    const key = (s: Session): number | string => {
      switch (q.sort ?? 'lastActivity') {
        case 'startTime':
          return s.startTime ?? 0
        case 'duration':
          return s.durationMs ?? -1
        case 'spans':
          return s.spanCount
        case 'errors':
          return s.errorCount
        case 'name':
          return s.name ?? s.id
        default:
          return s.lastActivity ?? 0
      }
    }
    const text = q.text?.toLowerCase()
    const list = this.allSessions()
      .filter(
        (s) =>
          !text || s.id.toLowerCase().includes(text) || (s.name ?? '').toLowerCase().includes(text),
      )
      .filter((s) => !q.status || s.status === q.status)
      .filter((s) => q.since === undefined || (s.lastActivity ?? 0) >= q.since)
      .filter((s) => q.until === undefined || (s.startTime ?? 0) <= q.until)
      .sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : a.id < b.id ? -1 : 1))
    const offset = Number(decodeCursor(this.file, q.cursor, 1)?.[0] ?? 0)
    const limit = pageSize(q.limit)
    return {
      items: list.slice(offset, offset + limit),
      nextCursor: offset + limit < list.length ? encodeCursor([offset + limit]) : null,
    }
  }

  getSession(id: string): Session | null {
    return this.allSessions().find((s) => s.id === id) ?? null
  }

  // ---- events and errors --------------------------------------------------------------------------

  override listEvents(q: EventQuery): Page<TraceEvent> {
    if (
      !this.has('agent_events') ||
      (q.sessionId !== undefined && q.sessionId !== MOAI_AGENT_SESSION)
    )
      return emptyPage()
    const where: string[] = []
    const params: unknown[] = []
    const ts = this.t('agent_events', 'timestamp', 'e')
    if (q.agentId !== undefined) addWhere(where, params, 'e.agent_id = ?', q.agentId)
    if (q.spanId !== undefined) addWhere(where, params, "'agent:' || e.agent_id = ?", q.spanId)
    if (q.level !== undefined)
      where.push(
        q.level.toLowerCase() === 'error' ? "e.event_type = 'error'" : "e.event_type <> 'error'",
      )
    // its lines are error or info (below): no warn or debug line
    if (q.levelTone === 'warn' || q.levelTone === 'debug') return emptyPage()
    if (q.levelTone !== undefined)
      where.push(q.levelTone === 'error' ? "e.event_type = 'error'" : "e.event_type <> 'error'")
    const text = q.text?.trim()
    if (text) {
      // the line's name is its event_type, its message metadata.error ?? metadata.message
      const m = `CAST(${this.col('agent_events', 'e', 'metadata')} AS TEXT)`
      const p = likePattern(text)
      addWhere(
        where,
        params,
        `(e.event_type LIKE ? ESCAPE '\\' OR (CASE WHEN json_valid(${m}) THEN coalesce(json_extract(${m}, '$.error'), json_extract(${m}, '$.message')) END) LIKE ? ESCAPE '\\')`,
        p,
        p,
      )
    }
    // bounds in the column's own format keep idx_agent_events_timestamp usable
    const tc = this.timeColumn('agent_events', 'timestamp')
    if (q.since !== undefined) addWhere(where, params, 'e.timestamp >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 'e.timestamp <= ?', boundFor(q.until, tc))
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: `e.event_id, e.event_type, e.agent_id, ${this.col('agent_events', 'e', 'agent_type')} AS agent_type, ${ts} AS t_ms, ${this.col('agent_events', 'e', 'metadata')} AS metadata`,
      from: 'agent_events e',
      where,
      params,
      keys: ['e.timestamp', 'e.rowid'],
      limit: q.limit,
      cursor: q.cursor,
      // newest first unless asked, as a Tracescope store answers (the Logs tab reads either end)
      desc: q.oldestFirst !== true,
      what: 'agent events',
    })
    return {
      items: page.rows.map((r) => {
        const meta = decodeObject(r.metadata)
        return {
          id: String(r.event_id),
          sessionId: MOAI_AGENT_SESSION,
          spanId: `agent:${String(r.agent_id)}`,
          agentId: String(r.agent_id),
          time: ms(r.t_ms) ?? 0,
          name: String(r.event_type),
          level: r.event_type === 'error' ? 'error' : 'info',
          message: str(meta.error ?? meta.message),
          attributes: { ...meta, agentType: r.agent_type ?? null },
        }
      }),
      nextCursor: page.nextCursor,
    }
  }

  private errorUnion(): string | null {
    const parts: string[] = []
    if (this.has('agent_events'))
      parts.push(
        `SELECT e.event_id AS id, 'agent:' || e.agent_id AS span_id, e.agent_id AS agent_id, ${this.t('agent_events', 'timestamp', 'e')} AS t_ms, 'agent_error' AS type, ${this.col('agent_events', 'e', 'metadata')} AS detail, NULL AS result FROM agent_events e WHERE e.event_type = 'error'`,
      )
    if (this.has('task_metrics'))
      parts.push(
        `SELECT 'task:' || k.task_id || '@' || k.timestamp AS id, 'task:' || k.task_id || '@' || k.timestamp AS span_id, k.agent_id AS agent_id, ${this.t('task_metrics', 'timestamp', 'k')} AS t_ms, 'task_' || lower(k.result) AS type, k.task_id AS detail, k.result AS result FROM task_metrics k WHERE lower(k.result) IN ${FAILED_TASK}`,
      )
    return parts.length ? `(${parts.join(' UNION ALL ')}) x` : null
  }

  private toError = (r: Row): TraceError => {
    const detail = r.result === null || r.result === undefined ? decodeObject(r.detail) : {}
    const message =
      r.result !== null && r.result !== undefined
        ? `Task ${String(r.detail)} ended with result ${String(r.result)}`
        : String(detail.error ?? detail.message ?? 'agent error')
    return {
      id: String(r.id),
      sessionId: MOAI_AGENT_SESSION,
      spanId: str(r.span_id),
      agentId: str(r.agent_id),
      time: ms(r.t_ms) ?? 0,
      type: String(r.type),
      message,
      stack: str(detail.traceback ?? detail.stack),
      recoveryAction: null,
      resolved: false,
      resolutionNote: null,
      resolvedAt: null,
    }
  }

  listErrors(q: ErrorQuery): Page<TraceError> {
    const from = this.errorUnion()
    if (
      !from ||
      q.resolved === true ||
      (q.sessionId !== undefined && q.sessionId !== MOAI_AGENT_SESSION)
    )
      return emptyPage()
    const where: string[] = []
    const params: unknown[] = []
    if (q.since !== undefined) addWhere(where, params, 'x.t_ms >= ?', q.since)
    if (q.until !== undefined) addWhere(where, params, 'x.t_ms <= ?', q.until)
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: 'x.*',
      from,
      where,
      params,
      keys: ['x.t_ms', 'x.id'],
      desc: true,
      limit: q.limit,
      cursor: q.cursor,
      what: 'errors',
    })
    return { items: page.rows.map(this.toError), nextCursor: page.nextCursor }
  }

  protected counts(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const t of [
      'agent_events',
      'agent_registry',
      'session_memory',
      'task_metrics',
      'agent_metrics',
      'swarm_metrics',
    ])
      if (this.has(t)) out[t] = this.boundedCount(t)
    return out
  }
}
