// flujo trace storage v2 → domain. A run (runs.run_id) is a session; `spans` rows are spans with
// parent_span_id. start_time/end_time are float seconds — from time.time() (epoch) or, in some
// versions, time.perf_counter() (seconds since an arbitrary origin): those are anchored so the
// run's first span starts at runs.created_at. Errors are spans with status failed. A step's
// `token_counts` (flujo's TraceManager writes it into the span's attributes) is the span's tokens,
// and its `cost_usd` the cost flujo recorded for them.
import type { Session, Span, SpanStatus, Task, TraceError } from '../../shared/domain'
import type { ErrorQuery, Page, SessionQuery, SpanQuery, TaskQuery } from '../../shared/queries'
import { countOf } from '../../shared/genai/attributeAccess'
import { RECORDED_COST_KEY } from '../../shared/genai/usage'
import { decodeObject, plainValue } from './blobJson'
import { flujoUsageScan } from './flujoUsageScan'
import { flujoParentSpans } from './flujoParentSpans'
import type { LinkedSpanScan } from './sessionSubtreeUsage'
import type { UsageScan } from './usageIndex'
import { ForeignSource, SCAN_CAP } from './foreignSource'
import { emptyPage, keysetPage } from './pagedQuery'
import type { SafeConnection } from './safeOpen'
import { pageSessions, rowToSession, type SessionAggRow } from './sessionRows'
import { likePattern, quoteIdent, addWhere, nullableText as str } from './sqlText'
import { boundFor, toMillis } from './timeParse'
import { stepToTask } from './flujoSteps'
import { reconcileSessionTimes } from '../../shared/sessionTimes'

const FAILED = "('failed', 'error', 'errored', 'failure')"
const MAPPED = [
  'id',
  'span_id',
  'run_id',
  'parent_span_id',
  'name',
  'start_time',
  'end_time',
  'status',
  'attributes',
  'created_at',
]

type Row = Record<string, unknown>

export function flujoStatus(raw: unknown): SpanStatus {
  const s = String(raw ?? '').toLowerCase()
  if (['failed', 'error', 'errored', 'failure'].includes(s)) return 'error'
  if (['completed', 'complete', 'success', 'succeeded', 'ok', 'done'].includes(s)) return 'ok'
  return 'unset'
}

export class FlujoSource extends ForeignSource {
  private readonly extra: string[]
  private readonly monotonic: boolean
  private readonly anchors = new Map<string, number>()
  private readonly startIndex: boolean

  constructor(conn: SafeConnection) {
    super(conn, 'flujo')
    this.extra = conn.schema
      .columns('spans')
      .filter((c) => !c.generated && !MAPPED.includes(c.name.toLowerCase()))
      .map((c) => c.name)
    this.startIndex = conn.schema
      .indexes('spans')
      .some((i) => /\(\s*"?start_time"?\s*\)/i.test(i.sql ?? ''))
    const sample = this.timeColumn('spans', 'start_time')
    const first = this.one<{ v: unknown }>(
      'SELECT start_time AS v FROM spans WHERE start_time IS NOT NULL LIMIT 1',
      [],
      'span times',
    )
    this.monotonic =
      sample.format === 'seconds' && typeof first?.v === 'number' && Math.abs(first.v) < 1e8
    if (this.monotonic)
      this.notes.push(
        'Span times are perf_counter() seconds; each run is anchored at runs.created_at.',
      )
  }

  /** ms to add to stored seconds*1000 for a run (0 for epoch seconds) */
  private anchor(runId: string): number {
    if (!this.monotonic) return 0
    let a = this.anchors.get(runId)
    if (a === undefined) {
      const r = this.one<{ first: number | null; created: unknown }>(
        `SELECT (SELECT min(start_time) FROM spans WHERE run_id = ?) AS first, ${this.col('runs', 'r', 'created_at')} AS created FROM runs r WHERE r.run_id = ?`,
        [runId, runId],
        'the run start',
      )
      a = (toMillis(r?.created) ?? 0) - (r?.first ?? 0) * 1000
      this.anchors.set(runId, a)
    }
    return a
  }

