// Token and cost sums: per span, rolled up to every ancestor, per agent, per model, per
// session. A sum's cost is the sum of its priced parts; it is null (unknown) only when nothing
// in it was priced, and the tokens that could not be priced are carried beside it.
import type { Attributes } from '../domain'
import { costOf, RECORDED, type PriceTable } from './pricing'
import { tokenUsage, type TokenUsage } from './usage'

export interface UsageTotals {
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  /** tokens reported without an input/output split */
  otherTokens: number
  /** null when nothing in the sum was priced */
  costUsd: number | null
  unpricedTokens: number
  /** LLM calls (spans with token counts) in the sum */
  calls: number
  /** models seen without a price, sorted */
  unpricedModels: string[]
  /**
   * calls whose cost the source recorded itself (flujo): used as recorded, never re-priced.
   * Absent when none; the other calls' cost is from the price table.
   */
  recordedCostCalls?: number
  /** only part of the calls were read (a file Tracescope keeps no totals for): a lower bound */
  partial?: boolean
}

export function emptyTotals(): UsageTotals {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    otherTokens: 0,
    costUsd: null,
    unpricedTokens: 0,
    calls: 0,
    unpricedModels: [],
  }
}

/**
 * Adds usage into `t` (mutates, for speed over many spans): one call's, or the sum of `calls`
 * calls of one model (a running total), priced as one.
 */
export function addUsage(t: UsageTotals, u: TokenUsage, table: PriceTable, calls = 1): UsageTotals {
  t.inputTokens += u.input ?? 0
  t.outputTokens += u.output ?? 0
  t.cacheReadTokens += u.cacheRead ?? 0
  t.cacheWriteTokens += u.cacheWrite ?? 0
  t.reasoningTokens += u.reasoning ?? 0
  t.otherTokens += u.unsplit ?? 0
  t.calls += calls
  const c = costOf(u, table)
  if (c.costUsd !== null) t.costUsd = (t.costUsd ?? 0) + c.costUsd
  t.unpricedTokens += c.unpricedTokens
  if (c.pricedAs === RECORDED) t.recordedCostCalls = (t.recordedCostCalls ?? 0) + calls
  if (!c.pricedAs && u.model && !t.unpricedModels.includes(u.model)) {
    t.unpricedModels.push(u.model)
    t.unpricedModels.sort()
  }
  return t
}

/** Adds the sum `b` into `a` (mutates `a`). */
export function mergeTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  a.inputTokens += b.inputTokens
  a.outputTokens += b.outputTokens
  a.cacheReadTokens += b.cacheReadTokens
  a.cacheWriteTokens += b.cacheWriteTokens
  a.reasoningTokens += b.reasoningTokens
  a.otherTokens += b.otherTokens
  if (b.costUsd !== null) a.costUsd = (a.costUsd ?? 0) + b.costUsd
  a.unpricedTokens += b.unpricedTokens
  a.calls += b.calls
  if (b.recordedCostCalls) a.recordedCostCalls = (a.recordedCostCalls ?? 0) + b.recordedCostCalls
  if (b.partial) a.partial = true
  if (b.unpricedModels.length) {
    for (const m of b.unpricedModels) if (!a.unpricedModels.includes(m)) a.unpricedModels.push(m)
    a.unpricedModels.sort()
  }
  return a
}

export function totalOf(t: UsageTotals): number {
  return t.inputTokens + t.outputTokens + t.otherTokens
}

export interface RollupSpan {
  spanId: string
  parentSpanId: string | null
  agentId?: string | null
  attributes: Attributes
}

export interface Rollup {
  /** each span's own usage (only spans with token counts) */
  own: Map<string, UsageTotals>
  /** each span with its descendants (only spans whose subtree has token counts) */
  subtree: Map<string, UsageTotals>
  byAgent: Map<string, UsageTotals>
  byModel: Map<string, UsageTotals>
  session: UsageTotals
}

/**
 * Sums a session's spans: every span's usage is added to itself and each ancestor once,
 * walking parent links (a cycle or a missing parent ends the walk).
 */
export function rollUp(spans: Iterable<RollupSpan>, table: PriceTable): Rollup {
  const parent = new Map<string, string | null>()
  const own = new Map<string, UsageTotals>()
  const byAgent = new Map<string, UsageTotals>()
  const byModel = new Map<string, UsageTotals>()
  const session = emptyTotals()
  const bucket = (m: Map<string, UsageTotals>, k: string): UsageTotals => {
    let t = m.get(k)
    if (!t) m.set(k, (t = emptyTotals()))
    return t
  }
  for (const s of spans) {
    parent.set(s.spanId, s.parentSpanId)
    const u = tokenUsage(s.attributes)
    if (!u) continue
    // priced once per span, then added to each sum
    const t = addUsage(emptyTotals(), u, table)
    own.set(s.spanId, t)
    mergeTotals(bucket(byAgent, s.agentId ?? ''), t)
    mergeTotals(bucket(byModel, u.model ?? ''), t)
    mergeTotals(session, t)
  }
  return { own, subtree: subtreeSums(own, parent), byAgent, byModel, session }
}

/**
 * Each span's own sum added to itself and each ancestor once, walking parent links (a cycle
 * or a missing parent ends the walk). Only spans whose subtree has token counts are in the map.
 */
export function subtreeSums(
  own: Map<string, UsageTotals>,
  parent: Map<string, string | null>,
): Map<string, UsageTotals> {
  const subtree = new Map<string, UsageTotals>()
  const bucket = (k: string): UsageTotals => {
    let t = subtree.get(k)
    if (!t) subtree.set(k, (t = emptyTotals()))
    return t
  }
  for (const [id, t] of own) {
    // real trees are shallow; past 64 levels, remember the chain so a cycle ends the walk
    let seen: Set<string> | null = null
    let hops = 0
    for (let cur: string | null | undefined = id; cur; cur = parent.get(cur)) {
      if (++hops > 64) {
        seen ??= new Set()
        if (seen.has(cur)) break
        seen.add(cur)
      }
      if (hops > 1 && cur === id) break
      mergeTotals(bucket(cur), t)
    }
  }
  return subtree
}
