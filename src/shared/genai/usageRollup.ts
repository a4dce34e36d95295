// A session's (or a whole file's) token and cost rollups as they cross the contract: per agent,
// per model, and Σ of each span that has LLM calls below it. Built from the store's running
// totals for a store Tracescope writes, or from the spans themselves for a file it only reads
// (readTimeUsage.ts; readTimeRollup here for an adapter used on its own, bounded to one page).
import type { Span } from '../domain'
import type { PriceTable } from './pricing'
import { rollUp, type UsageTotals } from './usageTotals'

/** at most this many Σ of parent spans cross the contract (the ones with the most calls) */
export const MAX_SUBTREE_SUMS = 5_000

export interface UsageRollup {
  session: UsageTotals
  /** agent id, '' for calls without an agent; most expensive first */
  byAgent: Array<{ agentId: string; usage: UsageTotals }>
  /** model as the source spelled it, '' when none was named; most expensive first */
  byModel: Array<{ model: string; usage: UsageTotals }>
  /** spans with LLM calls below them: their own call (if any) and every descendant's */
  subtree: Array<{ spanId: string; usage: UsageTotals }>
  /**
   * not every parent span's Σ is in here (more than MAX_SUBTREE_SUMS of them; an adapter used
   * without openSource: its first page of spans); `session.partial` says the same of the totals
   */
  partial: boolean
  /** a file Tracescope only reads: its totals are still being computed (shown as "…") */
  pending?: boolean
  /** a file Tracescope only reads: the Σ of parent spans is still being added up ("…") */
  subtreePending?: boolean
}

const byCost = (a: UsageTotals, b: UsageTotals): number =>
  (b.costUsd ?? -1) - (a.costUsd ?? -1) || b.calls - a.calls

/** The wire form of rollups kept as maps. */
export function toUsageRollup(
  r: {
    session: UsageTotals
    byAgent: Map<string, UsageTotals>
    byModel: Map<string, UsageTotals>
    subtree: Map<string, UsageTotals>
  },
  partial: boolean,
): UsageRollup {
  const subtree = [...r.subtree].sort((a, b) => b[1].calls - a[1].calls)
  return {
    session: r.session,
    byAgent: [...r.byAgent]
      .map(([agentId, usage]) => ({ agentId, usage }))
      .sort((a, b) => byCost(a.usage, b.usage)),
    byModel: [...r.byModel]
      .map(([model, usage]) => ({ model, usage }))
      .sort((a, b) => byCost(a.usage, b.usage)),
    subtree: subtree.slice(0, MAX_SUBTREE_SUMS).map(([spanId, usage]) => ({ spanId, usage })),
    partial: partial || subtree.length > MAX_SUBTREE_SUMS,
  }
}

/**
 * Rollups from spans read with their attributes (a file Tracescope keeps no totals for).
 * `partial`: the spans are not all of the session's.
 */
export function readTimeRollup(spans: Span[], table: PriceTable, partial: boolean): UsageRollup {
  const r = rollUp(spans, table)
  // a leaf call's Σ is its own usage, shown on it already: only spans with calls below them
  const hasChild = new Set<string>()
  for (const s of spans) if (s.parentSpanId) hasChild.add(s.parentSpanId)
  const subtree = new Map([...r.subtree].filter(([id]) => hasChild.has(id)))
  if (partial) r.session.partial = true
  return toUsageRollup({ ...r, subtree }, partial)
}
