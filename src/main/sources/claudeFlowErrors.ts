// One Claude-Flow error_events row (joined with its trace) as a domain TraceError. The real
// schema has no resolution note; files that added resolution_note/resolved_at columns keep them.
import type { Span, TraceError } from '../../shared/domain'
import { toMillis } from './timeParse'
import { nullableText } from './sqlText'

const str = nullableText

/** SQLite booleans arrive as 0/1, '0'/'1', 'true'/'false' or NULL. */
export function truthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== 0 && v !== '0' && v !== 'false' && v !== false
}

export function errorEventToError(r: Record<string, unknown>): TraceError {
  return {
    id: String(r.eid),
    sessionId: str(r.session_id),
    spanId: str(r.event_id),
    agentId: str(r.agent_id),
    time: toMillis(r.timestamp) ?? toMillis(r.created_at) ?? 0,
    type: String(r.error_type ?? 'error'),
    message: String(r.error_message ?? ''),
    stack: str(r.stack_trace),
    recoveryAction: str(r.recovery_action),
    resolved: truthy(r.resolved),
    resolutionNote: str(r.note),
    resolvedAt: toMillis(r.resolved_at),
  }
}

/** Files without error_events: an error-phase trace (already mapped to a span) as the error. */
export function errorPhaseToError(s: Span): TraceError {
  const err = ((s.attributes.data as { error?: Record<string, unknown> } | null)?.error ??
    {}) as Record<string, unknown>
  return {
    id: s.spanId,
    sessionId: s.sessionId,
    spanId: s.spanId,
    agentId: s.agentId,
    time: s.startTime,
    type: String(err.code ?? s.name),
    message: String(err.message ?? s.statusMessage ?? `${s.name} failed`),
    stack: err.stack === undefined ? null : String(err.stack),
    recoveryAction: null,
    resolved: false,
    resolutionNote: null,
    resolvedAt: null,
  }
}
