// Claude-Flow files written by its tracing schema.sql, which has no `traces` table: each
// `trace_events` row is a span (type = name, timestamp + duration = interval, parent_id), the
// swarm_id is the session, error_events point at trace_events.id. The monitoring tables (agents,
// messages, tasks, resource usage) are read as in the TraceStorage layout (ClaudeFlowExtended).
import type { Session, Span, SpanStatus, TraceError, TraceEvent } from '../../shared/domain'
import type { ErrorQuery, EventQuery, Page, SessionQuery, SpanQuery } from '../../shared/queries'
import { decodeJsonish } from './blobJson'
import { ClaudeFlowExtended } from './claudeFlowExtended'
import { errorEventToError, errorPhaseToError } from './claudeFlowErrors'
import { claudeFlowFailedSql, errorMessageSql } from './claudeFlowStatus'
import { SCAN_CAP } from './foreignSource'
import { emptyPage, keysetPage, pageSize } from './pagedQuery'
import type { SafeConnection } from './safeOpen'
import { pageSessions, rowToSession, type SessionAggRow } from './sessionRows'
import { addWhere, likePattern, nullableText } from './sqlText'
import { boundFor, toMillis } from './timeParse'

type Row = Record<string, unknown>
const str = nullableText

export class ClaudeFlowEventsSource extends ClaudeFlowExtended {
  protected override spanTable = { table: 'trace_events', session: 'swarm_id' }

  constructor(conn: SafeConnection) {
    super(conn, 'claude-flow')
    this.notes.push(
      'Claude-Flow tracing schema (trace_events): each event is a span, swarm_id is the session.',
    )
  }

  private columns(): string {
    const c = (n: string) => this.col('trace_events', 'e', n)
    return `e.id, e.swarm_id, e.agent_id, e.type, e.timestamp, ${c('parent_id')} AS parent_id, ${c('duration')} AS duration, ${c('data')} AS data, ${c('metadata')} AS metadata, ${c('children')} AS children, ${this.statusSql()} AS status_code, ${errorMessageSql('e', 'id', this.has('error_events'))} AS err_message`
  }

  /** failed: the Claude-Flow rule (claudeFlowStatus.ts) or an error object in the JSON data */
  private failedSql(): string {
    const rule = claudeFlowFailedSql({
      alias: 'e',
      id: 'id',
      type: 'type',
      phase: null,
      errorEvents: this.has('error_events'),
      ok: '0',
    })
    return `(${rule} OR e.data LIKE '%"error"%')`
  }

  /** the status selected and filtered on: one expression, so both agree */
  private statusSql(): string {
    return `(CASE WHEN ${this.failedSql()} THEN 'error' WHEN e.duration IS NOT NULL THEN 'ok' ELSE 'unset' END)`
  }

  private toSpan = (r: Row): Span => {
    const start = toMillis(r.timestamp) ?? 0
    const duration = r.duration === null || r.duration === undefined ? null : Number(r.duration)
    const data = decodeJsonish(r.data)
    const err = (data as { error?: { message?: unknown } } | null)?.error
    const status = r.status_code as SpanStatus
    const message = str(r.err_message) ?? (err?.message ? String(err.message) : null)
    return {
      sessionId: String(r.swarm_id),
      traceId: String(r.swarm_id),
      spanId: String(r.id),
      parentSpanId: str(r.parent_id),
      name: String(r.type),
      kind: String(r.type),
      agentId: str(r.agent_id),
      startTime: start,
      endTime: duration !== null ? start + duration : null,
      durationMs: duration,
      status,
      statusMessage: status === 'error' ? message : null,
      attributes: {
        data,
        metadata: decodeJsonish(r.metadata),
        children: decodeJsonish(r.children),
      },
    }
  }

  listSpans(q: SpanQuery): Page<Span> {
    return this.spanPage(q, false)
  }

