// When to try an OTLP endpoint again. One rule for the collector's forwarder and for
// `export --to`: exponential backoff capped at 5 s, so an upstream that comes back is
// retried within ~6 s (the queue starts draining well inside 10 s), and a Retry-After from
// a 429/503 wins over the backoff (capped, so a hostile header cannot park us for days).

export const FIRST_DELAY_MS = 250
export const MAX_DELAY_MS = 5_000
export const MAX_RETRY_AFTER_MS = 5 * 60_000

/** delay before attempt `attempt + 1` after `attempt` failures (attempt ≥ 1), with ±20 % jitter */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1))
  return Math.round(base * (0.8 + 0.4 * random()))
}

/** Retry-After as delta-seconds or an HTTP date → milliseconds, or null when absent/unreadable */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Number(trimmed) * 1000)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now))
}

/** What to do with a request after an answer (or no answer: status null). */
export type Outcome = 'done' | 'retry' | 'reject'

/**
 * 2xx: done. No answer, 408, 429 and 5xx other than 501: retry (the OTLP/HTTP spec's
 * retryable set, plus 500 since a restarting collector may answer it). Any other 4xx: the
 * upstream will never take this request, so it is rejected (counted, not retried forever).
 */
export function outcomeOf(status: number | null): Outcome {
  if (status === null) return 'retry'
  if (status >= 200 && status < 300) return 'done'
  if (status === 408 || status === 429) return 'retry'
  if (status >= 500 && status !== 501) return 'retry'
  return 'reject'
}
