// The read API every source offers (Tracescope's own store and each other tool's reader).
// Sources implement it synchronously (better-sqlite3); the store service and the IPC contract
// expose the same names asynchronously. Every list is paged: a page never exceeds `limit`,
// `nextCursor` is opaque and null on the last page.

import type { SpanColumns } from './contract/spanColumns'
import type { UsageRollup } from './genai/usageRollup'
import type { LevelTone } from './levelTone'
import type {
  Agent,
  AgentMessage,
  MemoryEntry,
  MetricSample,
  Millis,
  Session,
  Span,
  SpanStatus,
  Task,
  TraceError,
  TraceEvent,
} from './domain'
import type { StatsRequest, StatsResult } from './stats/groupStats'
import type { CohortAnswer, CohortRequest } from './stats/cohort'

export type SourceKind =
  | 'tracescope'
  | 'claude-flow'
  | 'ddeutil-workflow'
  | 'moai-swarmdb'
  | 'flujo'
  | 'session-store'
  | 'unknown'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PageRequest {
  /** default 500, max 5000 */
  limit?: number
  cursor?: string | null
}

export interface TimeRange {
  since?: Millis
  until?: Millis
}

export interface SessionQuery extends PageRequest, TimeRange {
  /** matches id or name, case-insensitive substring */
  text?: string
  status?: Session['status']
  sort?: 'lastActivity' | 'startTime' | 'duration' | 'spans' | 'errors' | 'name'
  order?: 'asc' | 'desc'
}

export interface SpanQuery extends PageRequest, TimeRange {
  sessionId?: string
  agentIds?: string[]
  status?: SpanStatus
  /** exact span name */
  name?: string
  /** full-text over name, status message and attributes */
  text?: string
  /** a filter expression (src/shared/filter, docs/filter.md), with the other fields (and) */
  where?: string
  order?: 'asc' | 'desc'
  /**
   * false: leave `attributes` empty ({}) — for list views that draw only names, times and
   * statuses (the timeline, `spans.columns`); a source may ignore it. Default true.
   */
  withAttributes?: boolean
}

export interface ErrorQuery extends PageRequest, TimeRange {
  sessionId?: string
  resolved?: boolean
}

export interface EventQuery extends PageRequest, TimeRange {
  sessionId?: string
  spanId?: string
  agentId?: string
  level?: string
  /** lines whose level is in this group, ignoring case (src/shared/levelTone.ts) */
  levelTone?: LevelTone
  /** lines whose name or message contains it, ignoring case (filtered by the source) */
  text?: string
  /**
   * pages from the oldest line on (time order) instead of from the newest; the Logs tab's
   * "jump to oldest". Foreign sources page their lines oldest first either way.
   */
  oldestFirst?: boolean
}

export interface MessageQuery extends PageRequest, TimeRange {
  sessionId?: string
  agentId?: string
}

export interface AgentQuery extends PageRequest {
  sessionId?: string
}

export interface TaskQuery extends PageRequest {
  sessionId?: string
  agentId?: string
}

export interface MemoryQuery extends PageRequest {
  sessionId?: string
  key?: string
  namespace?: string
}

export interface MetricQuery extends PageRequest, TimeRange {
  sessionId?: string
  agentId?: string
  name?: string
}

export interface SearchQuery extends PageRequest {
  text: string
  sessionId?: string
}

export interface SearchHit {
  type: 'span' | 'event' | 'error' | 'message'
  sessionId: string | null
  id: string
  spanId: string | null
  time: Millis
  title: string
  snippet: string
  /** the span the hit is, or happened in, when the source knows it */
  spanName?: string | null
  /** the agent of the hit (or of its span), when the source knows it */
  agentId?: string | null
}

/** Parent/child edges of one session plus agent → agent message edges. */
export interface SessionGraph {
  sessionId: string
  agents: Array<{
    id: string
    name: string
    spanCount: number
    errorCount: number
    firstTime: Millis | null
    lastTime: Millis | null
  }>
  /** agent → agent: 'message' for messages, 'spawn' when a span of one agent parents a span of another */
  edges: Array<{
    from: string
    to: string
    type: 'message' | 'spawn'
    count: number
    firstTime: Millis
    lastTime: Millis
  }>
}