  /** `unexplained`: only events without an error_events row (the errors listErrors adds) */
  private spanPage(q: SpanQuery, unexplained: boolean): Page<Span> {
    const where: string[] = []
    const params: unknown[] = []
    const tc = this.timeColumn('trace_events', 'timestamp')
    if (q.sessionId !== undefined) addWhere(where, params, 'e.swarm_id = ?', q.sessionId)
    if (q.agentIds?.length)
      addWhere(
        where,
        params,
        `e.agent_id IN (${q.agentIds.map(() => '?').join(', ')})`,
        ...q.agentIds,
      )
    if (q.name !== undefined) addWhere(where, params, 'e.type = ?', q.name)
    if (q.status) addWhere(where, params, `${this.statusSql()} = ?`, q.status)
    if (unexplained) where.push('NOT EXISTS (SELECT 1 FROM error_events x WHERE x.event_id = e.id)')
    if (q.since !== undefined) addWhere(where, params, 'e.timestamp >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 'e.timestamp <= ?', boundFor(q.until, tc))
    if (q.text) {
      const p = likePattern(q.text)
      addWhere(
        where,
        params,
        `(e.type LIKE ? ESCAPE '\\' OR e.id LIKE ? ESCAPE '\\' OR e.data LIKE ? ESCAPE '\\')`,
        p,
        p,
        p,
      )
      if (q.sessionId === undefined)
        where.push(`e.rowid > (SELECT max(rowid) FROM trace_events) - ${SCAN_CAP}`)
    }
    // idx_events_timestamp serves the order across swarms; within one, its swarm_id rows are sorted
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: this.columns(),
      from: 'trace_events e',
      where,
      params,
      keys: ['e.timestamp', 'e.rowid'],
      desc: q.order === 'desc',
      limit: q.limit,
      cursor: q.cursor,
      what: 'trace events',
    })
    return { items: page.rows.map(this.toSpan), nextCursor: page.nextCursor }
  }

  protected spanById(sessionId: string, spanId: string): Span | null {
    const r = this.one<Row>(
      `SELECT ${this.columns()} FROM trace_events e WHERE e.id = ? AND e.swarm_id = ?`,
      [spanId, sessionId],
      'a span',
    )
    return r ? this.toSpan(r) : null
  }

  protected childSpans(sessionId: string, spanId: string, limit: number): Span[] {
    return this.all<Row>(
      `SELECT ${this.columns()} FROM trace_events e WHERE e.parent_id = ? AND e.swarm_id = ? ORDER BY e.timestamp LIMIT ${limit}`,
      [spanId, sessionId],
      'child spans',
    ).map(this.toSpan)
  }

  // trace_events are this layout's spans, not additional events
  override listEvents(_q: EventQuery): Page<TraceEvent> {
    return emptyPage()
  }
  override listEventAgents(_sessionId: string): string[] {
    return []
  }

  // ---- sessions: the swarms ------------------------------------------------------------------------

  private sessionFrom(sessionId?: string): { from: string; params: unknown[] } {
    const rows =
      sessionId !== undefined
        ? `(SELECT swarm_id, timestamp, agent_id FROM trace_events WHERE swarm_id = ? LIMIT ${SCAN_CAP * 5})`
        : `(SELECT swarm_id, timestamp, agent_id FROM trace_events ORDER BY rowid DESC LIMIT ${SCAN_CAP})`
    return {
      from: `(SELECT e.swarm_id AS id, NULL AS name, NULL AS status_raw, min(e.timestamp) AS start_raw, max(e.timestamp) AS end_raw, max(e.timestamp) AS last_raw, count(*) AS span_count, NULL AS error_count, NULL AS unresolved_count, count(DISTINCT e.agent_id) AS agent_count FROM ${rows} e GROUP BY e.swarm_id) g`,
      params: sessionId !== undefined ? [sessionId] : [],
    }
  }

  private toSession = (r: SessionAggRow): Session => {
    const errs = this.has('error_events')
      ? this.one<{ n: number; open: number }>(
          `SELECT count(*) AS n, COALESCE(sum(x.resolved = 0 OR x.resolved IS NULL), 0) AS open FROM (SELECT id FROM trace_events WHERE swarm_id = ? LIMIT ${SCAN_CAP}) e JOIN error_events x ON x.event_id = e.id`,
          [r.id],
          'swarm errors',
        )
      : undefined
    // failed events no error_events row explains are errors too (listErrors lists them)
    const unexplained = this.has('error_events')
      ? ' AND NOT EXISTS (SELECT 1 FROM error_events x WHERE x.event_id = e.id)'
      : ''
    const bare =
      this.one<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT id, type, data FROM trace_events WHERE swarm_id = ? LIMIT ${SCAN_CAP}) e WHERE ${this.failedSql()}${unexplained}`,
        [r.id],
        'swarm failures',
      )?.n ?? 0
    return rowToSession(
      { ...r, error_count: (errs?.n ?? 0) + bare, unresolved_count: (errs?.open ?? 0) + bare },
      {},
      { openEnded: true },
    )
  }

  listSessions(q: SessionQuery): Page<Session> {
    const { from, params } = this.sessionFrom()
    return pageSessions(
      this.conn.db,
      this.file,
      { from, params, time: this.timeColumn('trace_events', 'timestamp'), what: 'swarms' },
      q,
      this.toSession,
    )
  }

  getSession(id: string): Session | null {
    const { from, params } = this.sessionFrom(id)
    const r = this.one<SessionAggRow>(`SELECT g.* FROM ${from}`, params, 'a swarm')
    return r && r.id !== null ? this.toSession(r) : null
  }

  // ---- errors ---------------------------------------------------------------------------------------

  private errorColumns(): string {
    const c = (n: string) => this.col('error_events', 'x', n)
    return `x.rowid AS eid, x.event_id, e.swarm_id AS session_id, e.agent_id, e.timestamp, ${c('error_type')} AS error_type, ${c('error_message')} AS error_message, ${c('stack_trace')} AS stack_trace, ${c('recovery_action')} AS recovery_action, ${c('resolved')} AS resolved, ${c('created_at')} AS created_at, ${c('resolution_note')} AS note, ${c('resolved_at')} AS resolved_at`
  }

  /** failed events without an error_events row, as errors keyed by event id */
  private bareErrors(q: ErrorQuery): Page<TraceError> {
    if (q.resolved === true) return emptyPage()
    const page = this.spanPage(
      {
        sessionId: q.sessionId,
        since: q.since,
        until: q.until,
        status: 'error',
        limit: q.limit,
        cursor: q.cursor,
      },
      this.has('error_events'),
    )
    return { items: page.items.map((s) => errorPhaseToError(s)), nextCursor: page.nextCursor }
  }

  /** error_events rows (newest first), then the failed events without one */
  listErrors(q: ErrorQuery): Page<TraceError> {
    if (!this.has('error_events')) return this.bareErrors(q)
    const limit = pageSize(q.limit)
    const cursor = q.cursor ?? null
    if (cursor?.startsWith('s:')) {
      const page = this.bareErrors({ ...q, cursor: cursor.slice(2) })
      return { items: page.items, nextCursor: page.nextCursor && `s:${page.nextCursor}` }
    }
    const where: string[] = []
    const params: unknown[] = []
    if (q.sessionId !== undefined) addWhere(where, params, 'e.swarm_id = ?', q.sessionId)
    if (q.resolved === true) where.push('x.resolved <> 0')
    if (q.resolved === false) where.push('(x.resolved = 0 OR x.resolved IS NULL)')
    const tc = this.timeColumn('trace_events', 'timestamp')
    if (q.since !== undefined) addWhere(where, params, 'e.timestamp >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 'e.timestamp <= ?', boundFor(q.until, tc))
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: this.errorColumns(),
      from: 'error_events x LEFT JOIN trace_events e ON e.id = x.event_id',
      where,
      params,
      keys: ['x.rowid'],
      desc: true,
      limit,
      cursor: cursor?.startsWith('e:') ? cursor.slice(2) : cursor,
      what: 'errors',
    })
    const items = page.rows.map((r) => errorEventToError(r))
    if (page.nextCursor) return { items, nextCursor: `e:${page.nextCursor}` }
    if (items.length >= limit) return { items, nextCursor: 's:' }
    const rest = this.bareErrors({ ...q, limit: limit - items.length, cursor: null })
    return {
      items: items.concat(rest.items),
      nextCursor: rest.nextCursor && `s:${rest.nextCursor}`,
    }
  }

  protected counts(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const t of [
      'trace_events',
      'error_events',
      'agents',
      'agent_messages',
      'task_execution',
      'resource_usage',
    ])
      if (this.has(t)) out[t] = this.boundedCount(t)
    return out
  }
}
