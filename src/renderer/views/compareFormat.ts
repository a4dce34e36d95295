// Deltas as the Compare view shows them: a sign on every change, so "+300ms" reads as slower
// without its colour.
import { formatDuration } from '../lib/format'
import { formatTokens, formatUsd } from '../../shared/genai/formatUsage'

export function signedDuration(ms: number | null | undefined): string {
  if (ms == null) return '—'
  return ms > 0 ? `+${formatDuration(ms)}` : ms < 0 ? `−${formatDuration(-ms)}` : '0'
}

export function signedTokens(n: number | null | undefined): string {
  if (n == null) return '—'
  return n > 0 ? `+${formatTokens(n)}` : n < 0 ? `−${formatTokens(-n)}` : '0'
}

export function signedUsd(n: number | null | undefined): string {
  if (n == null) return '—'
  return n > 0 ? `+${formatUsd(n)}` : n < 0 ? `−${formatUsd(-n)}` : '0'
}

export function signedCount(n: number | null | undefined): string {
  if (n == null) return '—'
  return n > 0 ? `+${n.toLocaleString()}` : n < 0 ? `−${(-n).toLocaleString()}` : '0'
}
