// Tokens and cost as people read them, for the viewer and the CLI alike.
import type { UsageTotals } from './usageTotals'

/** `$0.0042`, `$1.23`, `$1,234.50`; '—' when unknown (nothing priced). */
export function formatUsd(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '—'
  if (usd === 0) return '$0'
  const digits = usd < 0.01 ? 4 : usd < 1 ? 3 : 2
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`
}

/** Token count with thousands separators: 1,234,567. */
export function formatTokens(n: number | null | undefined): string {
  return n == null || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US')
}

/**
 * Token count for a narrow column: "4,152" like formatTokens up to 9,999, then "54.7k",
 * "1.23M" (the exact count goes in the cell's tooltip).
 */
export function formatTokensShort(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—'
  if (Math.abs(n) < 10_000) return formatTokens(n)
  const k = Number((n / 1000).toFixed(1))
  if (Math.abs(k) < 1000) return `${k}k`
  return `${Number((n / 1_000_000).toFixed(2))}M`
}

/** One line: "in 1,200 · out 300 · cache read 800 · $0.0042 · 40 unpriced". */
export function usageLine(t: UsageTotals): string {
  const parts = [`in ${formatTokens(t.inputTokens)}`, `out ${formatTokens(t.outputTokens)}`]
  if (t.cacheReadTokens) parts.push(`cache read ${formatTokens(t.cacheReadTokens)}`)
  if (t.cacheWriteTokens) parts.push(`cache write ${formatTokens(t.cacheWriteTokens)}`)
  if (t.reasoningTokens) parts.push(`reasoning ${formatTokens(t.reasoningTokens)}`)
  if (t.otherTokens) parts.push(`other ${formatTokens(t.otherTokens)}`)
  parts.push(formatUsd(t.costUsd))
  if (t.unpricedTokens) parts.push(`${formatTokens(t.unpricedTokens)} unpriced`)
  return parts.join(' · ')
}

/**
 * Where a sum's cost came from, when the source recorded some of it itself (flujo's
 * `cost_usd`): "cost of 2 of 3 calls as recorded by the source, the rest from the price table".
 * Null when every cost is from the price table.
 */
export function costSourceNote(t: UsageTotals): string | null {
  const n = t.recordedCostCalls ?? 0
  if (!n) return null
  return n >= t.calls
    ? `cost as recorded by the source for ${n === 1 ? 'its call' : `all ${formatTokens(n)} calls`}`
    : `cost of ${formatTokens(n)} of ${formatTokens(t.calls)} calls as recorded by the source, the rest from the price table`
}

/** How many calls' cost the source recorded and how many the price table gave (JSON output). */
export function costSourceCounts(t: UsageTotals): { recorded: number; priceTable: number } {
  const recorded = t.recordedCostCalls ?? 0
  return { recorded, priceTable: t.calls - recorded }
}

/** One word for where a sum's cost came from: the source's records, the price table, or both. */
export function costSourceOf(t: UsageTotals): 'recorded' | 'price table' | 'both' {
  const n = t.recordedCostCalls ?? 0
  return n === 0 ? 'price table' : n >= t.calls ? 'recorded' : 'both'
}
