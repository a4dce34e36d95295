// Claude-Flow TraceStorage → domain. One `traces` row is one span (type = name, phase = status,
// timestamp + performance.duration = interval); parents come from traces.parent_id or, for rows
// written without it, trace_relationships. Payload BLOBs are JSON, gzip above 1000 bytes.
// Errors: error_events (event_id → traces.id) with their resolved flag.
import type { Session, Span, TraceError } from '../../shared/domain'
import type { ErrorQuery, Page, SessionQuery, SpanQuery } from '../../shared/queries'
import { decodeObject } from './blobJson'
import { SCAN_CAP } from './foreignSource'
import { ClaudeFlowExtended } from './claudeFlowExtended'
import { errorEventToError, errorPhaseToError } from './claudeFlowErrors'
import { taskEndSql } from './claudeFlowTaskEnd'
import { extraTraceColumns, traceRowToSpan } from './claudeFlowTraceRow'
import {
  claudeFlowFailedSql,
  claudeFlowStatusSql,
  errorMessageSql,
  phaseOkSql,
  type ClaudeFlowStatusColumns,
} from './claudeFlowStatus'
import { keysetPage, pageSize } from './pagedQuery'
import type { SafeConnection } from './safeOpen'
import { pageSessions, rowToSession, type SessionAggRow } from './sessionRows'
import { likePattern, quoteIdent, addWhere } from './sqlText'
import { boundFor, toMillis } from './timeParse'
import { reconcileSessionTimes } from '../../shared/sessionTimes'

const LIST_COUNT_CAP = 10_000

type Row = Record<string, unknown>

export class ClaudeFlowSource extends ClaudeFlowExtended {
  private readonly extraTraceCols: string[]
  /** how a trace's status is read (claudeFlowStatus.ts) */
  private readonly statusCols: ClaudeFlowStatusColumns

  constructor(conn: SafeConnection) {
    super(conn, 'claude-flow')
    const have = conn.schema
      .columns('traces')
      .filter((c) => !c.generated)
      .map((c) => c.name)
    this.extraTraceCols = extraTraceColumns(have)
    const phase = this.has('traces', 'phase') ? 'phase' : null
    this.statusCols = {
      alias: 't',
      id: 'id',
      type: 'type',
      phase,
      errorEvents: this.has('error_events'),
      ok: phase ? phaseOkSql('t', phase) : '0',
    }
    for (const t of [
      'sessions',
      'trace_relationships',
      'error_events',
      'agents',
      'agent_messages',
      'task_execution',
      'resource_usage',
    ])
      if (!this.has(t))
        this.notes.push(`Optional table "${t}" is missing; its records are not shown.`)
  }

  // ---- spans ------------------------------------------------------------------------------------

  private spanColumns(payloads = true): string {
    const c = (n: string) => this.col('traces', 't', n)
    const parent = this.has('trace_relationships')
      ? `COALESCE(t.parent_id, (SELECT r.parent_id FROM trace_relationships r WHERE r.child_id = t.id LIMIT 1))`
      : c('parent_id')
    const extras = this.extraTraceCols.map((n, i) => `t.${quoteIdent(n)} AS x${i}`)
    return [
      `t.id`,
      `t.session_id`,
      c('agent_id'),
      `t.type`,
      c('phase'),
      `t.timestamp`,
      `${parent} AS parent`,
      c('correlation_id') + ' AS correlation_id',
      (payloads ? c('data') : 'NULL') + ' AS data',
      (payloads ? c('metadata') : 'NULL') + ' AS metadata',
      c('performance') + ' AS performance',
      `${claudeFlowStatusSql(this.statusCols)} AS status_code`,
      `${errorMessageSql('t', 'id', this.has('error_events'))} AS err_message`,
      `${taskEndSql({ correlation: this.has('traces', 'correlation_id') })} AS end_ts`,
      ...extras,
    ].join(', ')
  }

  private toSpan = (r: Row): Span => traceRowToSpan(r, this.extraTraceCols)

  listSpans(q: SpanQuery): Page<Span> {
    return this.spanPage(q, true)
  }

  /** without data/metadata BLOBs (only performance, for durations): graph and stats */
  protected override listSpansLite(q: SpanQuery): Page<Span> {
    return this.spanPage(q, false)
  }

