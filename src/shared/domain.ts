// The domain model every source maps onto and every view and exporter speaks.
// Times are epoch milliseconds as numbers; the fractional part carries sub-ms precision
// (OTLP nanoseconds fit: 2^53 ms is far beyond any real date, µs precision survives).

import type { UsageTotals } from './genai/usageTotals'

export type Millis = number
export type Attributes = Record<string, unknown>

export type SpanStatus = 'unset' | 'ok' | 'error'
export type SessionStatus = 'running' | 'completed' | 'failed' | 'unknown'

/** A run of a swarm or workflow. `id` is the source system's own identifier. */
export interface Session {
  id: string
  name: string | null
  status: SessionStatus
  startTime: Millis | null
  endTime: Millis | null
  durationMs: number | null
  spanCount: number
  errorCount: number
  unresolvedErrorCount: number
  agentCount: number
  /** true while the session is still being written (no end time, recent activity). */
  live: boolean
  /** last time anything was written to the session, for "recent first" lists. */
  lastActivity: Millis | null
  attributes: Attributes
  /** tokens and cost of the session's LLM calls, when the source has token counts */
  usage?: UsageTotals
  /**
   * true while the totals of a file Tracescope only reads are still being computed (a first
   * pass over a large file): shown as "…", then read again when the file's change token moves
   */
  usagePending?: boolean
}

/** An interval with a parent: task, tool call, LLM call, stage, agent lifetime. */
export interface Span {
  sessionId: string
  /** hex, OTLP-compatible (32 hex chars when it came from OTLP; any string otherwise) */
  traceId: string
  /** hex, OTLP-compatible (16 hex chars when it came from OTLP; any string otherwise) */
  spanId: string
  parentSpanId: string | null
  name: string
  /** OTLP kind name ('internal', 'client', 'server', 'producer', 'consumer') or a source's own type */
  kind: string
  agentId: string | null
  startTime: Millis
  endTime: Millis | null
  durationMs: number | null
  status: SpanStatus
  statusMessage: string | null
  attributes: Attributes
  links?: SpanLink[]
}

export interface SpanLink {
  traceId: string
  spanId: string
  attributes?: Attributes
}

/** A point in time: a log line, an agent lifecycle event, a span event. */
export interface TraceEvent {
  id: string
  sessionId: string
  spanId: string | null
  agentId: string | null
  time: Millis
  name: string
  /** log level for log lines ('debug' | 'info' | 'warning' | 'error' | …), null otherwise */
  level: string | null
  message: string | null
  attributes: Attributes
}

/** An exception or failure, linked to its span/event, with a resolved flag. */
export interface TraceError {
  id: string
  sessionId: string | null
  spanId: string | null
  agentId: string | null
  time: Millis
  type: string
  message: string
  stack: string | null
  recoveryAction: string | null
  resolved: boolean
  resolutionNote: string | null
  resolvedAt: Millis | null
}

export interface Agent {
  id: string
  sessionId: string | null
  name: string
  type: string | null
  status: string | null
  startTime: Millis | null
  endTime: Millis | null
  attributes: Attributes
}

/** Agent → agent communication. */
export interface AgentMessage {
  id: string
  sessionId: string | null
  senderAgentId: string
  receiverAgentId: string | null
  type: string | null
  payload: unknown
  time: Millis
  deliveryStatus: string | null
  responseTo: string | null
}

export interface Task {
  id: string
  sessionId: string | null
  agentId: string | null
  name: string | null
  status: string | null
  startTime: Millis | null
  endTime: Millis | null
  durationMs: number | null
  tokensUsed: number | null
  attributes: Attributes
}

/**
 * The GenAI token counts (OpenTelemetry semantic conventions): span attributes, and the metric
 * names under which the collector sums them per agent and model (src/main/otlp/genAi.ts).
 */
export const TOKEN_METRICS = ['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens'] as const

/** One value of one metric at one time: resource usage, performance snapshots, token counts. */
export interface MetricSample {
  sessionId: string | null
  agentId: string | null
  time: Millis
  name: string
  value: number
  attributes?: Attributes
}

/** Key/value memory of a session with an optional time to live. */
export interface MemoryEntry {
  sessionId: string
  namespace: string
  key: string
  value: unknown
  time: Millis
  /** null = permanent */
  expiresAt: Millis | null
}

/** Every kind of record, tagged: what the writer queue accepts and ndjson export writes. */
export type TraceRecord =
  | ({ kind: 'session' } & SessionInput)
  | ({ kind: 'span' } & SpanInput)
  | ({ kind: 'event' } & EventInput)
  | ({ kind: 'error' } & ErrorInput)
  | ({ kind: 'agent' } & AgentInput)
  | ({ kind: 'message' } & MessageInput)
  | ({ kind: 'task' } & TaskInput)
  | ({ kind: 'metric' } & MetricInput)
  | ({ kind: 'memory' } & MemoryEntry)

export type RecordKind = TraceRecord['kind']

/** every record kind, for code that checks a kind arriving as untyped input */
export const RECORD_KINDS: ReadonlySet<string> = new Set<RecordKind>([
  'session',
  'span',
  'event',
  'error',
  'agent',
  'message',
  'task',
  'metric',
  'memory',
])

/** Input shapes: derived fields (counts, durations, live) are computed by the store. */
export interface SessionInput {
  id: string
  name?: string | null
  status?: SessionStatus
  startTime?: Millis | null
  endTime?: Millis | null
  attributes?: Attributes
}

export interface SpanInput {
  sessionId: string
  traceId?: string
  spanId: string
  parentSpanId?: string | null
  name: string
  kind?: string
  /**
   * The span kind inside a TraceRecord, where `kind` is the record tag ('span'):
   * OTLP kind name ('internal', 'client', 'server', 'producer', 'consumer') or a source's own type.
   */
  spanKind?: string
  agentId?: string | null
  startTime: Millis
  endTime?: Millis | null
  status?: SpanStatus
  statusMessage?: string | null
  attributes?: Attributes
  links?: SpanLink[]
}

export type EventInput = Omit<
  TraceEvent,
  'id' | 'spanId' | 'agentId' | 'level' | 'message' | 'attributes'
> &
  Partial<Pick<TraceEvent, 'id' | 'spanId' | 'agentId' | 'level' | 'message' | 'attributes'>>

export type ErrorInput = Pick<TraceError, 'time' | 'type' | 'message'> &
  Partial<Omit<TraceError, 'time' | 'type' | 'message'>>

export type AgentInput = Pick<Agent, 'id' | 'name'> & Partial<Omit<Agent, 'id' | 'name'>>

export type MessageInput = Pick<AgentMessage, 'senderAgentId' | 'time'> &
  Partial<Omit<AgentMessage, 'senderAgentId' | 'time'>>

export type TaskInput = Pick<Task, 'id'> & Partial<Omit<Task, 'id' | 'durationMs'>>

export type MetricInput = Omit<MetricSample, 'sessionId' | 'agentId'> &
  Partial<Pick<MetricSample, 'sessionId' | 'agentId'>>
