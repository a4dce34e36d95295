// A session's time range when the source's own record of it and its spans disagree. A header
// must not contradict the rows under it (a flujo run headed "10:00:00 · 5m" whose spans ran at
// 02:23:20 for 20 s — a clock or time-zone slip in one of them): the spans are what the timeline
// draws, so their range is the session's, and the source's own values stay in the session
// detail as attributes `source.startTime` / `source.endTime`.
import type { Millis, Session } from './domain'
import { sessionIsLive } from './sessionStatusRule'

/** Differences below this are rounding and write latency, not disagreement. */
export const TIME_TOLERANCE_MS = 1000

export interface SpanRange {
  first: Millis | null
  last: Millis | null
}

/** true when a span lies outside the session's own [start, end] (an open end bounds nothing). */
export function timesDisagree(s: Pick<Session, 'startTime' | 'endTime'>, r: SpanRange): boolean {
  if (r.first === null || r.last === null) return false
  if (s.startTime !== null && r.first < s.startTime - TIME_TOLERANCE_MS) return true
  if (s.endTime !== null && r.last > s.endTime + TIME_TOLERANCE_MS) return true
  if (s.startTime !== null && r.first > (s.endTime ?? Infinity) + TIME_TOLERANCE_MS) return true
  return false
}

export function reconcileSessionTimes(s: Session, r: SpanRange, now = Date.now()): Session {
  if (!timesDisagree(s, r)) {
    // a span written after the source's own last update (flujo sets runs.updated_at when the
    // run starts) is activity too: "nothing written since" must not predate the rows below it
    if (r.last === null || (s.lastActivity !== null && r.last <= s.lastActivity)) return s
    const moved = { ...s, lastActivity: r.last }
    return { ...moved, live: sessionIsLive(moved, now) }
  }
  const first = r.first as Millis
  const last = r.last as Millis
  const end = s.endTime === null ? null : last
  return {
    ...s,
    startTime: first,
    endTime: end,
    durationMs:
      end !== null ? end - first : s.durationMs === null ? null : Math.max(0, last - first),
    lastActivity: Math.max(s.lastActivity ?? last, last),
    attributes: {
      ...s.attributes,
      'source.startTime': s.startTime,
      'source.endTime': s.endTime,
    },
  }
}
