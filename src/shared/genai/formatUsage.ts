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
