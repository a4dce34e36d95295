// When a Claude-Flow trace is a failure. Claude-Flow records failures three ways: the phase
// ('error'), the event type ('error', or a name such as task_fail / task_failed / agent_error),
// and an error_events row pointing at the trace (event_id → traces.id / trace_events.id). Any
// of them makes the span an error. The rule is one SQL expression, selected as the span's status
// AND used by the status filter, so what a span shows and what `--status error` / "errors only"
// select can never disagree. Payload BLOBs (possibly gzip) are not consulted: SQL cannot read them.
import { quoteIdent } from './sqlText'

/** Phase values that mean the trace ended in failure (TracePhase is 'start'|'progress'|'complete'|'error'). */
const FAILED_PHASES = ['error', 'failed', 'failure', 'errored']
/** Phase values that mean it ended well. */
const OK_PHASES = ['complete', 'completed', 'success', 'succeeded', 'done', 'end']

const sqlList = (xs: string[]) => `(${xs.map((x) => `'${x}'`).join(', ')})`

export interface ClaudeFlowStatusColumns {
  /** the span row's alias (`t`, `e`) */
  alias: string
  /** the id column error_events.event_id points at */
  id: string
  type: string
  /** the phase column, or null when the table has none (trace_events) */
  phase: string | null
  /** whether the file has an error_events table */
  errorEvents: boolean
  /** SQL that is true for a span that ended well when nothing marks it failed */
  ok: string
}

/** true when the span's own type names a failure: 'error', '*_fail', '*_failed', '*_failure', '*_error' */
function failedType(col: string): string {
  return `(lower(${col}) = 'error' OR lower(${col}) GLOB '*fail' OR lower(${col}) GLOB '*failed' OR lower(${col}) GLOB '*failure' OR lower(${col}) GLOB '*_error')`
}

/** SQL that is 1 when the span failed (see the header for the rule). */
export function claudeFlowFailedSql(c: ClaudeFlowStatusColumns): string {
  const col = (n: string) => `${c.alias}.${quoteIdent(n)}`
  const parts = [failedType(col(c.type))]
  if (c.phase) parts.push(`lower(${col(c.phase)}) IN ${sqlList(FAILED_PHASES)}`)
  if (c.errorEvents)
    parts.push(`EXISTS (SELECT 1 FROM error_events ee WHERE ee.event_id = ${col(c.id)})`)
  return `(${parts.join(' OR ')})`
}

/** SQL yielding the span status ('error' | 'ok' | 'unset'). */
export function claudeFlowStatusSql(c: ClaudeFlowStatusColumns): string {
  return `(CASE WHEN ${claudeFlowFailedSql(c)} THEN 'error' WHEN ${c.ok} THEN 'ok' ELSE 'unset' END)`
}

/** The "ended well" test of the TraceStorage layout: a phase saying so. */
export function phaseOkSql(alias: string, phase: string): string {
  return `lower(${alias}.${quoteIdent(phase)}) IN ${sqlList(OK_PHASES)}`
}

/** The first error_events message of a span (its status message), or NULL. */
export function errorMessageSql(alias: string, id: string, errorEvents: boolean): string {
  return errorEvents
    ? `(SELECT ee.error_message FROM error_events ee WHERE ee.event_id = ${alias}.${quoteIdent(id)} ORDER BY ee.rowid LIMIT 1)`
    : 'NULL'
}