  private spanColumns(): string {
    const c = (n: string) => this.col('spans', 's', n)
    return [
      `s.span_id`,
      `s.run_id`,
      `${c('parent_span_id')} AS parent_span_id`,
      `s.name`,
      `s.start_time`,
      `${c('end_time')} AS end_time`,
      `${c('status')} AS status`,
      `${c('attributes')} AS attributes`,
      ...this.extra.map((n, i) => `s.${quoteIdent(n)} AS x${i}`),
    ].join(', ')
  }

  /** a stored span time of a run as epoch ms (anchored when the file holds perf_counter times) */
  private spanMs(runId: string, v: unknown): number | null {
    if (v === null || v === undefined) return null
    return this.monotonic
      ? Math.round((Number(v) * 1000 + this.anchor(runId)) * 1000) / 1000
      : toMillis(v)
  }

  private toSpan = (r: Row): Span => {
    const runId = String(r.run_id)
    const toMs = (v: unknown) => this.spanMs(runId, v)
    const start = toMs(r.start_time) ?? 0
    const end = toMs(r.end_time)
    const attributes = decodeObject(r.attributes)
    this.extra.forEach((n, i) => (attributes[n] = plainValue(r[`x${i}`])))
    // flujo counts a step's tokens in one figure, without an input/output split or a model:
    // read as the unsplit count every sum takes (usage.ts). 0 is flujo's default for a step
    // that called no model, so it is no LLM call.
    const tokens = countOf(attributes.token_counts)
    if (tokens && attributes.tokensUsed === undefined) attributes.tokensUsed = tokens
    // flujo prices a step itself (its flujo.toml cost providers) and records `cost_usd`: that is
    // what the user saw and paid, so every sum uses it for the step (pricing.ts costOf). 0.0 is
    // what it records when it had no price for the model: no recorded cost, then.
    const cost = attributes.cost_usd
    if (
      tokens &&
      typeof cost === 'number' &&
      cost > 0 &&
      attributes[RECORDED_COST_KEY] === undefined
    )
      attributes[RECORDED_COST_KEY] = cost
    const status = flujoStatus(r.status)
    return {
      sessionId: runId,
      traceId: runId,
      spanId: String(r.span_id),
      parentSpanId: str(r.parent_span_id),
      name: String(r.name),
      kind: 'internal',
      agentId: null,
      startTime: start,
      endTime: end,
      durationMs: end !== null ? end - start : null,
      status,
      statusMessage: status === 'error' ? str(attributes.error) : null,
      attributes: { ...attributes, 'flujo.status': r.status ?? null },
    }
  }

