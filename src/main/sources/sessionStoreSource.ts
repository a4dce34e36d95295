// The session-keyed trace store → domain. A session is a session_uid of trace_sessions; each
// `traces` row is a span (context_type = name, namespace = kind, created_at..updated_at) of every
// session it is linked to. Error spans: context_type containing "error" or data with an error.
// With the denormalized trace_sessions.created_at (+ idx_trace_sessions_uid_time) a session's
// recent spans are one index range scan; without it, the session index plus a bounded sort.
import type { Session, Span, TraceError } from '../../shared/domain'
import type { ErrorQuery, Page, SessionQuery, SpanQuery } from '../../shared/queries'
import { decodeJsonish, decodeObject, plainValue } from './blobJson'
import { ForeignSource, SCAN_CAP } from './foreignSource'
import { emptyPage, keysetPage } from './pagedQuery'
import type { SafeConnection } from './safeOpen'
import { pageSessions, rowToSession, type SessionAggRow } from './sessionRows'
import { likePattern, addWhere, quoteIdent } from './sqlText'
import { boundFor, toMillis } from './timeParse'

type Row = Record<string, unknown>
const ERRORISH = `(t.context_type LIKE '%error%' OR t.data LIKE '%"error"%')`

export class SessionStoreSource extends ForeignSource {
  /** trace_sessions.created_at exists (the optimisation its design asks for) */
  readonly denormalized: boolean

  private readonly extra: string[]

  constructor(conn: SafeConnection) {
    super(conn, 'session-store')
    const mapped = [
      'id',
      'context_type',
      'namespace',
      'data',
      'metadata',
      'created_at',
      'updated_at',
    ]
    this.extra = conn.schema
      .columns('traces')
      .filter((c) => !c.generated && !mapped.includes(c.name.toLowerCase()))
      .map((c) => c.name)
    this.denormalized = this.has('trace_sessions', 'created_at')
    const composite = conn.schema
      .indexes('trace_sessions')
      .some((i) => /session_uid\s*,\s*created_at/i.test(i.sql ?? ''))
    if (!this.denormalized || !composite)
      this.notes.push(
        'This session-keyed trace store lacks the (session_uid, created_at) index its design asks for (trace_sessions.created_at + a composite index), so recent-spans queries on big sessions are slower. "tracescope maintain --optimize" can add it to a copy.',
      )
  }

  private spanColumns(session: string): string {
    const c = (n: string) => this.col('traces', 't', n)
    const extras = this.extra.map((n, i) => `, t.${quoteIdent(n)} AS x${i}`).join('')
    return `t.id, ${session} AS session_uid, t.context_type, ${c('namespace')} AS namespace, ${c('data')} AS data, ${c('metadata')} AS metadata, t.created_at, ${c('updated_at')} AS updated_at${extras}`
  }

  private toSpan = (r: Row): Span => {
    const start = toMillis(r.created_at) ?? 0
    const updated = toMillis(r.updated_at)
    const end = updated !== null && updated >= start ? updated : null
    const data = decodeJsonish(r.data)
    const d = data && typeof data === 'object' ? (data as Record<string, unknown>) : {}
    const failed =
      String(r.context_type).toLowerCase().includes('error') ||
      d.error !== undefined ||
      d.status === 'error'
    return {
      sessionId: String(r.session_uid ?? ''),
      traceId: String(r.session_uid ?? ''),
      spanId: String(r.id),
      parentSpanId: null,
      name: String(r.context_type),
      kind: String(r.namespace ?? 'internal'),
      agentId: null,
      startTime: start,
      endTime: end,
      durationMs: end !== null ? end - start : null,
      status: failed ? 'error' : 'ok',
      statusMessage: failed && d.error !== undefined ? String(d.error) : null,
      attributes: {
        namespace: r.namespace ?? null,
        data,
        metadata: decodeObject(r.metadata),
        ...Object.fromEntries(this.extra.map((n, i) => [n, plainValue(r[`x${i}`])])),
      },
    }
  }