  /** `unexplained`: only traces without an error_events row (the errors spanErrors adds) */
  private spanPage(q: SpanQuery, payloads: boolean, unexplained = false): Page<Span> {
    const where: string[] = []
    const params: unknown[] = []
    if (unexplained) where.push('NOT EXISTS (SELECT 1 FROM error_events x WHERE x.event_id = t.id)')
    const tc = this.timeColumn('traces', 'timestamp')
    if (q.sessionId !== undefined) addWhere(where, params, 't.session_id = ?', q.sessionId)
    if (q.agentIds?.length)
      addWhere(
        where,
        params,
        `t.agent_id IN (${q.agentIds.map(() => '?').join(', ')})`,
        ...q.agentIds,
      )
    if (q.name !== undefined) addWhere(where, params, 't.type = ?', q.name)
    if (q.status) addWhere(where, params, `${claudeFlowStatusSql(this.statusCols)} = ?`, q.status)
    if (q.since !== undefined) addWhere(where, params, 't.timestamp >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 't.timestamp <= ?', boundFor(q.until, tc))
    if (q.text) {
      const p = likePattern(q.text)
      where.push(
        `(t.type LIKE ? ESCAPE '\\' OR t.id LIKE ? ESCAPE '\\' OR t.agent_id LIKE ? ESCAPE '\\' OR CAST(t.data AS TEXT) LIKE ? ESCAPE '\\')`,
      )
      params.push(p, p, p, p)
      if (q.sessionId === undefined)
        where.push(`t.rowid > (SELECT max(rowid) FROM traces) - ${SCAN_CAP}`)
    }
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: this.spanColumns(payloads),
      from: 'traces t',
      where,
      params,
      // within a session the (session_id, timestamp) index gives time order; across sessions the
      // file has no time index, so rows come in insertion order (≈ time) instead of a full sort
      keys: q.sessionId !== undefined ? ['t.timestamp', 't.rowid'] : ['t.rowid'],
      desc: q.order === 'desc',
      limit: q.limit,
      cursor: q.cursor,
      what: 'spans',
    })
    return { items: page.rows.map(this.toSpan), nextCursor: page.nextCursor }
  }

  protected spanById(sessionId: string, spanId: string): Span | null {
    const r = this.one<Row>(
      `SELECT ${this.spanColumns()} FROM traces t WHERE t.id = ? AND t.session_id = ?`,
      [spanId, sessionId],
      'a span',
    )
    return r ? this.toSpan(r) : null
  }

  protected childSpans(sessionId: string, spanId: string, limit: number): Span[] {
    const viaRel = this.has('trace_relationships')
      ? ' OR t.id IN (SELECT child_id FROM trace_relationships WHERE parent_id = ?)'
      : ''
    const params = this.has('trace_relationships')
      ? [spanId, spanId, sessionId]
      : [spanId, sessionId]
    return this.all<Row>(
      `SELECT ${this.spanColumns()} FROM traces t WHERE (t.parent_id = ?${viaRel}) AND t.session_id = ? ORDER BY t.timestamp LIMIT ${limit}`,
      params,
      'child spans',
    ).map(this.toSpan)
  }

  // ---- sessions ---------------------------------------------------------------------------------

  private sessionCounts(
    id: string,
    cap: number,
  ): Pick<
    SessionAggRow,
    'span_count' | 'error_count' | 'unresolved_count' | 'agent_count' | 'last_raw'
  > {
    const failed = claudeFlowFailedSql(this.statusCols)
    const bare = this.has('error_events')
      ? `${failed} AND NOT EXISTS (SELECT 1 FROM error_events x WHERE x.event_id = t.id)`
      : failed
    const head = `(SELECT id, agent_id, timestamp, ${this.col('traces', 'traces', 'phase')} AS phase, type FROM traces WHERE session_id = ? LIMIT ${cap})`
    const spans = this.one<{ n: number; agents: number; bare: number }>(
      `SELECT count(*) AS n, count(DISTINCT agent_id) AS agents, COALESCE(sum(${bare}), 0) AS bare FROM ${head} t`,
      [id],
      'session counts',
    )
    const last = this.one<{ v: unknown }>(
      'SELECT timestamp AS v FROM traces WHERE session_id = ? ORDER BY timestamp DESC LIMIT 1',
      [id],
      'session activity',
    )
    const errs = this.has('error_events')
      ? this.one<{ n: number; open: number }>(
          `SELECT count(*) AS n, COALESCE(sum(e.resolved = 0 OR e.resolved IS NULL), 0) AS open FROM ${head} t JOIN error_events e ON e.event_id = t.id`,
          [id],
          'session errors',
        )
      : undefined
    // the errors are the error_events rows plus failed traces no error_events row explains
    // (listErrors lists exactly these), so the header, the Errors tab and the filters agree
    const bareCount = spans?.bare ?? 0
    return {
      span_count: spans?.n ?? 0,
      agent_count: spans?.agents ?? 0,
      last_raw: last?.v ?? null,
      error_count: (errs?.n ?? 0) + bareCount,
      unresolved_count: (errs?.open ?? 0) + bareCount,
    }
  }

  private sessionFrom(): string {
    // last activity: one probe at the end of (session_id, timestamp) per session, so
    // "recent first" sorts by what was last written, not by when a session started
    if (this.has('sessions')) {
      const c = (n: string) => this.col('sessions', 's', n)
      return `(SELECT s.id AS id, ${c('name')} AS name, ${c('status')} AS status_raw, ${c('start_time')} AS start_raw, ${c('end_time')} AS end_raw, (SELECT t.timestamp FROM traces t WHERE t.session_id = s.id ORDER BY t.timestamp DESC LIMIT 1) AS last_raw, NULL AS span_count, NULL AS error_count, NULL AS unresolved_count, NULL AS agent_count, ${c('metadata')} AS attrs FROM sessions s) g`
    }
    // no sessions table: sessions are the distinct session_id values of the most recent traces
    return `(SELECT session_id AS id, NULL AS name, NULL AS status_raw, min(timestamp) AS start_raw, NULL AS end_raw, max(timestamp) AS last_raw, NULL AS span_count, NULL AS error_count, NULL AS unresolved_count, NULL AS agent_count, NULL AS attrs FROM (SELECT session_id, timestamp FROM traces ORDER BY rowid DESC LIMIT ${SCAN_CAP}) GROUP BY session_id) g`
  }

  private finishSession =
    (cap: number) =>
    (r: SessionAggRow): Session => {
      const counts = this.sessionCounts(String(r.id), cap)
      const attrs = decodeObject(r.attrs)
      if ((counts.span_count ?? 0) >= cap) attrs['tracescope.countsCapped'] = cap
      const s = rowToSession({ ...r, ...counts, last_raw: counts.last_raw ?? r.last_raw }, attrs)
      const first = this.one<{ v: unknown }>(
        'SELECT timestamp AS v FROM traces WHERE session_id = ? ORDER BY timestamp LIMIT 1',
        [String(r.id)],
        'session start',
      )
      // the sessions row's times give way to the traces' when they contradict them
      return reconcileSessionTimes(s, {
        first: toMillis(first?.v),
        last: toMillis(counts.last_raw),
      })
    }

  listSessions(q: SessionQuery): Page<Session> {
    const time = this.has('sessions')
      ? this.timeColumn('sessions', 'start_time')
      : this.timeColumn('traces', 'timestamp')
    return pageSessions(
      this.conn.db,
      this.file,
      {
        from: this.sessionFrom(),
        params: [],
        time,
        ownStatus: this.has('sessions'),
        what: 'sessions',
      },
      q,
      this.finishSession(LIST_COUNT_CAP),
    )
  }

  getSession(id: string): Session | null {
    const r = this.one<SessionAggRow>(
      `SELECT g.* FROM ${this.sessionFrom()} WHERE g.id = ?`,
      [id],
      'a session',
    )
    if (r) return this.finishSession(SCAN_CAP * 5)(r)
    const any = this.one<{ t: unknown }>(
      'SELECT min(timestamp) AS t FROM traces WHERE session_id = ?',
      [id],
      'a session',
    )
    if (!any || any.t === null) return null
    const row: SessionAggRow = {
      id,
      name: null,
      status_raw: null,
      start_raw: any.t,
      end_raw: null,
      last_raw: null,
      span_count: null,
      error_count: null,
      unresolved_count: null,
      agent_count: null,
    }
    return this.finishSession(SCAN_CAP * 5)(row)
  }

  // ---- errors -----------------------------------------------------------------------------------

  private toError = (r: Row): TraceError => errorEventToError(r)

  private errorColumns(): string {
    const c = (n: string) => this.col('error_events', 'e', n)
    return `e.rowid AS eid, e.event_id, t.session_id, t.agent_id, t.timestamp, ${c('error_type')} AS error_type, ${c('error_message')} AS error_message, ${c('stack_trace')} AS stack_trace, ${c('recovery_action')} AS recovery_action, ${c('resolved')} AS resolved, ${c('created_at')} AS created_at, ${c('resolution_note')} AS note, ${c('resolved_at')} AS resolved_at`
  }

  /**
   * Failed traces that no error_events row explains (every failed trace in files without the
   * table) are errors of their own, keyed by trace id: unresolved, their message from the payload.
   */
  private spanErrors(q: ErrorQuery): Page<TraceError> {
    if (q.resolved === true) return { items: [], nextCursor: null }
    const page = this.spanPage(
      {
        sessionId: q.sessionId,
        since: q.since,
        until: q.until,
        status: 'error',
        limit: q.limit,
        cursor: q.cursor,
      },
      true,
      this.has('error_events'),
    )
    return { items: page.items.map((s) => errorPhaseToError(s)), nextCursor: page.nextCursor }
  }

  /** error_events rows (newest first), then the failed traces without one (spanErrors). */
  listErrors(q: ErrorQuery): Page<TraceError> {
    if (!this.has('error_events')) return this.spanErrors(q)
    const limit = pageSize(q.limit)
    const cursor = q.cursor ?? null
    if (cursor?.startsWith('s:')) {
      const page = this.spanErrors({ ...q, cursor: cursor.slice(2) })
      return { items: page.items, nextCursor: page.nextCursor && `s:${page.nextCursor}` }
    }
    const where: string[] = []
    const params: unknown[] = []
    if (q.sessionId !== undefined) addWhere(where, params, 't.session_id = ?', q.sessionId)
    if (q.resolved === true) where.push('e.resolved <> 0')
    if (q.resolved === false) where.push('(e.resolved = 0 OR e.resolved IS NULL)')
    const tc = this.timeColumn('traces', 'timestamp')
    if (q.since !== undefined) addWhere(where, params, 't.timestamp >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 't.timestamp <= ?', boundFor(q.until, tc))
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: this.errorColumns(),
      from: 'error_events e LEFT JOIN traces t ON t.id = e.event_id',
      where,
      params,
      keys: ['e.rowid'],
      desc: true,
      limit,
      cursor: cursor?.startsWith('e:') ? cursor.slice(2) : cursor,
      what: 'errors',
    })
    const items = page.rows.map(this.toError)
    if (page.nextCursor) return { items, nextCursor: `e:${page.nextCursor}` }
    if (items.length >= limit) return { items, nextCursor: 's:' }
    const rest = this.spanErrors({ ...q, limit: limit - items.length, cursor: null })
    return {
      items: items.concat(rest.items),
      nextCursor: rest.nextCursor && `s:${rest.nextCursor}`,
    }
  }

  protected override errorsForSpan(sessionId: string, spanId: string): TraceError[] {
    const rows = this.has('error_events')
      ? this.all<Row>(
          `SELECT ${this.errorColumns()} FROM error_events e LEFT JOIN traces t ON t.id = e.event_id WHERE e.event_id = ? LIMIT 500`,
          [spanId],
          'span errors',
        ).map(this.toError)
      : []
    if (rows.length) return rows
    const s = this.spanById(sessionId, spanId)
    return s && s.status === 'error' ? [errorPhaseToError(s)] : []
  }

  protected counts(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const t of [
      'sessions',
      'traces',
      'error_events',
      'agents',
      'agent_messages',
      'task_execution',
      'performance_snapshots',
      'resource_usage',
      'trace_events',
    ])
      if (this.has(t)) out[t] = this.boundedCount(t)
    return out
  }
}
