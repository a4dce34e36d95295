// The Agents table: each registered agent with its tasks, task time and token use.
import type { Agent, MetricSample, Task } from '../../shared/domain'
import { isTaskDone } from '../../shared/taskStatus'

export interface AgentRow {
  agent: Agent
  tasks: number
  done: number
  /** summed durations of its tasks; null when none of them recorded one */
  totalMs: number | null
  /** null when nothing in the file counted this agent's tokens (not a measured 0) */
  tokens: number | null
}

/**
 * Tokens come from the agent's tasks when the source records them there (the other tools' files), else
 * from the token rollup per agent (`rollupTokens`: every LLM call however it was written, the
 * figure Cost by agent shows), else from the GenAI token counts the collector sums per agent
 * (`gen_ai.usage.*` metric samples, as the Metrics tab charts them). Never two of them: a source
 * that records both would count them twice. The rollup is per agent id, so over a whole file it
 * is given only for ids registered in one session.
 */
export function agentRows(
  agents: Agent[],
  tasks: Task[],
  tokenSamples: MetricSample[],
  rollupTokens?: ReadonlyMap<string, number>,
): AgentRow[] {
  // one agent id can appear in several sessions: key by both
  const key = (sessionId: string | null, id: string): string => `${sessionId ?? ''}\u0000${id}`
  const rows = new Map<string, AgentRow>(
    agents.map((a) => [
      key(a.sessionId, a.id),
      { agent: a, tasks: 0, done: 0, totalMs: null, tokens: null },
    ]),
  )
  const byId = new Map<string, AgentRow>()
  for (const r of rows.values()) if (!byId.has(r.agent.id)) byId.set(r.agent.id, r)
  // a record without a session belongs to the agent of that id wherever it is registered
  const rowOf = (sessionId: string | null, agentId: string | null): AgentRow | undefined =>
    !agentId
      ? undefined
      : (rows.get(key(sessionId, agentId)) ?? (sessionId == null ? byId.get(agentId) : undefined))
  for (const t of tasks) {
    const r = rowOf(t.sessionId, t.agentId)
    if (!r) continue
    r.tasks++
    if (isTaskDone(t.status)) r.done++
    if (t.durationMs != null) r.totalMs = (r.totalMs ?? 0) + t.durationMs
    if (t.tokensUsed != null) r.tokens = (r.tokens ?? 0) + t.tokensUsed
  }
  const fromMetrics = new Map<AgentRow, number>()
  for (const m of tokenSamples) {
    const r = rowOf(m.sessionId, m.agentId)
    if (r) fromMetrics.set(r, (fromMetrics.get(r) ?? 0) + m.value)
  }
  // a count of 0 on the tasks is still "none there": the other sources may have them
  for (const r of rows.values())
    if (!r.tokens) r.tokens = rollupTokens?.get(r.agent.id) ?? fromMetrics.get(r) ?? r.tokens
  return [...rows.values()]
}
