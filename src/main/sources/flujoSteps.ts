// flujo's `steps` table → tasks: one row a step of a run, timed by when it was written and how
// long it ran; its recorded cost and token count kept as flujo wrote them.
import type { Task } from '../../shared/domain'
import { toMillis } from './timeParse'
import { nullableText } from './sqlText'

type StepRow = Record<string, unknown>

const str = nullableText

/** one `steps` row (run_id, name, idx, status, cost, tokens, ms, created, keyset __k0) as a task */
export function stepToTask(r: StepRow): Task {
  const end = toMillis(r.created)
  const ms = r.ms === null || r.ms === undefined ? null : Number(r.ms)
  return {
    id: `${String(r.run_id)}#${String(r.idx ?? r.__k0)}`,
    sessionId: String(r.run_id),
    agentId: null,
    name: str(r.name),
    status: str(r.status),
    startTime: end !== null && ms !== null ? end - ms : null,
    endTime: end,
    durationMs: ms,
    tokensUsed: r.tokens === null || r.tokens === undefined ? null : Number(r.tokens),
    attributes: { costUsd: r.cost ?? null, stepIndex: r.idx ?? null },
  }
}
