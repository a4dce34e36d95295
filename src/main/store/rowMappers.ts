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
import { decodeOptionalId, decodePayload } from './payloadCodec'
import {
  deriveSessionStatus,
  sessionIsLive,
  type RootSpanState,
} from '../../shared/sessionStatusRule'
import { reconcileSessionTimes } from '../../shared/sessionTimes'

const SPAN_STATUS: SpanStatus[] = ['unset', 'ok', 'error']

/** A stored status code as the domain's status (an unknown code reads as unset). */
export const spanStatusOf = (code: number): SpanStatus => SPAN_STATUS[code] ?? 'unset'

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

/**
 * `root`: the session's root span state, for sessions whose writer recorded no status ('unknown'):
 * their status is derived by the one rule of shared/sessionStatusRule.ts.
 */
export function rowToSession(
  r: SessionRow,
  now = Date.now(),
  root: RootSpanState | null = null,
): Session {
  const start = r.start_time ?? r.first_time
  const end = r.end_time
  const stored = r.status as SessionStatus
  const status =
    stored === 'unknown'
      ? deriveSessionStatus({
          root,
          errorCount: r.error_count,
          lastActivity: r.last_time,
          spanCount: r.span_count,
          now,
        })
      : stored
  const live = sessionIsLive({ status, endTime: end, lastActivity: r.last_time }, now)
  const last = end ?? r.last_time
  const session: Session = {
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
  // a writer's own start/end that its records contradict gives way to theirs (sessionTimes.ts)
  return reconcileSessionTimes(session, { first: r.first_time, last: r.last_time })
}

/** SQL for a stored id as the text the domain uses: BLOB → lower-case hex, text as it is */
export function idText(column: string): string {
  return `CASE typeof(${column}) WHEN 'blob' THEN lower(hex(${column})) ELSE ${column} END`
}

/**
 * A span's three ids as one text value: "span trace parent", lower-case hex, an absent id empty.
 * Ids stored as text (anything but hex) come as a JSON array instead, told apart by its "[".
 * Each value better-sqlite3 turns into JavaScript costs; three ids in one: −10 % of a lean page.
 */
const SPAN_IDS = `CASE WHEN typeof(s.span_id) = 'blob'
    AND (s.trace_id IS NULL OR typeof(s.trace_id) = 'blob')
    AND (s.parent_id IS NULL OR typeof(s.parent_id) = 'blob')
  THEN lower(hex(s.span_id)) || ' ' || coalesce(lower(hex(s.trace_id)), '') || ' ' ||
    coalesce(lower(hex(s.parent_id)), '')
  ELSE json_array(${idText('s.span_id')}, ${idText('s.trace_id')}, ${idText('s.parent_id')}) END`

/**
 * The span columns every span query selects first, in SpanTuple order. A query adds only what it
 * needs after them (attributes, then the rowid and session id of a cross-session page): each
 * value better-sqlite3 turns into JavaScript costs, and three unused ones per row (NULL, NULL and
 * a rowid) were 15 % of a one-session lean page. Name and status share one value (status is 0–2).
 */
export const SPAN_TUPLE_COLUMNS = `s.start_time, ${SPAN_IDS}, s.name * 4 + s.status, s.kind,
  s.agent, s.end_time, s.status_message, s.links`

export type SpanTuple = [
  startTime: number,
  /** SPAN_IDS */
  ids: string,
  /** name's dictionary id × 4 + status code */
  nameStatus: number,
  kind: number | null,
  agent: number | null,
  endTime: number | null,
  statusMessage: string | null,
  links: unknown,
  /** absent (or NULL) when the query did not read the payload column */
  attributes?: unknown,
  /** cross-session pages only: the keyset cursor's tie-breaker */
  rowid?: number,
  /** cross-session pages only */
  sessionId?: string,
]

const BRACKET = 91

/** A span tuple's span id (its cursor key), without splitting the other ids. */
export function tupleSpanId(t: SpanTuple): string {
  const ids = t[1]
  if (ids.charCodeAt(0) === BRACKET) return (JSON.parse(ids) as string[])[0]
  return ids.slice(0, ids.indexOf(' '))
}

/**
 * A span row → a Span. `sessionId` is passed in when the query already knows it (one session:
 * no per-row string from SQLite).
 */
export function tupleToSpan(t: SpanTuple, dict: Dictionary, sessionId = t[10] as string): Span {
  const ids = t[1]
  let spanId: string
  let traceId: string | null
  let parentId: string | null
  if (ids.charCodeAt(0) === BRACKET) {
    ;[spanId, traceId, parentId] = JSON.parse(ids) as [string, string | null, string | null]
  } else {
    const a = ids.indexOf(' ')
    const b = ids.indexOf(' ', a + 1)
    spanId = ids.slice(0, a)
    traceId = b === a + 1 ? null : ids.slice(a + 1, b)
    parentId = ids.length === b + 1 ? null : ids.slice(b + 1)
  }
  const nameStatus = t[2]
  const end = t[5]
  const span: Span = {
    sessionId,
    traceId: traceId ?? '',
    spanId,
    parentSpanId: parentId,
    name: dict.value(Math.floor(nameStatus / 4)),
    kind: dict.optionalValue(t[3]) ?? 'internal',
    agentId: dict.optionalValue(t[4]),
    startTime: t[0],
    endTime: end,
    durationMs: end === null ? null : end - t[0],
    status: spanStatusOf(nameStatus % 4),
    statusMessage: t[6],
    attributes: decodePayload(t[8], {}),
  }
  if (t[7] !== null) span.links = decodePayload(t[7], [])
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