  listSpans(q: SpanQuery): Page<Span> {
    if (q.agentIds?.length) return emptyPage()
    const where: string[] = []
    const params: unknown[] = []
    if (q.sessionId !== undefined) addWhere(where, params, 's.run_id = ?', q.sessionId)
    if (q.name !== undefined) addWhere(where, params, 's.name = ?', q.name)
    if (q.status === 'error') where.push(`lower(s.status) IN ${FAILED}`)
    if (q.status === 'ok')
      where.push(
        `lower(s.status) IN ('completed', 'complete', 'success', 'succeeded', 'ok', 'done')`,
      )
    if (q.status === 'unset')
      where.push(
        `lower(s.status) NOT IN ${FAILED} AND lower(s.status) NOT IN ('completed', 'complete', 'success', 'succeeded', 'ok', 'done')`,
      )
    // perf_counter times have no calendar meaning until anchored: filter those after mapping
    const tc = this.timeColumn('spans', 'start_time')
    if (!this.monotonic && q.since !== undefined)
      addWhere(where, params, 's.start_time >= ?', boundFor(q.since, tc))
    if (!this.monotonic && q.until !== undefined)
      addWhere(where, params, 's.start_time <= ?', boundFor(q.until, tc))
    if (q.text) {
      const p = likePattern(q.text)
      where.push(
        `(s.name LIKE ? ESCAPE '\\' OR s.span_id LIKE ? ESCAPE '\\' OR s.attributes LIKE ? ESCAPE '\\')`,
      )
      params.push(p, p, p)
      if (q.sessionId === undefined)
        where.push(`s.rowid > (SELECT max(rowid) FROM spans) - ${SCAN_CAP}`)
    }
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: this.spanColumns(),
      from: 'spans s',
      where,
      params,
      // across runs, insertion order unless the file has flujo's start_time index (no full sort)
      keys:
        q.sessionId !== undefined || this.startIndex ? ['s.start_time', 's.rowid'] : ['s.rowid'],
      desc: q.order === 'desc',
      limit: q.limit,
      cursor: q.cursor,
      what: 'spans',
    })
    let items = page.rows.map(this.toSpan)
    if (this.monotonic)
      items = items.filter(
        (s) =>
          (q.since === undefined || s.startTime >= q.since) &&
          (q.until === undefined || s.startTime <= q.until),
      )
    return { items, nextCursor: page.nextCursor }
  }

  protected spanById(sessionId: string, spanId: string): Span | null {
    const r = this.one<Row>(
      `SELECT ${this.spanColumns()} FROM spans s WHERE s.run_id = ? AND s.span_id = ? LIMIT 1`,
      [sessionId, spanId],
      'a span',
    )
    return r ? this.toSpan(r) : null
  }

  protected childSpans(sessionId: string, spanId: string, limit: number): Span[] {
    return this.all<Row>(
      `SELECT ${this.spanColumns()} FROM spans s WHERE s.parent_span_id = ? AND s.run_id = ? ORDER BY s.start_time LIMIT ${limit}`,
      [spanId, sessionId],
      'child spans',
    ).map(this.toSpan)
  }

  // ---- sessions ---------------------------------------------------------------------------------

  private sessionFrom(): string {
    const c = (n: string) => this.col('runs', 'r', n)
    return `(SELECT r.run_id AS id, ${c('pipeline_name')} AS name, ${c('status')} AS status_raw, ${c('created_at')} AS start_raw, CASE WHEN lower(${c('status')}) IN ('running', 'pending', 'paused') THEN NULL ELSE ${c('updated_at')} END AS end_raw, ${c('updated_at')} AS last_raw, NULL AS span_count, NULL AS error_count, NULL AS unresolved_count, 0 AS agent_count, ${c('pipeline_version')} AS version, ${c('error_message')} AS error_message, ${c('execution_time_ms')} AS execution_time_ms FROM runs r) g`
  }

  private toSession = (r: SessionAggRow): Session => {
    const id = String(r.id)
    const n = this.one<{ n: number; e: number; first: unknown; last: unknown }>(
      `SELECT count(*) AS n, COALESCE(sum(lower(status) IN ${FAILED}), 0) AS e, min(start_time) AS first, max(COALESCE(${this.col('spans', 'spans', 'end_time')}, start_time)) AS last FROM (SELECT * FROM spans WHERE run_id = ? LIMIT ${SCAN_CAP}) spans`,
      [id],
      'run counts',
    )
    const s = rowToSession(
      { ...r, span_count: n?.n ?? 0, error_count: n?.e ?? 0, unresolved_count: n?.e ?? 0 },
      {
        pipelineVersion: r.version ?? null,
        errorMessage: r.error_message ?? null,
        executionTimeMs: r.execution_time_ms ?? null,
      },
    )
    // a run that was never finished but whose spans all ended still reads as running: trust
    // runs.status; but its times give way to the spans' when they contradict them
    return reconcileSessionTimes(s, {
      first: this.spanMs(id, n?.first),
      last: this.spanMs(id, n?.last),
    })
  }

  listSessions(q: SessionQuery): Page<Session> {
    return pageSessions(
      this.conn.db,
      this.file,
      {
        from: this.sessionFrom(),
        params: [],
        time: this.timeColumn('runs', 'created_at'),
        ownStatus: true,
        what: 'runs',
      },
      q,
      this.toSession,
    )
  }

  getSession(id: string): Session | null {
    const r = this.one<SessionAggRow>(
      `SELECT g.* FROM ${this.sessionFrom()} WHERE g.id = ?`,
      [id],
      'a run',
    )
    return r ? this.toSession(r) : null
  }

  // ---- errors -----------------------------------------------------------------------------------

  private toError = (r: Row): TraceError => {
    const span = this.toSpan(r)
    const a = span.attributes
    return {
      id: span.spanId,
      sessionId: span.sessionId,
      spanId: span.spanId,
      agentId: null,
      time: span.endTime ?? span.startTime,
      type: str(a.error_type) ?? 'failed',
      message: str(a.error) ?? str(r.run_error) ?? `${span.name} failed`,
      stack: str(a.traceback ?? a.stack_trace),
      recoveryAction: null,
      resolved: false,
      resolutionNote: null,
      resolvedAt: null,
    }
  }

  listErrors(q: ErrorQuery): Page<TraceError> {
    if (q.resolved === true) return emptyPage()
    const where = [`lower(s.status) IN ${FAILED}`]
    const params: unknown[] = []
    if (q.sessionId !== undefined) addWhere(where, params, 's.run_id = ?', q.sessionId)
    const tc = this.timeColumn('spans', 'start_time')
    if (!this.monotonic && q.since !== undefined)
      addWhere(where, params, 's.start_time >= ?', boundFor(q.since, tc))
    if (!this.monotonic && q.until !== undefined)
      addWhere(where, params, 's.start_time <= ?', boundFor(q.until, tc))
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: `${this.spanColumns()}, (SELECT ${this.col('runs', 'r', 'error_message')} FROM runs r WHERE r.run_id = s.run_id) AS run_error`,
      from: 'spans s',
      where,
      params,
      keys: ['s.rowid'],
      desc: true,
      limit: q.limit,
      cursor: q.cursor,
      what: 'failed spans',
    })
    return { items: page.rows.map(this.toError), nextCursor: page.nextCursor }
  }

  override findError(id: string): TraceError | null {
    const r = this.one<Row>(
      `SELECT ${this.spanColumns()}, NULL AS run_error FROM spans s WHERE s.span_id = ? AND lower(s.status) IN ${FAILED} LIMIT 1`,
      [id],
      'an error',
    )
    return r ? this.toError(r) : null
  }

  /** flujo's `steps` table (code schema): one task per executed step, ending at created_at */
  override listTasks(q: TaskQuery): Page<Task> {
    if (!this.has('steps') || q.agentId !== undefined) return emptyPage()
    const c = (n: string) => this.col('steps', 'k', n)
    const where: string[] = []
    const params: unknown[] = []
    if (q.sessionId !== undefined) addWhere(where, params, 'k.run_id = ?', q.sessionId)
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: `k.run_id, ${c('step_name')} AS name, ${c('step_index')} AS idx, ${c('status')} AS status, ${c('cost_usd')} AS cost, ${c('token_counts')} AS tokens, ${c('execution_time_ms')} AS ms, ${c('created_at')} AS created`,
      from: 'steps k',
      where,
      params,
      keys: ['k.rowid'],
      limit: q.limit,
      cursor: q.cursor,
      what: 'steps',
    })
    return {
      items: page.rows.map(stepToTask),
      nextCursor: page.nextCursor,
    }
  }

  // ---- tokens and cost: one aggregate pass (usageIndex.ts, flujoUsageScan.ts) -----------------

  /** the run's spans among `ids`, a window of its rowids per step (sessionSubtreeUsage.ts) */
  parentSpans(sessionId: string, ids: ReadonlySet<string>): LinkedSpanScan {
    return flujoParentSpans(
      {
        rows: (sql, params) => this.all(sql, params, 'the parent spans of a run'),
        spansByRowid: this.spansByRowid,
      },
      sessionId,
      ids,
    )
  }

  usageScan(): UsageScan | null {
    return flujoUsageScan({
      hasAttributes: this.has('spans', 'attributes'),
      extraColumns: this.extra,
      rows: (sql, params) => this.all(sql, params, 'the tokens of the spans'),
      spansByRowid: this.spansByRowid,
    })
  }

  private spansByRowid = (ids: number[]): Span[] =>
    this.all<Row>(
      `SELECT ${this.spanColumns()} FROM spans s WHERE s.rowid IN (${ids.map(() => '?').join(',')})`,
      ids,
      'spans by rowid',
    ).map(this.toSpan)

  protected counts(): Record<string, number> {
    return {
      runs: this.boundedCount('runs'),
      spans: this.boundedCount('spans'),
      failedSpans: this.boundedCount('spans', `lower(status) IN ${FAILED}`),
    }
  }
}
