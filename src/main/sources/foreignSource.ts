// What every foreign adapter shares: the safe connection, error wrapping, time-column sampling,
// empty pages for record kinds a tool does not record, and the derived views (span detail, session
// graph, search, stats) built from the adapter's own bounded list queries.
import fs from 'node:fs'
import type {
  Agent,
  AgentMessage,
  MemoryEntry,
  MetricSample,
  Session,
  Span,
  Task,
  TraceError,
  TraceEvent,
} from '../../shared/domain'
import type {
  AgentQuery,
  EventQuery,
  MemoryQuery,
  MessageQuery,
  MetricQuery,
  Page,
  SearchHit,
  SearchQuery,
  SessionGraph,
  SourceInfo,
  SourceKind,
  SourceStats,
  SpanDetail,
  SpanQuery,
  TaskQuery,
  TraceQueries,
  ErrorQuery,
  SessionQuery,
  StatsQuery,
} from '../../shared/queries'
import { MAX_PAGE } from '../../shared/queries'
import { emptyPage, pageSize, prepared } from './pagedQuery'
import { readTimeRollup, type UsageRollup } from '../../shared/genai/usageRollup'
import { activePrices } from '../../shared/genai/pricing'
import type { SafeConnection } from './safeOpen'
import { explainQueryFailure } from './sourceErrors'
import { quoteIdent } from './sqlText'
import { detectTimeFormat, type TimeColumn } from './timeParse'

/** Upper bound of spans read to draw one session's graph. */
export const GRAPH_SPAN_CAP = 20_000
/** Upper bound of rows an aggregate over an unindexed foreign table may scan. */
export const SCAN_CAP = 200_000

export abstract class ForeignSource implements TraceQueries {
  protected readonly notes: string[]
  private readonly timeCols = new Map<string, TimeColumn>()

  constructor(
    protected readonly conn: SafeConnection,
    readonly kind: SourceKind,
  ) {
    this.notes = [...conn.notes]
  }

  // ---- plumbing -------------------------------------------------------------------------------

  protected get file(): string {
    return this.conn.path
  }

  protected all<R>(sql: string, params: unknown[], what: string): R[] {
    try {
      return prepared(this.conn.db, sql).all(...params) as R[]
    } catch (err) {
      throw explainQueryFailure(this.file, err, what)
    }
  }

  protected one<R>(sql: string, params: unknown[], what: string): R | undefined {
    try {
      return prepared(this.conn.db, sql).get(...params) as R | undefined
    } catch (err) {
      throw explainQueryFailure(this.file, err, what)
    }
  }

  protected has(table: string, column?: string): boolean {
    if (!this.conn.schema.hasTable(table)) return false
    return column === undefined || this.conn.schema.columnNames(table).has(column.toLowerCase())
  }

  /** `t."col"` if the column exists else NULL, so one SELECT tolerates missing columns. */
  protected col(table: string, alias: string, column: string): string {
    return this.has(table, column) ? `${alias}.${quoteIdent(column)}` : 'NULL'
  }

  /**
   * How a time column stores time, from its first non-null value (one indexed/rowid probe).
   * Remembered once a value was seen: a table still empty is probed again on the next call, so
   * a file opened before its writer filled it reads the writer's times right.
   */
  protected timeColumn(table: string, column: string): TimeColumn {
    const key = `${table}.${column}`
    let tc = this.timeCols.get(key)
    if (!tc) {
      tc = { format: 'none' }
      let seen = !this.has(table, column)
      if (!seen) {
        const row = this.one<{ v: unknown }>(
          `SELECT ${quoteIdent(column)} AS v FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL LIMIT 1`,
          [],
          `the time format of ${table}.${column}`,
        )
        tc = detectTimeFormat(row?.v)
        seen = row !== undefined && row !== null
      }
      if (seen) this.timeCols.set(key, tc)
    }
    return tc
  }

