// When a Claude-Flow start trace ended. Claude-Flow writes a task as separate traces: a
// `task_start` (phase 'start') when it begins, and later a `task_complete` or `task_fail` for the
// same task; the start trace itself is never updated, so without pairing it stays open forever.
// The end trace is the first later trace of the same session whose type ends the start's type
// (x_start → x_complete / x_completed / x_end / x_fail / x_failed / x_error) and that is the same
// task: the same agent and task id in `data` (data.taskId or data.task.taskId) when both name
// one; otherwise the same correlation_id and agent. One SQL expression, read-only on the file.
// Payload BLOBs too big to be plain JSON (gzip) have no readable task id: correlation decides.
const END_SUFFIXES = ['_complete', '_completed', '_end', '_fail', '_failed', '_error']

/** a trace's task id from its JSON `data`, NULL when it has none or data is not JSON text */
function taskIdSql(alias: string): string {
  const d = `CAST(${alias}.data AS TEXT)`
  return `(CASE WHEN json_valid(${d}) THEN coalesce(json_extract(${d}, '$.taskId'), json_extract(${d}, '$.task.taskId')) END)`
}

/** true for an x_start trace whose own performance blob gives no duration */
function openStartSql(alias: string): string {
  const p = `CAST(${alias}.performance AS TEXT)`
  const duration = `(CASE WHEN json_valid(${p}) THEN json_type(${p}, '$.duration') END)`
  return `(lower(${alias}.type) GLOB '*_start' AND coalesce(${duration}, 'null') NOT IN ('integer', 'real'))`
}

export interface TaskEndColumns {
  /** whether traces has a correlation_id column */
  correlation: boolean
}

/**
 * SQL yielding the timestamp of the trace that ended start trace `t` (alias), or NULL while it
 * runs. Rides idx_traces_session_timestamp: (session_id =, timestamp >=) of the open starts only.
 */
export function taskEndSql(c: TaskEndColumns): string {
  const prefix = `substr(lower(t.type), 1, length(t.type) - 6)`
  const endTypes = END_SUFFIXES.map((s) => `${prefix} || '${s}'`).join(', ')
  const sameTask = c.correlation
    ? `(CASE WHEN ${taskIdSql('t')} IS NOT NULL AND ${taskIdSql('e')} IS NOT NULL THEN ${taskIdSql('e')} = ${taskIdSql('t')} ELSE e.correlation_id = t.correlation_id END)`
    : `${taskIdSql('e')} = ${taskIdSql('t')}`
  return `(CASE WHEN ${openStartSql('t')} THEN (SELECT e.timestamp FROM traces e WHERE e.session_id = t.session_id AND e.timestamp >= t.timestamp AND e.id <> t.id AND lower(e.type) IN (${endTypes}) AND e.agent_id IS t.agent_id AND ${sameTask} ORDER BY e.timestamp LIMIT 1) END)`
}
