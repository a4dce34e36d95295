// ddeutil-workflow SQLiteHandler → domain. The file is one wide log table:
//  - a session is a run_id (nested runs point to their parent via parent_run_id);
//  - each run is a span `run:<run_id>` (child of `run:<parent_run_id>`), and rows sharing a span_id
//    form a span under parent_span_id (or under their run): intervals are min/max of row times;
//  - every row is an event (a log line); rows at level error/critical/exception are errors with the
//    exception fields.
import type { Session, Span, TraceError, TraceEvent } from '../../shared/domain'
import type { ErrorQuery, EventQuery, Page, SessionQuery, SpanQuery } from '../../shared/queries'
import { decodeJsonish, plainValue } from './blobJson'
import { ForeignSource, SCAN_CAP } from './foreignSource'
import { emptyPage, keysetPage } from './pagedQuery'
import type { SafeConnection } from './safeOpen'
import { pageSessions, rowToSession, type SessionAggRow } from './sessionRows'
import { likePattern, quoteIdent, addWhere, nullableText } from './sqlText'
import { boundFor, toMillis } from './timeParse'
import { sessionQuietMs } from '../../shared/sessionStatusRule'
import { toneSql } from '../../shared/levelTone'

const ERROR_LEVELS = "('error', 'critical', 'exception', 'fatal')"
const MAPPED = [
  'id',
  'run_id',
  'parent_run_id',
  'level',
  'message',
  'datetime',
  'span_id',
  'parent_span_id',
  'exception_type',
  'exception_message',
  'stack_trace',
]

type Row = Record<string, unknown>
const str = nullableText

export const runSpanId = (runId: string) => `run:${runId}`

export class DdeutilSource extends ForeignSource {
  private readonly extra: string[]

  constructor(conn: SafeConnection) {
    super(conn, 'ddeutil-workflow')
    this.extra = conn.schema
      .columns('traces')
      .filter((c) => !c.generated && !MAPPED.includes(c.name.toLowerCase()))
      .map((c) => c.name)
    // max(rowid) is one index probe: an estimate of the log size without counting it
    const rows = this.one<{ m: number | null }>(
      'SELECT max(rowid) AS m FROM traces',
      [],
      'the log size',
    )
    if ((rows?.m ?? 0) > SCAN_CAP)
      this.notes.push(
        `Sessions are summarised from the most recent ${SCAN_CAP} log rows; open a run by id to see older ones.`,
      )
  }

  private c(name: string, alias = 'r'): string {
    return this.col('traces', alias, name)
  }

  /** rows of one run (indexed) or of the most recent SCAN_CAP rows */
  private rows(sessionId: string | undefined): { sql: string; params: unknown[] } {
    const cols = [
      'id',
      'run_id',
      'parent_run_id',
      'level',
      'message',
      'datetime',
      'span_id',
      'parent_span_id',
      'stage_name',
      'job_name',
      'workflow_name',
      'duration_ms',
      'exception_message',
    ]
    const select = cols.map((n) => `${this.c(n, 't')} AS ${n}`).join(', ')
    if (sessionId !== undefined)
      return {
        sql: `(SELECT ${select} FROM traces t WHERE t.run_id = ? LIMIT ${SCAN_CAP * 5})`,
        params: [sessionId],
      }
    return {
      sql: `(SELECT ${select} FROM traces t ORDER BY t.rowid DESC LIMIT ${SCAN_CAP})`,
      params: [],
    }
  }