  /** Rows of a table, counted up to `cap` (so counting stays bounded on huge files). */
  protected boundedCount(
    table: string,
    where = '',
    params: unknown[] = [],
    cap = SCAN_CAP,
  ): number {
    if (!this.has(table)) return 0
    const r = this.one<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${quoteIdent(table)} ${where ? `WHERE ${where}` : ''} LIMIT ${cap})`,
      params,
      `the size of ${table}`,
    )
    return r?.n ?? 0
  }

  // ---- the contract: what adapters implement -------------------------------------------------

  abstract listSessions(q: SessionQuery): Page<Session>
  abstract getSession(id: string): Session | null
  abstract listSpans(q: SpanQuery): Page<Span>
  abstract listErrors(q: ErrorQuery): Page<TraceError>
  /** one span by id within a session */
  protected abstract spanById(sessionId: string, spanId: string): Span | null
  /** direct children of a span (bounded) */
  protected abstract childSpans(sessionId: string, spanId: string, limit: number): Span[]
  /** record counts for stats (each bounded) */
  protected abstract counts(): Record<string, number>

  listEvents(_q: EventQuery): Page<TraceEvent> {
    return emptyPage()
  }
  /**
   * Every agent the session's lines name, read through listEvents page by page: each format
   * keeps its lines in its own tables, and the lines are what the Logs tab shows, so what they
   * name is the answer whatever the format's agent rows hold. One pass over the session's
   * lines, on the source's thread; asked once per opened session.
   */
  listEventAgents(sessionId: string): string[] {
    const agents = new Set<string>()
    let cursor: string | null = null
    do {
      const page: Page<TraceEvent> = this.listEvents({ sessionId, limit: MAX_PAGE, cursor })
      for (const e of page.items) if (e.agentId) agents.add(e.agentId)
      cursor = page.nextCursor
    } while (cursor)
    return [...agents].sort()
  }
  listAgents(_q: AgentQuery): Page<Agent> {
    return emptyPage()
  }
  listMessages(_q: MessageQuery): Page<AgentMessage> {
    return emptyPage()
  }
  listTasks(_q: TaskQuery): Page<Task> {
    return emptyPage()
  }
  listMemory(_q: MemoryQuery): Page<MemoryEntry> {
    return emptyPage()
  }
  listMetrics(_q: MetricQuery): Page<MetricSample> {
    return emptyPage()
  }

  /** errors of one span; adapters override when they can ask the file directly */
  protected errorsForSpan(sessionId: string, spanId: string): TraceError[] {
    return this.listErrors({ sessionId, limit: 5000 }).items.filter((e) => e.spanId === spanId)
  }

  /** one error by id (for resolving); adapters override with a direct lookup when they can */
  findError(id: string): TraceError | null {
    let cursor: string | null = null
    for (let pages = 0; pages < 40; pages++) {
      const page = this.listErrors({ limit: 5000, cursor })
      const hit = page.items.find((e) => e.id === id)
      if (hit) return hit
      if (!(cursor = page.nextCursor)) break
    }
    return null
  }

  // ---- derived views --------------------------------------------------------------------------

  info(): SourceInfo {
    return {
      kind: this.kind,
      path: this.file,
      readOnly: true,
      tables: [...this.conn.schema.tables],
      notes: [...this.notes],
    }
  }

  getSpan(sessionId: string, spanId: string): SpanDetail | null {
    const span = this.spanById(sessionId, spanId)
    if (!span) return null
    const parent = span.parentSpanId ? this.spanById(sessionId, span.parentSpanId) : null
    return {
      span,
      events: this.listEvents({ sessionId, spanId, limit: 500, oldestFirst: true }).items,
      errors: this.errorsForSpan(sessionId, spanId),
      children: this.childSpans(sessionId, spanId, 1000).map((c) => ({
        spanId: c.spanId,
        name: c.name,
        status: c.status,
        startTime: c.startTime,
        durationMs: c.durationMs,
      })),
      parent: parent ? { spanId: parent.spanId, name: parent.name } : null,
    }
  }

  /**
   * Spans without their payloads (graph, stats): adapters whose payloads are costly to decode
   * (Claude-Flow's gzip BLOBs) override this; by default it is listSpans.
   */
  protected listSpansLite(q: SpanQuery): Page<Span> {
    return this.listSpans(q)
  }

  /** Every span of a session up to GRAPH_SPAN_CAP, in start order. */
  protected sessionSpans(sessionId: string, cap = GRAPH_SPAN_CAP): Span[] {
    const out: Span[] = []
    let cursor: string | null = null
    do {
      const page = this.listSpansLite({ sessionId, order: 'asc', limit: 5000, cursor })
      out.push(...page.items)
      cursor = page.nextCursor
    } while (cursor && out.length < cap)
    return out.slice(0, cap)
  }

  sessionGraph(sessionId: string): SessionGraph {
    const spans = this.sessionSpans(sessionId)
    const agents = new Map<string, SessionGraph['agents'][number]>()
    const byId = new Map(spans.map((s) => [s.spanId, s]))
    for (const s of spans) {
      if (!s.agentId) continue
      const a = agents.get(s.agentId) ?? {
        id: s.agentId,
        name: s.agentId,
        spanCount: 0,
        errorCount: 0,
        firstTime: null,
        lastTime: null,
      }
      a.spanCount++
      if (s.status === 'error') a.errorCount++
      a.firstTime = a.firstTime === null ? s.startTime : Math.min(a.firstTime, s.startTime)
      a.lastTime = Math.max(a.lastTime ?? s.startTime, s.endTime ?? s.startTime)
      agents.set(s.agentId, a)
    }
    const edges = new Map<string, SessionGraph['edges'][number]>()
    const addEdge = (from: string, to: string, type: 'message' | 'spawn', time: number) => {
      const k = `${type}\u0000${from}\u0000${to}`
      const e = edges.get(k) ?? { from, to, type, count: 0, firstTime: time, lastTime: time }
      e.count++
      e.firstTime = Math.min(e.firstTime, time)
      e.lastTime = Math.max(e.lastTime, time)
      edges.set(k, e)
    }
    for (const s of spans) {
      const p = s.parentSpanId ? byId.get(s.parentSpanId) : undefined
      if (p?.agentId && s.agentId && p.agentId !== s.agentId)
        addEdge(p.agentId, s.agentId, 'spawn', s.startTime)
    }
    for (const m of this.listMessages({ sessionId, limit: 5000 }).items)
      if (m.receiverAgentId) addEdge(m.senderAgentId, m.receiverAgentId, 'message', m.time)
    return { sessionId, agents: [...agents.values()], edges: [...edges.values()] }
  }

  search(q: SearchQuery): Page<SearchHit> {
    const limit = pageSize(q.limit)
    const needle = q.text.toLowerCase()
    const hits: SearchHit[] = []
    for (const s of this.listSpans({ sessionId: q.sessionId, text: q.text, limit }).items)
      hits.push({
        type: 'span',
        sessionId: s.sessionId,
        id: s.spanId,
        spanId: s.spanId,
        time: s.startTime,
        title: s.name,
        snippet: s.statusMessage ?? s.name,
        spanName: s.name,
        agentId: s.agentId,
      })
    for (const e of this.listErrors({ sessionId: q.sessionId, limit: 5000 }).items) {
      if (hits.length >= limit) break
      if (`${e.type} ${e.message}`.toLowerCase().includes(needle))
        hits.push({
          type: 'error',
          sessionId: e.sessionId,
          id: e.id,
          spanId: e.spanId,
          time: e.time,
          title: e.type,
          snippet: e.message,
          agentId: e.agentId,
        })
    }
    return { items: hits.slice(0, limit), nextCursor: null }
  }

  /**
   * From the first page of spans only: openSource lays complete totals over every adapter
   * (readTimeUsage.ts); this answers for an adapter used on its own.
   */
  usageRollup(sessionId?: string): UsageRollup {
    const page = this.listSpans({ sessionId, limit: pageSize(MAX_PAGE), withAttributes: true })
    return readTimeRollup(page.items, activePrices(), page.nextCursor !== null)
  }

  stats(opts: StatsQuery = {}): SourceStats {
    const since = opts.hours ? Date.now() - opts.hours * 3_600_000 : undefined
    const spans = this.listSpansLite({
      since,
      sessionId: opts.sessionId,
      limit: 5000,
      order: 'desc',
    }).items
    const byName = new Map<string, { count: number; errorCount: number; durations: number[] }>()
    for (const s of spans) {
      const e = byName.get(s.name) ?? { count: 0, errorCount: 0, durations: [] }
      e.count++
      if (s.status === 'error') e.errorCount++
      if (s.durationMs !== null) e.durations.push(s.durationMs)
      byName.set(s.name, e)
    }
    const pct = (xs: number[], p: number) =>
      xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] : null
    const spanNames = [...byName.entries()]
      .map(([name, e]) => {
        const d = e.durations.sort((a, b) => a - b)
        return {
          name,
          count: e.count,
          errorCount: e.errorCount,
          avgMs: d.length ? d.reduce((a, b) => a + b, 0) / d.length : null,
          p50Ms: pct(d, 0.5),
          p95Ms: pct(d, 0.95),
        }
      })
      .sort((a, b) => b.count - a.count)
    const errors = spans.filter((s) => s.status === 'error').length
    let fileBytes = 0
    try {
      fileBytes = fs.statSync(this.file).size
    } catch {
      fileBytes = this.conn.header.fileBytes
    }
    return {
      kind: this.kind,
      fileBytes,
      counts: this.counts(),
      spanNames,
      errorRate: spans.length ? errors / spans.length : 0,
    }
  }

  changeToken(): number {
    let stamp = 0
    try {
      const st = fs.statSync(this.file)
      const wal = fs.statSync(this.file + '-wal', { throwIfNoEntry: false })
      stamp = (st.size + st.mtimeMs + (wal ? wal.size + wal.mtimeMs : 0)) % 1e12
    } catch {
      stamp = 0
    }
    const dv =
      this.one<{ data_version: number }>('PRAGMA data_version', [], 'the change counter')
        ?.data_version ?? 0
    return (dv * 1_000_003 + stamp) % Number.MAX_SAFE_INTEGER
  }

  close(): void {
    this.conn.close()
  }
}
