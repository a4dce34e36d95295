// The Logs tab's pure parts: merging pages of a session's log lines and span events into one
// list in time order (pages arrive newest first, live pages overlap), and the filters.
import type { TraceEvent } from '../../shared/domain'
import { levelTone, type LevelTone } from './logLines'

export interface LogFilter {
  /** a level's tone (error, warn, info, debug) or null for every line */
  tone: LevelTone | null
  agentId: string | null
  /** only this span's lines (jumped to from a span), null for the session's */
  spanId: string | null
  /** case-insensitive substring of the name or message */
  text: string
}

export const NO_FILTER: LogFilter = { tone: null, agentId: null, spanId: null, text: '' }

/** time, then id: two lines at one moment keep one order across reloads */
function byTime(a: TraceEvent, b: TraceEvent): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * `lines` (in time order) with `fresh` merged in: a line already there (same id) is replaced,
 * since another process may have rewritten it. Returns `lines` itself when nothing changed.
 */
export function mergeLines(
  lines: ReadonlyArray<TraceEvent>,
  fresh: ReadonlyArray<TraceEvent>,
): ReadonlyArray<TraceEvent> {
  if (fresh.length === 0) return lines
  // a read covers a stretch of time (the last moments, or an older page): index just the lines
  // within it, so a 200,000-line session costs a binary search, not a map of every line, per read
  let earliest = Infinity
  let latest = -Infinity
  for (const f of fresh) {
    if (f.time < earliest) earliest = f.time
    if (f.time > latest) latest = f.time
  }
  const at = new Map<string, number>()
  for (let i = firstAtOrAfter(lines, earliest); i < lines.length && lines[i].time <= latest; i++)
    at.set(lines[i].id, i)
  const out = [...lines]
  const added: TraceEvent[] = []
  let changed = false
  for (const f of fresh) {
    const i = at.get(f.id)
    if (i === undefined) {
      at.set(f.id, -1)
      added.push(f)
    } else if (i >= 0 && (out[i].message !== f.message || out[i].level !== f.level)) {
      out[i] = f
      changed = true
    }
  }
  if (added.length === 0) return changed ? out : lines
  added.sort(byTime)
  // the usual cases: everything new is later than what is there (live), or all of it earlier
  // (an older page while the session loads)
  if (out.length === 0 || byTime(out[out.length - 1], added[0]) <= 0) return out.concat(added)
  if (byTime(added[added.length - 1], out[0]) <= 0) return added.concat(out)
  return out.concat(added).sort(byTime)
}

/** index of the first line at or after `time` (lines in time order) */
function firstAtOrAfter(lines: ReadonlyArray<TraceEvent>, time: number): number {
  let lo = 0
  let hi = lines.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (lines[mid].time < time) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function filterLines(
  lines: ReadonlyArray<TraceEvent>,
  f: LogFilter,
): ReadonlyArray<TraceEvent> {
  if (f.tone === null && f.agentId === null && f.spanId === null && f.text.trim() === '')
    return lines
  const text = f.text.trim().toLowerCase()
  return lines.filter(
    (l) =>
      (f.tone === null || levelTone(l.level) === f.tone) &&
      (f.agentId === null || l.agentId === f.agentId) &&
      (f.spanId === null || l.spanId === f.spanId) &&
      (text === '' ||
        l.name.toLowerCase().includes(text) ||
        (l.message?.toLowerCase().includes(text) ?? false)),
  )
}

/** the agents that wrote lines, for the agent filter */
export function lineAgents(lines: ReadonlyArray<TraceEvent>): string[] {
  const set = new Set<string>()
  for (const l of lines) if (l.agentId) set.add(l.agentId)
  return [...set].sort()
}
