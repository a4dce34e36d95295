// Rows → domain objects. Dictionary ids become strings, blob ids hex, payloads JSON.
import type {
  AgentMessage,
  Session,
  SessionStatus,
  Span,
  SpanStatus,
  TraceError,
  TraceEvent,
} from '../../shared/domain'
import type { Dictionary } from './dictionary'
import { decodeId, decodeOptionalId, decodePayload } from './payloadCodec'

/** A session is live while it has no end, is not finished, and wrote something this last minute. */
export const LIVE_WINDOW_MS = 60_000

const SPAN_STATUS: SpanStatus[] = ['unset', 'ok', 'error']

export interface SessionRow {
  sid: number
  id: string
  name: string | null
  status: string
  start_time: number | null
  end_time: number | null
  attributes: unknown
  span_count: number
  error_count: number
  unresolved_count: number
  agent_count: number
  first_time: number | null
  last_time: number | null
}

export function rowToSession(r: SessionRow, now = Date.now()): Session {
  const start = r.start_time ?? r.first_time
  const end = r.end_time
  const status = r.status as SessionStatus
  const live =
    end === null &&
    (status === 'running' || status === 'unknown') &&
    r.last_time !== null &&
    r.last_time >= now - LIVE_WINDOW_MS
  const last = end ?? r.last_time
  return {
    id: r.id,
    name: r.name,
    status,
    startTime: start,
    endTime: end,
    durationMs: start !== null && last !== null ? Math.max(0, last - start) : null,
    spanCount: r.span_count,
    errorCount: r.error_count,
    unresolvedErrorCount: r.unresolved_count,
    agentCount: r.agent_count,
    live,
    lastActivity: r.last_time,
    attributes: decodePayload(r.attributes, {}),
  }
}

export interface SpanRow {
  rowid: number
  session_id: string
  start_time: number
  span_id: unknown
  trace_id: unknown
  parent_id: unknown
  name: number
  kind: number | null
  agent: number | null
  end_time: number | null
  status: number
  status_message: string | null
  attributes: unknown
  links: unknown
}

export function rowToSpan(r: SpanRow, dict: Dictionary): Span {
  const span: Span = {
    sessionId: r.session_id,
    traceId: decodeOptionalId(r.trace_id) ?? '',
    spanId: decodeId(r.span_id),
    parentSpanId: decodeOptionalId(r.parent_id),
    name: dict.value(r.name),
    kind: dict.optionalValue(r.kind) ?? 'internal',
    agentId: dict.optionalValue(r.agent),
    startTime: r.start_time,
    endTime: r.end_time,
    durationMs: r.end_time === null ? null : r.end_time - r.start_time,
    status: SPAN_STATUS[r.status] ?? 'unset',
    statusMessage: r.status_message,
    attributes: decodePayload(r.attributes, {}),
  }
  if (r.links !== null) span.links = decodePayload(r.links, [])
  return span
}

export interface EventRow {
  rowid: number
  session_id: string
  time: number
  id: string | null
  span_id: unknown
  agent: number | null
  name: number
  level: number | null
  message: string | null
  attributes: unknown
}

export function rowToEvent(r: EventRow, dict: Dictionary): TraceEvent {
  return {
    id: r.id ?? `ev-${r.rowid}`,
    sessionId: r.session_id,
    spanId: decodeOptionalId(r.span_id),
    agentId: dict.optionalValue(r.agent),
    time: r.time,
    name: dict.value(r.name),
    level: dict.optionalValue(r.level),
    message: r.message,
    attributes: decodePayload(r.attributes, {}),
  }
}

export interface ErrorRow {
  rowid: number
  id: string
  session_id: string | null
  time: number
  span_id: unknown
  agent: number | null
  type: number
  message: string
  stack: unknown
  recovery: string | null
  resolved: number
  resolution_note: string | null
  resolved_at: number | null
}

export function rowToError(r: ErrorRow, dict: Dictionary): TraceError {
  return {
    id: r.id,
    sessionId: r.session_id,
    spanId: decodeOptionalId(r.span_id),
    agentId: dict.optionalValue(r.agent),
    time: r.time,
    type: dict.value(r.type),
    message: r.message,
    stack: decodePayload<string | null>(r.stack, null),
    recoveryAction: r.recovery,
    resolved: r.resolved === 1,
    resolutionNote: r.resolution_note,
    resolvedAt: r.resolved_at,
  }
}

export interface MessageRow {
  rowid: number
  session_id: string | null
  time: number
  id: string | null
  sender: number
  receiver: number | null
  type: number | null
  payload: unknown
  delivery: number | null
  response_to: string | null
}

export function rowToMessage(r: MessageRow, dict: Dictionary): AgentMessage {
  return {
    id: r.id ?? `msg-${r.rowid}`,
    sessionId: r.session_id,
    senderAgentId: dict.value(r.sender),
    receiverAgentId: dict.optionalValue(r.receiver),
    type: dict.optionalValue(r.type),
    payload: decodePayload<unknown>(r.payload, null),
    time: r.time,
    deliveryStatus: dict.optionalValue(r.delivery),
    responseTo: r.response_to,
  }
}
