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
