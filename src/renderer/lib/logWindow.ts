// The stretch of a long session's log lines the Logs tab holds: whole pages of `events.list`,
// contiguous, at most a bounded number of lines. The pages are read from one end of the session
// (`from`: its newest lines, or its oldest after "jump to oldest") with a keyset cursor, away
// from that end ("far"); as the user scrolls on, pages at the far end are read in and those at
// the near end dropped, and scrolling back re-reads them from the cursors kept for every page
// seen, so every line of a session of any length is reachable while memory stays bounded.
// Pure: useLogWindow.ts does the reads.
import type { TraceEvent } from '../../shared/domain'
import { mergeLines } from './logView'

export type WindowEnd = 'newest' | 'oldest'

export interface LogWindow {
  /** the end of the session the pages are read from: page 0 holds its newest or oldest lines */
  from: WindowEnd
  /** the lines held, in time order (oldest first) */
  lines: ReadonlyArray<TraceEvent>
  /** page number (0 = the page at the `from` end) of the nearest page held */
  first: number
  /** lines of each held page, nearest page first; they add up to lines.length */
  counts: number[]
  /** cursors[i] reads page i (cursors[0] is null); kept for pages dropped, so they can be re-read */
  cursors: Array<string | null>
  /** true when the farthest page held is the session's last one: its other end is held */
  atFar: boolean
}

export function emptyWindow(from: WindowEnd): LogWindow {
  return { from, lines: [], first: 0, counts: [], cursors: [null], atFar: false }
}

export const EMPTY_WINDOW: LogWindow = emptyWindow('newest')

/** the session's newest line is held (live lines can be added at the bottom) */
export function holdsNewest(w: LogWindow): boolean {
  return w.counts.length > 0 && (w.from === 'newest' ? w.first === 0 : w.atFar)
}

/** the session's oldest line is held */
export function holdsOldest(w: LogWindow): boolean {
  return w.counts.length > 0 && (w.from === 'oldest' ? w.first === 0 : w.atFar)
}

/** the cursor that reads the page beyond the farthest held (null reads page 0) */
export function farCursor(w: LogWindow): string | null {
  return w.cursors[w.first + w.counts.length] ?? null
}

/**
 * The cursor that re-reads the page just nearer than those held; undefined when that is the
 * newest page, which grows with live lines: it is read as every line since the newest held.
 */
export function nearCursor(w: LogWindow): string | null | undefined {
  if (w.first === 0) return undefined
  if (w.from === 'newest' && w.first === 1) return undefined
  return w.cursors[w.first - 1]
}

/** `items`, the page read with farCursor(w), whose own next cursor is `next`, added at the far end */
export function addFar(
  w: LogWindow,
  items: ReadonlyArray<TraceEvent>,
  next: string | null,
): LogWindow {
  const lines = mergeLines(w.lines, items)
  const page = w.first + w.counts.length
  const cursors = [...w.cursors]
  cursors[page + 1] = next
  return {
    ...w,
    lines,
    counts: [...w.counts, lines.length - w.lines.length],
    cursors,
    atFar: next === null,
  }
}

/**
 * `items`, the page re-read with nearCursor(w), added at the near end as one page; when that is
 * undefined (the newest page), every line since the newest held, making page 0.
 */
export function addNear(w: LogWindow, items: ReadonlyArray<TraceEvent>): LogWindow {
  if (w.from === 'newest' && w.first === 0) return addLive(w, items)
  const lines = mergeLines(w.lines, items)
  return { ...w, lines, first: w.first - 1, counts: [lines.length - w.lines.length, ...w.counts] }
}

/** live lines merged in at the bottom, part of the newest page; ignored unless that is held */
export function addLive(w: LogWindow, items: ReadonlyArray<TraceEvent>): LogWindow {
  if (!holdsNewest(w)) return w
  const lines = mergeLines(w.lines, items)
  if (lines === w.lines) return w
  const grown = lines.length - w.lines.length
  const counts =
    w.from === 'newest'
      ? [w.counts[0] + grown, ...w.counts.slice(1)]
      : [...w.counts.slice(0, -1), w.counts[w.counts.length - 1] + grown]
  return { ...w, lines, counts }
}

/**
 * At most `max` lines (and at least one page): whole pages dropped at the end away from `keep`,
 * the end the user is reading.
 */
export function trimWindow(w: LogWindow, keep: 'far' | 'near', max: number): LogWindow {
  let { lines, first, counts, atFar } = w
  while (lines.length > max && counts.length > 1) {
    if (keep === 'far') {
      // the nearest page: at the bottom when reading from the newest, else at the top
      const n = counts[0]
      lines = w.from === 'newest' ? lines.slice(0, lines.length - n) : lines.slice(n)
      counts = counts.slice(1)
      first += 1
    } else {
      const n = counts[counts.length - 1]
      lines = w.from === 'newest' ? lines.slice(n) : lines.slice(0, lines.length - n)
      counts = counts.slice(0, -1)
      atFar = false
    }
  }
  return lines === w.lines ? w : { ...w, lines, first, counts, atFar }
}