  private spanUnion(sessionId: string | undefined): { from: string; params: unknown[] } {
    const a = this.rows(sessionId)
    const b = this.rows(sessionId)
    const err = `sum(lower(r.level) IN ${ERROR_LEVELS})`
    const runs = `SELECT 'run:' || r.run_id AS span_id, r.run_id AS run_id, CASE WHEN max(r.parent_run_id) IS NULL THEN NULL ELSE 'run:' || max(r.parent_run_id) END AS parent, COALESCE(max(r.job_name), max(r.workflow_name), r.run_id) AS name, 'run' AS kind, min(r.datetime) AS start_raw, max(r.datetime) AS end_raw, ${err} AS errors, max(CASE WHEN lower(r.level) IN ${ERROR_LEVELS} THEN COALESCE(r.exception_message, r.message) END) AS err_msg, count(*) AS lines, max(r.workflow_name) AS workflow FROM ${a.sql} r GROUP BY r.run_id`
    const stages = `SELECT r.span_id AS span_id, r.run_id AS run_id, COALESCE(max(r.parent_span_id), 'run:' || r.run_id) AS parent, COALESCE(max(r.stage_name), max(r.job_name), r.span_id) AS name, 'stage' AS kind, min(r.datetime) AS start_raw, max(r.datetime) AS end_raw, ${err} AS errors, max(CASE WHEN lower(r.level) IN ${ERROR_LEVELS} THEN COALESCE(r.exception_message, r.message) END) AS err_msg, count(*) AS lines, max(r.workflow_name) AS workflow FROM ${b.sql} r WHERE r.span_id IS NOT NULL GROUP BY r.run_id, r.span_id`
    return { from: `(${runs} UNION ALL ${stages}) g`, params: [...a.params, ...b.params] }
  }

  private toSpan = (r: Row): Span => {
    const start = toMillis(r.start_raw) ?? 0
    const last = toMillis(r.end_raw)
    // the file records no end: a run whose last line is within the quiet time is still running
    // (the rule its session follows, rowToSession's openEnded); after it, its last line is its end
    const end =
      r.kind === 'run' && last !== null && Date.now() - last < sessionQuietMs() ? null : last
    const failed = Number(r.errors ?? 0) > 0
    return {
      sessionId: String(r.run_id),
      traceId: String(r.run_id),
      spanId: String(r.span_id),
      parentSpanId: str(r.parent),
      name: String(r.name),
      kind: String(r.kind),
      agentId: null,
      startTime: start,
      endTime: end,
      durationMs: end !== null ? end - start : null,
      status: failed ? 'error' : end === null ? 'unset' : 'ok',
      statusMessage: failed ? str(r.err_msg) : null,
      attributes: { logLines: r.lines ?? 0, workflow: r.workflow ?? null },
    }
  }

