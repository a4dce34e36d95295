// Per-batch aggregates of sessions and agents: folded into their rows once per batch.
import type { WriteStatements } from './writeStatements'

export interface Agg {
  spans: number
  errors: number
  unresolved: number
  agents: number
  first: number | null
  last: number | null
}

export interface AgentAggEntry {
  session: number
  agent: number
  agg: Agg
}

export function newAgg(): Agg {
  return { spans: 0, errors: 0, unresolved: 0, agents: 0, first: null, last: null }
}

export function widen(a: Agg, first: number, last: number): void {
  if (a.first === null || first < a.first) a.first = first
  if (a.last === null || last > a.last) a.last = last
}

export function cloneAgg<K>(m: Map<K, Agg>): Map<K, Agg> {
  const copy = new Map<K, Agg>()
  for (const [k, v] of m) copy.set(k, { ...v })
  return copy
}

export function cloneAgentAgg<K>(m: Map<K, AgentAggEntry>): Map<K, AgentAggEntry> {
  const copy = new Map<K, AgentAggEntry>()
  for (const [k, v] of m) copy.set(k, { ...v, agg: { ...v.agg } })
  return copy
}

/** one number for a (session, agent) pair while both are small enough, else a string */
export function pairKey(session: number, agent: number): number | string {
  return session < 2_097_152 && agent < 4_294_967_296
    ? session * 4_294_967_296 + agent
    : `${session}:${agent}`
}

/** Folds a batch's aggregates into the `sessions` and `agents` rows: one UPDATE per row. */
export function foldAggregates(
  st: WriteStatements,
  sessionAgg: Map<number, Agg>,
  agentAgg: Map<number | string, AgentAggEntry>,
): void {
  for (const [sid, a] of sessionAgg) st.updateSessionAgg.run({ ...a, sid })
  for (const { session, agent, agg } of agentAgg.values()) {
    const { spans, errors, first, last } = agg
    st.updateAgentAgg.run({ spans, errors, first, last, session, agent })
  }
}
