// One Claude-Flow `traces` row (as ClaudeFlowSource selects it) as a domain span: type = name,
// timestamp + performance.duration = interval, the status the SQL derived (claudeFlowStatus.ts),
// payload BLOBs decoded, and any columns the real schema does not have kept as attributes.
import type { Span, SpanStatus } from '../../shared/domain'
import { decodeJsonish, decodeObject, plainValue } from './blobJson'
import { toMillis } from './timeParse'

type Row = Record<string, unknown>

const KNOWN_TRACE_COLS = [
  'id',
  'session_id',
  'agent_id',
  'type',
  'phase',
  'timestamp',
  'parent_id',
  'correlation_id',
  'data',
  'metadata',
  'performance',
  'created_at',
]

/** the columns of `traces` beyond Claude-Flow's own, shown as attributes of their span */
export function extraTraceColumns(columns: string[]): string[] {
  return columns.filter((c) => !KNOWN_TRACE_COLS.includes(c.toLowerCase()))
}

/** a row whose extra columns were selected as x0, x1, … in `extraTraceCols` order */
export function traceRowToSpan(r: Row, extraTraceCols: string[]): Span {
  const start = toMillis(r.timestamp) ?? 0
  const perf = decodeObject(r.performance)
  // no duration of its own: a start trace ends when its task's end trace was written
  // (claudeFlowTaskEnd.ts), else it is still open
  const pairedEnd = toMillis(r.end_ts)
  const duration =
    typeof perf.duration === 'number' && Number.isFinite(perf.duration)
      ? perf.duration
      : pairedEnd !== null
        ? Math.max(0, pairedEnd - start)
        : null
  const phase = r.phase === null || r.phase === undefined ? null : String(r.phase)
  const status = r.status_code as SpanStatus
  const data = decodeJsonish(r.data)
  const errDetail = (data as { error?: { message?: unknown } } | null)?.error
  const errMessage =
    r.err_message !== null && r.err_message !== undefined
      ? String(r.err_message)
      : errDetail?.message
        ? String(errDetail.message)
        : null
  const attributes: Record<string, unknown> = {
    phase,
    correlationId: r.correlation_id ?? null,
    data,
    metadata: decodeJsonish(r.metadata),
    performance: perf,
  }
  extraTraceCols.forEach((n, i) => (attributes[n] = plainValue(r[`x${i}`])))
  return {
    sessionId: String(r.session_id),
    traceId: String(r.session_id),
    spanId: String(r.id),
    parentSpanId: r.parent === null || r.parent === undefined ? null : String(r.parent),
    name: String(r.type),
    kind: String(r.type),
    agentId: r.agent_id === null || r.agent_id === undefined ? null : String(r.agent_id),
    startTime: start,
    endTime: duration !== null ? start + duration : null,
    durationMs: duration,
    status,
    statusMessage: status === 'error' ? errMessage : null,
    attributes,
  }
}
