// The stretch of a long session's log lines the Logs tab holds: whole pages of `events.list`
// (read newest first with a keyset cursor), contiguous, at most a bounded number of lines. Older
// pages are read in at the top as the user scrolls up and the newest held pages dropped; scrolling
// back down reads them again from the cursors kept for every page seen, so every line of a
// session of any length is reachable while memory stays bounded. Pure: LogsView.tsx does the reads.
import type { TraceEvent } from '../../shared/domain'
import { mergeLines } from './logView'

export interface LogWindow {
  /** the lines held, in time order (oldest first) */
  lines: ReadonlyArray<TraceEvent>
  /** page number (0 = the session's newest page) of the newest page held */
  first: number
  /** lines of each held page, newest page first; they add up to lines.length */
  counts: number[]
  /** cursors[i] reads page i (cursors[0] is null); kept for pages dropped, so they can be re-read */
  cursors: Array<string | null>
  /** true when the oldest page held is the session's oldest */
  atOldest: boolean
}

export const EMPTY_WINDOW: LogWindow = {
  lines: [],
  first: 0,
  counts: [],
  cursors: [null],
  atOldest: false,
}

/** the cursor that reads the page older than those held (null reads the newest page) */
export function olderCursor(w: LogWindow): string | null {
  return w.cursors[w.first + w.counts.length] ?? null
}

/** whether lines newer than those held exist: the newest held page is not the session's newest */
export function hasNewer(w: LogWindow): boolean {
  return w.first > 0
}

/** the cursor that re-reads the page just newer than those held; undefined when it is page 0 */
export function newerCursor(w: LogWindow): string | null | undefined {
  return w.first > 1 ? w.cursors[w.first - 1] : undefined
}

/** `items`, the page read with olderCursor(w), whose own next cursor is `next`, added at the top */
export function addOlder(
  w: LogWindow,
  items: ReadonlyArray<TraceEvent>,
  next: string | null,
): LogWindow {
  const lines = mergeLines(w.lines, items)
  const page = w.first + w.counts.length
  const cursors = [...w.cursors]
  cursors[page + 1] = next
  return {
    lines,
    first: w.first,
    counts: [...w.counts, lines.length - w.lines.length],
    cursors,
    atOldest: next === null,
  }
}

/**
 * `items`, newer than every line held, added at the bottom as one page: the page re-read with
 * newerCursor(w), or (when that is undefined) every line since the newest held, making page 0.
 */
export function addNewer(w: LogWindow, items: ReadonlyArray<TraceEvent>): LogWindow {
  if (w.first === 0) return addLive(w, items)
  const lines = mergeLines(w.lines, items)
  return { ...w, lines, first: w.first - 1, counts: [lines.length - w.lines.length, ...w.counts] }
}

/** live lines merged in at the bottom, part of page 0; ignored unless page 0 is held */
export function addLive(w: LogWindow, items: ReadonlyArray<TraceEvent>): LogWindow {
  if (w.first !== 0 || w.counts.length === 0) return w
  const lines = mergeLines(w.lines, items)
  if (lines === w.lines) return w
  return {
    ...w,
    lines,
    counts: [w.counts[0] + lines.length - w.lines.length, ...w.counts.slice(1)],
  }
}

/**
 * At most `max` lines (and at least one page): whole pages dropped at the end away from `keep`,
 * the end the user is reading.
 */
export function trimWindow(w: LogWindow, keep: 'older' | 'newer', max: number): LogWindow {
  let { lines, first, counts, atOldest } = w
  while (lines.length > max && counts.length > 1) {
    if (keep === 'older') {
      // the newest page, at the bottom
      lines = lines.slice(0, lines.length - counts[0])
      counts = counts.slice(1)
      first += 1
    } else {
      // the oldest page, at the top
      const n = counts[counts.length - 1]
      lines = lines.slice(n)
      counts = counts.slice(0, -1)
      atOldest = false
    }
  }
  return lines === w.lines ? w : { ...w, lines, first, counts, atOldest }
}
