// Values every filter shares — the flags of the CLI, the export dialog's fields and the filter
// language: durations, span statuses and the case-insensitive text match.
import type { SpanStatus } from '../domain'

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/** Parses a duration like `15m`, `24h`, `7d`, `90s`, `1.5h` into ms; null when it is not one. */
export function parseDuration(value: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/i.exec(value)
  if (!m) return null
  return Number(m[1]) * UNIT_MS[m[2].toLowerCase()]
}

const STATUS_ALIASES: Record<string, SpanStatus> = {
  ok: 'ok',
  completed: 'ok',
  success: 'ok',
  succeeded: 'ok',
  error: 'error',
  failed: 'error',
  failure: 'error',
  unset: 'unset',
  running: 'unset',
}

export const STATUS_HELP = 'ok, error or unset (completed/failed/running also accepted)'

/** The span status a word names, or null. */
export function statusOf(value: string): SpanStatus | null {
  return STATUS_ALIASES[value.trim().toLowerCase()] ?? null
}

/** Case-insensitive substring over strings and JSON of anything else. */
export function textMatches(text: string, ...values: unknown[]): boolean {
  const needle = text.toLowerCase()
  for (const v of values) {
    if (v === null || v === undefined) continue
    const hay = typeof v === 'string' ? v : JSON.stringify(v)
    if (hay.toLowerCase().includes(needle)) return true
  }
  return false
}
