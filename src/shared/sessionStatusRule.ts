// The status of a session whose source records none of its own (OTLP, the SDK, ddeutil-workflow
// runs, the session-keyed trace store, Claude-Flow files without a sessions table). One rule,
// used by the store, every adapter and the live views:
//
//   running    while its root span is open; with no root span, while records keep arriving
//              (something was written within the quiet time)
//   failed     when the root span ended in error; when the root has no status (unset) or there
//              is no root, when any error was ever recorded
//   unknown    a session without a single span (MoAI SwarmDB's memory-only sessions), once quiet:
//              nothing recorded says it completed; shown as "no spans" (sessionStatusWord)
//   completed  otherwise
//
// "Ever recorded": resolving an error later does not turn a failed run into a completed one.
// The quiet time defaults to 5 minutes: spans are written when they end, and an agent waiting on
// one long LLM call or tool run writes nothing meanwhile (OTel's BatchSpanProcessor exports every
// 5 s, but only what has ended). Set it with the environment variable TRACESCOPE_QUIET_MS.
import type { Millis, SessionStatus, SpanStatus } from './domain'

export const DEFAULT_QUIET_MS = 5 * 60_000

/** The quiet time in ms: TRACESCOPE_QUIET_MS when it is a positive number, else 5 minutes. */
export function sessionQuietMs(): number {
  // shared with the renderer, which has no `process`
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  const env = proc?.env?.TRACESCOPE_QUIET_MS
  const n = env === undefined || env.trim() === '' ? NaN : Number(env)
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_QUIET_MS
}

export interface RootSpanState {
  /** false while the root span has no end time */
  ended: boolean
  status: SpanStatus
}

export interface SessionEvidence {
  /** the session's root span(s) folded into one: null when none is known */
  root: RootSpanState | null
  /** errors ever recorded for the session (resolved ones included) */
  errorCount: number
  /** when anything was last written, null if never */
  lastActivity: Millis | null
  /** spans recorded for the session; undefined when the source did not count them */
  spanCount?: number
  now?: Millis
  quietMs?: number
}

export function deriveSessionStatus(e: SessionEvidence): SessionStatus {
  if (e.root) {
    if (!e.root.ended) return 'running'
    if (e.root.status === 'error') return 'failed'
    if (e.root.status === 'ok') return 'completed'
    return e.errorCount > 0 ? 'failed' : 'completed'
  }
  const now = e.now ?? Date.now()
  const quiet = e.quietMs ?? sessionQuietMs()
  if (e.lastActivity !== null && now - e.lastActivity < quiet) return 'running'
  if (e.errorCount > 0) return 'failed'
  return e.spanCount === 0 ? 'unknown' : 'completed'
}

/**
 * The word a session's status is shown as, in the sessions list, the session header and the
 * CLI: "no spans" for a session the rule could not call anything because nothing was recorded.
 */
export function sessionStatusWord(s: { status: SessionStatus; spanCount: number }): string {
  return s.status === 'unknown' && s.spanCount === 0 ? 'no spans' : s.status
}

/** Several roots (a session of several traces) as one: open if any is open, error if any failed. */
export function foldRoots(roots: RootSpanState[]): RootSpanState | null {
  if (roots.length === 0) return null
  return {
    ended: roots.every((r) => r.ended),
    status: roots.some((r) => r.status === 'error')
      ? 'error'
      : roots.every((r) => r.status === 'ok')
        ? 'ok'
        : 'unset',
  }
}

export type OpenSpanState = 'running' | 'never-ended'

/**
 * A span with no end time is running while its session runs and something was written within
 * the quiet time; once the session ended (completed, failed) or went quiet it *never ended*:
 * the writer stopped without closing it, so drawing it as running until "now" would be false.
 */
export function openSpanState(
  session: { status: SessionStatus; lastActivity: Millis | null },
  now: Millis,
  quietMs: number = sessionQuietMs(),
): OpenSpanState {
  if (session.status === 'completed' || session.status === 'failed') return 'never-ended'
  if (session.lastActivity !== null && now - session.lastActivity >= quietMs) return 'never-ended'
  return 'running'
}

/**
 * The LIVE badge: a session is live exactly while its open spans are running — it has no end,
 * its status is running and something was written within the quiet time. One rule, so the badge,
 * the status and the open spans never contradict each other.
 */
export function sessionIsLive(
  session: { status: SessionStatus; endTime: Millis | null; lastActivity: Millis | null },
  now: Millis,
  quietMs: number = sessionQuietMs(),
): boolean {
  return (
    session.endTime === null &&
    session.status === 'running' &&
    session.lastActivity !== null &&
    openSpanState(session, now, quietMs) === 'running'
  )
}

/** When a live session stops being live if nothing more is written (ms since the epoch). */
export function liveUntil(
  session: { lastActivity: Millis | null },
  quietMs: number,
): Millis | null {
  return session.lastActivity === null ? null : session.lastActivity + quietMs
}
