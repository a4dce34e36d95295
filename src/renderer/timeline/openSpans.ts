// Where the timeline draws spans that have no end time. While the session runs they are running
// and reach "now", so they grow as time passes; once it ended or went quiet (the one rule in
// shared/sessionStatusRule.ts) they never ended and stop at the session's last activity.
import type { Session } from '../../shared/domain'
import { DEFAULT_QUIET_MS, openSpanState, type OpenSpanState } from '../../shared/sessionStatusRule'

export interface OpenSpanView {
  state: OpenSpanState
  /** the time an open span's bar reaches */
  end: number
}

export function openSpanView(
  session: Pick<Session, 'status' | 'lastActivity'> | null,
  now: number,
  quietMs: number = DEFAULT_QUIET_MS,
): OpenSpanView {
  if (!session) return { state: 'running', end: now }
  const state = openSpanState(session, now, quietMs)
  if (state === 'running') return { state, end: now }
  // -Infinity: the bar ends at its own start when nothing says when the session stopped
  return { state, end: session.lastActivity ?? -Infinity }
}

/** How often a running span's bar is moved on to "now": four times a second reads as growing. */
export const GROW_INTERVAL_MS = 250