  private spanQuery(q: SpanQuery & { errorsOnly?: boolean }): Page<Span> {
    if (q.agentIds?.length) return emptyPage()
    const where: string[] = []
    const params: unknown[] = []
    let from: string
    let keys: string[]
    let columns: string
    if (q.sessionId !== undefined) {
      where.push('ts.session_uid = ?')
      params.push(q.sessionId)
      from = 'trace_sessions ts JOIN traces t ON t.id = ts.trace_id'
      columns = this.spanColumns('ts.session_uid')
      // the junction's own created_at keeps filter and order inside idx_trace_sessions_uid_time;
      // a writer that predates the upgrade leaves it NULL on new rows: then use the traces' time
      const junction = this.denormalized && !this.hasNullJunctionTimes(q.sessionId)
      const timeExpr = junction ? 'ts.created_at' : 't.created_at'
      const tc = junction
        ? this.timeColumn('trace_sessions', 'created_at')
        : this.timeColumn('traces', 'created_at')
      keys = [timeExpr, 'ts.rowid']
      if (q.since !== undefined) addWhere(where, params, `${timeExpr} >= ?`, boundFor(q.since, tc))
      if (q.until !== undefined) addWhere(where, params, `${timeExpr} <= ?`, boundFor(q.until, tc))
    } else {
      from = 'traces t'
      columns = this.spanColumns(
        '(SELECT s.session_uid FROM trace_sessions s WHERE s.trace_id = t.id LIMIT 1)',
      )
      keys = ['t.created_at', 't.rowid']
      const tc = this.timeColumn('traces', 'created_at')
      if (q.since !== undefined) addWhere(where, params, 't.created_at >= ?', boundFor(q.since, tc))
      if (q.until !== undefined) addWhere(where, params, 't.created_at <= ?', boundFor(q.until, tc))
    }
    if (q.name !== undefined) addWhere(where, params, 't.context_type = ?', q.name)
    if (q.status === 'error' || q.errorsOnly) where.push(ERRORISH)
    if (q.status === 'ok') where.push(`NOT ${ERRORISH}`)
    if (q.status === 'unset') where.push('0')
    if (q.text) {
      const p = likePattern(q.text)
      where.push(
        `(t.context_type LIKE ? ESCAPE '\\' OR t.id LIKE ? ESCAPE '\\' OR t.data LIKE ? ESCAPE '\\')`,
      )
      params.push(p, p, p)
      if (q.sessionId === undefined)
        where.push(`t.rowid > (SELECT max(rowid) FROM traces) - ${SCAN_CAP}`)
    }
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns,
      from,
      where,
      params,
      keys,
      desc: q.order === 'desc',
      limit: q.limit,
      cursor: q.cursor,
      what: 'traces',
    })
    return { items: page.rows.map(this.toSpan), nextCursor: page.nextCursor }
  }

  /** one index probe: (session_uid = ? AND created_at IS NULL) is a range of the composite index */
  private hasNullJunctionTimes(sessionId: string): boolean {
    return (
      this.one<{ x: number }>(
        'SELECT 1 AS x FROM trace_sessions WHERE session_uid = ? AND created_at IS NULL LIMIT 1',
        [sessionId],
        'the session index',
      ) !== undefined
    )
  }

  listSpans(q: SpanQuery): Page<Span> {
    return this.spanQuery(q)
  }

  /** The store's own hot query: the most recent spans of one session since a time (used by tests/benchmarks). */
  recentSpans(sessionId: string, since: number, limit: number): Span[] {
    return this.spanQuery({ sessionId, since, limit, order: 'desc' }).items
  }

  protected spanById(sessionId: string, spanId: string): Span | null {
    const r = this.one<Row>(
      `SELECT ${this.spanColumns('ts.session_uid')} FROM trace_sessions ts JOIN traces t ON t.id = ts.trace_id WHERE ts.session_uid = ? AND ts.trace_id = ?`,
      [sessionId, spanId],
      'a trace',
    )
    return r ? this.toSpan(r) : null
  }

  protected childSpans(): Span[] {
    return [] // this store's traces are flat
  }

  // ---- sessions ---------------------------------------------------------------------------------

  private sessionFrom(sessionId?: string): { from: string; params: unknown[] } {
    const time = this.denormalized
      ? 'ts.created_at'
      : '(SELECT t.created_at FROM traces t WHERE t.id = ts.trace_id)'
    const rows =
      sessionId !== undefined
        ? `(SELECT ts.session_uid, ts.trace_id, ${time} AS created_at FROM trace_sessions ts WHERE ts.session_uid = ? LIMIT ${SCAN_CAP * 5})`
        : `(SELECT ts.session_uid, ts.trace_id, ${time} AS created_at FROM trace_sessions ts ORDER BY ts.rowid DESC LIMIT ${SCAN_CAP})`
    return {
      from: `(SELECT r.session_uid AS id, NULL AS name, NULL AS status_raw, min(r.created_at) AS start_raw, max(r.created_at) AS end_raw, max(r.created_at) AS last_raw, count(*) AS span_count, 0 AS error_count, NULL AS unresolved_count, 0 AS agent_count FROM ${rows} r GROUP BY r.session_uid) g`,
      params: sessionId !== undefined ? [sessionId] : [],
    }
  }

  private toSession = (r: SessionAggRow): Session => {
    const e = this.one<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT t.context_type, t.data FROM trace_sessions ts JOIN traces t ON t.id = ts.trace_id WHERE ts.session_uid = ? LIMIT ${SCAN_CAP}) t WHERE ${ERRORISH}`,
      [r.id],
      'session errors',
    )
    const s = rowToSession(
      { ...r, error_count: e?.n ?? 0, unresolved_count: e?.n ?? 0 },
      {},
      { openEnded: true },
    )
    return s
  }

  listSessions(q: SessionQuery): Page<Session> {
    const { from, params } = this.sessionFrom()
    const time = this.denormalized
      ? this.timeColumn('trace_sessions', 'created_at')
      : this.timeColumn('traces', 'created_at')
    return pageSessions(
      this.conn.db,
      this.file,
      { from, params, time, what: 'sessions' },
      q,
      this.toSession,
    )
  }

  getSession(id: string): Session | null {
    const { from, params } = this.sessionFrom(id)
    const r = this.one<SessionAggRow>(`SELECT g.* FROM ${from}`, params, 'a session')
    return r && r.id !== null ? this.toSession(r) : null
  }

  // ---- errors -----------------------------------------------------------------------------------

  private toError = (s: Span): TraceError => ({
    id: s.spanId,
    sessionId: s.sessionId,
    spanId: s.spanId,
    agentId: null,
    time: s.startTime,
    type: s.name,
    message: s.statusMessage ?? `${s.name} in ${s.kind}`,
    stack: null,
    recoveryAction: null,
    resolved: false,
    resolutionNote: null,
    resolvedAt: null,
  })

  listErrors(q: ErrorQuery): Page<TraceError> {
    if (q.resolved === true) return emptyPage()
    const page = this.spanQuery({
      sessionId: q.sessionId,
      since: q.since,
      until: q.until,
      limit: q.limit,
      cursor: q.cursor,
      order: 'desc',
      errorsOnly: true,
    })
    return { items: page.items.map(this.toError), nextCursor: page.nextCursor }
  }

  override findError(id: string): TraceError | null {
    const r = this.one<Row>(
      `SELECT ${this.spanColumns('(SELECT s.session_uid FROM trace_sessions s WHERE s.trace_id = t.id LIMIT 1)')} FROM traces t WHERE t.id = ? AND ${ERRORISH}`,
      [id],
      'an error',
    )
    return r ? this.toError(this.toSpan(r)) : null
  }

  protected counts(): Record<string, number> {
    return { traces: this.boundedCount('traces'), links: this.boundedCount('trace_sessions') }
  }
}