export interface SpanDetail {
  span: Span
  events: TraceEvent[]
  errors: TraceError[]
  children: Array<Pick<Span, 'spanId' | 'name' | 'status' | 'startTime' | 'durationMs'>>
  parent: Pick<Span, 'spanId' | 'name'> | null
}

export interface SpanNameStats {
  name: string
  count: number
  errorCount: number
  avgMs: number | null
  p50Ms: number | null
  p95Ms: number | null
}

/** What `stats` covers: the last `hours` (span statistics), one session's spans. */
export interface StatsQuery {
  hours?: number
  sessionId?: string
}

export interface SourceStats {
  kind: SourceKind
  fileBytes: number
  counts: Record<string, number>
  spanNames: SpanNameStats[]
  errorRate: number
  /** the native store's writer counters; absent for read-only sources */
  queue?: QueueCounters
}

export interface QueueCounters {
  queued: number
  written: number
  rejected: number
  retried: number
  batches: number
  lastFlushMs: number | null
}

export interface SourceInfo {
  kind: SourceKind
  path: string
  readOnly: boolean
  /** tables found, for the generic browser and for messages about unknown files */
  tables: string[]
  /** human-readable notes: missing optional tables, tolerated oddities */
  notes: string[]
  /**
   * Set when later changes of the file are not being shown (a writer appeared but its WAL could
   * not be read): the sentence that says so. Absent while the file is followed live.
   */
  notLive?: string
}

/** The read API of one opened `.db`. */
export interface TraceQueries {
  info(): SourceInfo
  listSessions(q: SessionQuery): Page<Session>
  getSession(id: string): Session | null
  listSpans(q: SpanQuery): Page<Span>
  /**
   * The same page as listSpans, without attributes, as timeline columns, up to
   * MAX_COLUMNS_PAGE spans; a source without it is read through listSpans.
   */
  listSpanColumns?(q: SpanQuery): SpanColumns
  getSpan(sessionId: string, spanId: string): SpanDetail | null
  /** every span of one session in start order, for the tree and the timeline (paged) */
  sessionGraph(sessionId: string): SessionGraph
  listEvents(q: EventQuery): Page<TraceEvent>
  /** every agent one session's log lines name (a line without one: its span's), sorted */
  listEventAgents(sessionId: string): string[]
  listErrors(q: ErrorQuery): Page<TraceError>
  listAgents(q: AgentQuery): Page<Agent>
  listMessages(q: MessageQuery): Page<AgentMessage>
  listTasks(q: TaskQuery): Page<Task>
  listMemory(q: MemoryQuery): Page<MemoryEntry>
  listMetrics(q: MetricQuery): Page<MetricSample>
  search(q: SearchQuery): Page<SearchHit>
  stats(opts?: StatsQuery): SourceStats
  /** tokens and cost of one session (or of the whole file) per agent, model and parent span */
  usageRollup(sessionId?: string): UsageRollup
  /**
   * Grouped span statistics computed from the source's own rows, when it can do that faster
   * than through listSpans; null when it leaves this request (its filter) to listSpans
   * (src/main/stats/readStats.ts falls back to listSpans).
   */
  groupStats?(req: StatsRequest): StatsResult | null
  /**
   * A cohort comparison computed from the source's own rows, when it can do that faster than
   * through listSpans (src/main/stats/readCohort.ts falls back to listSpans).
   */
  cohort?(req: CohortRequest): CohortAnswer
  /**
   * A number that changes whenever another connection commits (PRAGMA data_version plus
   * the file's own counters): the live tail polls it instead of re-running queries.
   */
  changeToken(): number
  close(): void
}

export const DEFAULT_PAGE = 500
export const MAX_PAGE = 5000
/**
 * A page of timeline columns (`spans.columns`) may be bigger: a span costs ~50 bytes there, and
 * a 1M-span session loads in 20 round trips instead of 200.
 */
export const MAX_COLUMNS_PAGE = 50_000
