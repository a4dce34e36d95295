// One Claude-Flow error_events row (joined with its trace) as a domain TraceError. The real
// schema has no resolution note; files that added resolution_note/resolved_at columns keep them.
import type { TraceError } from '../../shared/domain'
import { toMillis } from './timeParse'

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

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