  listSpans(q: SpanQuery): Page<Span> {
    if (q.agentIds?.length) return emptyPage() // ddeutil logs have no agents
    const { from, params } = this.spanUnion(q.sessionId)
    const where: string[] = []
    const tc = this.timeColumn('traces', 'datetime')
    if (q.name !== undefined) addWhere(where, params, 'g.name = ?', q.name)
    if (q.status === 'error') where.push('g.errors > 0')
    if (q.status === 'ok') where.push('g.errors = 0')
    if (q.status === 'unset') where.push('0')
    if (q.since !== undefined) addWhere(where, params, 'g.start_raw >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 'g.start_raw <= ?', boundFor(q.until, tc))
    if (q.text)
      addWhere(
        where,
        params,
        `(g.name LIKE ? ESCAPE '\\' OR g.span_id LIKE ? ESCAPE '\\' OR g.err_msg LIKE ? ESCAPE '\\')`,
        ...Array(3).fill(likePattern(q.text)),
      )
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: 'g.*',
      from,
      where,
      params,
      keys: ['g.start_raw', 'g.span_id'],
      desc: q.order === 'desc',
      limit: q.limit,
      cursor: q.cursor,
      what: 'spans',
    })
    return { items: page.rows.map(this.toSpan), nextCursor: page.nextCursor }
  }

  protected spanById(sessionId: string, spanId: string): Span | null {
    const { from, params } = this.spanUnion(sessionId)
    const r = this.one<Row>(
      `SELECT g.* FROM ${from} WHERE g.span_id = ?`,
      [...params, spanId],
      'a span',
    )
    return r ? this.toSpan(r) : null
  }

  protected childSpans(sessionId: string, spanId: string, limit: number): Span[] {
    const { from, params } = this.spanUnion(sessionId)
    const kids = this.all<Row>(
      `SELECT g.* FROM ${from} WHERE g.parent = ? ORDER BY g.start_raw LIMIT ${limit}`,
      [...params, spanId],
      'child spans',
    ).map(this.toSpan)
    // child runs live in their own session
    if (spanId.startsWith('run:')) {
      const child = this.all<{ run_id: string }>(
        'SELECT DISTINCT run_id FROM traces WHERE parent_run_id = ? LIMIT 100',
        [spanId.slice(4)],
        'child runs',
      )
      for (const c of child) {
        const s = this.spanById(c.run_id, runSpanId(c.run_id))
        if (s) kids.push(s)
      }
    }
    return kids.slice(0, limit)
  }

  // ---- sessions ---------------------------------------------------------------------------------

  private sessionFrom(sessionId?: string): { from: string; params: unknown[] } {
    const rows = this.rows(sessionId)
    const sql = `(SELECT r.run_id AS id, COALESCE(max(r.workflow_name), max(r.job_name)) AS name, NULL AS status_raw, min(r.datetime) AS start_raw, max(r.datetime) AS end_raw, max(r.datetime) AS last_raw, count(DISTINCT r.span_id) + 1 AS span_count, sum(lower(r.level) IN ${ERROR_LEVELS}) AS error_count, NULL AS unresolved_count, 0 AS agent_count, max(r.parent_run_id) AS parent_run_id, count(*) AS lines FROM ${rows.sql} r GROUP BY r.run_id) g`
    return { from: sql, params: rows.params }
  }

  private toSession = (r: SessionAggRow): Session =>
    rowToSession(
      r,
      { parentRunId: r.parent_run_id ?? null, logLines: r.lines ?? 0 },
      { openEnded: true },
    )

  listSessions(q: SessionQuery): Page<Session> {
    const { from, params } = this.sessionFrom()
    return pageSessions(
      this.conn.db,
      this.file,
      { from, params, time: this.timeColumn('traces', 'datetime'), what: 'sessions' },
      q,
      this.toSession,
    )
  }

  getSession(id: string): Session | null {
    const { from, params } = this.sessionFrom(id)
    const r = this.one<SessionAggRow>(`SELECT g.* FROM ${from}`, params, 'a session')
    return r && r.id !== null ? this.toSession(r) : null
  }

  // ---- events and errors ------------------------------------------------------------------------

  private eventColumns(): string {
    const known = [
      'id',
      'run_id',
      'level',
      'message',
      'datetime',
      'span_id',
      'stage_name',
      'exception_type',
      'exception_message',
      'stack_trace',
    ]
    return [
      ...known.map((n) => `${this.c(n, 't')} AS ${n}`),
      ...this.extra.map((n, i) => `t.${quoteIdent(n)} AS x${i}`),
    ].join(', ')
  }

  private extras(r: Row): Record<string, unknown> {
    const a: Record<string, unknown> = {}
    this.extra.forEach((n, i) => {
      const v = r[`x${i}`]
      if (v !== null && v !== undefined)
        a[n] = n === 'tags' || n === 'metadata' ? decodeJsonish(v) : plainValue(v)
    })
    return a
  }

  override listEvents(q: EventQuery): Page<TraceEvent> {
    if (q.agentId !== undefined) return emptyPage()
    const where: string[] = []
    const params: unknown[] = []
    const tc = this.timeColumn('traces', 'datetime')
    if (q.sessionId !== undefined) addWhere(where, params, 't.run_id = ?', q.sessionId)
    if (q.spanId !== undefined) {
      if (q.spanId.startsWith('run:'))
        addWhere(
          where,
          params,
          `t.run_id = ? AND ${this.c('span_id', 't')} IS NULL`,
          q.spanId.slice(4),
        )
      else addWhere(where, params, `${this.c('span_id', 't')} = ?`, q.spanId)
    }
    if (q.level !== undefined) addWhere(where, params, 'lower(t.level) = lower(?)', q.level)
    if (q.levelTone !== undefined) {
      const t = toneSql('lower(t.level)', q.levelTone)
      addWhere(where, params, t.sql, ...t.params)
    }
    const text = q.text?.trim()
    if (text) {
      const p = likePattern(text)
      addWhere(
        where,
        params,
        `(t.message LIKE ? ESCAPE '\\' OR ${this.c('stage_name', 't')} LIKE ? ESCAPE '\\')`,
        p,
        p,
      )
    }
    if (q.since !== undefined) addWhere(where, params, 't.datetime >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 't.datetime <= ?', boundFor(q.until, tc))
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: this.eventColumns(),
      from: 'traces t',
      where,
      params,
      keys: ['t.datetime', 't.id'],
      limit: q.limit,
      cursor: q.cursor,
      // newest first unless asked, as a Tracescope store answers (the Logs tab reads either end)
      desc: q.oldestFirst !== true,
      what: 'log lines',
    })
    return {
      items: page.rows.map((r) => ({
        id: String(r.id),
        sessionId: String(r.run_id),
        spanId:
          r.span_id === null || r.span_id === undefined
            ? runSpanId(String(r.run_id))
            : String(r.span_id),
        agentId: null,
        time: toMillis(r.datetime) ?? 0,
        name: String(r.stage_name ?? 'log'),
        level: str(r.level)?.toLowerCase() ?? null,
        message: str(r.message),
        attributes: this.extras(r),
      })),
      nextCursor: page.nextCursor,
    }
  }

  private toError = (r: Row): TraceError => ({
    id: String(r.id),
    sessionId: str(r.run_id),
    spanId:
      r.span_id === null || r.span_id === undefined
        ? runSpanId(String(r.run_id))
        : String(r.span_id),
    agentId: null,
    time: toMillis(r.datetime) ?? 0,
    type: str(r.exception_type) ?? String(r.level ?? 'error'),
    message: str(r.exception_message) ?? String(r.message ?? ''),
    stack: str(r.stack_trace),
    recoveryAction: null,
    resolved: false,
    resolutionNote: null,
    resolvedAt: null,
  })

  listErrors(q: ErrorQuery): Page<TraceError> {
    if (q.resolved === true) return emptyPage() // the log has no resolutions; the overlay adds them
    const where = [`lower(t.level) IN ${ERROR_LEVELS}`]
    const params: unknown[] = []
    const tc = this.timeColumn('traces', 'datetime')
    if (q.sessionId !== undefined) addWhere(where, params, 't.run_id = ?', q.sessionId)
    if (q.since !== undefined) addWhere(where, params, 't.datetime >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 't.datetime <= ?', boundFor(q.until, tc))
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: this.eventColumns(),
      from: 'traces t',
      where,
      params,
      keys: ['t.id'],
      desc: true,
      limit: q.limit,
      cursor: q.cursor,
      what: 'errors',
    })
    return { items: page.rows.map(this.toError), nextCursor: page.nextCursor }
  }

  override findError(id: string): TraceError | null {
    const r = this.one<Row>(
      `SELECT ${this.eventColumns()} FROM traces t WHERE t.id = ? AND lower(t.level) IN ${ERROR_LEVELS}`,
      [Number(id)],
      'an error',
    )
    return r ? this.toError(r) : null
  }

  protected override errorsForSpan(sessionId: string, spanId: string): TraceError[] {
    return this.listErrors({ sessionId, limit: 5000 }).items.filter((e) => e.spanId === spanId)
  }

  protected counts(): Record<string, number> {
    return {
      logLines: this.boundedCount('traces'),
      errors: this.boundedCount('traces', `lower(level) IN ${ERROR_LEVELS}`),
    }
  }
}
