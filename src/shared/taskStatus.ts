// Whether a task's status (each source writes its own word) means it finished well. Claude-Flow
// writes 'completed', MoAI SwarmDB's task_metrics.result 'success', flujo steps 'completed'/'ok'.
const DONE = new Set(['completed', 'complete', 'done', 'ok', 'success', 'succeeded', 'finished'])

export function isTaskDone(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && DONE.has(status.trim().toLowerCase())
}
