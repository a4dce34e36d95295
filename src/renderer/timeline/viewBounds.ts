// Timeline maths: the visible time window, zoom around a cursor, pan, and mapping between
// time and pixels. Pure functions so they can be tested without a DOM (after Jaeger UI's
// createViewedBoundsFunc, but in absolute milliseconds instead of fractions).

export interface TimeWindow {
  start: number
  end: number
}

/** The narrowest window anyone can zoom to: 1 µs. */
export const MIN_WINDOW_MS = 0.001

export function windowWidth(w: TimeWindow): number {
  return w.end - w.start
}

/** Keeps a view inside the trace's bounds, preserving its width where it can. */
export function clampView(
  view: TimeWindow,
  bounds: TimeWindow,
  minWidth = MIN_WINDOW_MS,
): TimeWindow {
  const total = Math.max(bounds.end - bounds.start, minWidth)
  let width = Math.min(Math.max(view.end - view.start, minWidth), total)
  if (!Number.isFinite(width)) width = total
  let start = Number.isFinite(view.start) ? view.start : bounds.start
  if (start < bounds.start) start = bounds.start
  if (start + width > bounds.start + total) start = bounds.start + total - width
  return { start, end: start + width }
}

/**
 * Zooms by `factor` (< 1 zooms in, > 1 out) keeping the time under `anchor` (0..1 across the
 * view, e.g. the mouse position) where it is on screen.
 */
export function zoomAt(
  view: TimeWindow,
  bounds: TimeWindow,
  factor: number,
  anchor = 0.5,
): TimeWindow {
  const a = Math.min(1, Math.max(0, anchor))
  const width = view.end - view.start
  const t = view.start + a * width
  const next = width * factor
  return clampView({ start: t - a * next, end: t - a * next + next }, bounds)
}

/** Moves the view by `deltaMs` (positive = later), stopping at the bounds. */
export function panBy(view: TimeWindow, bounds: TimeWindow, deltaMs: number): TimeWindow {
  return clampView({ start: view.start + deltaMs, end: view.end + deltaMs }, bounds)
}

/** Pans by a pixel distance on a canvas `widthPx` wide. */
export function panByPixels(
  view: TimeWindow,
  bounds: TimeWindow,
  dx: number,
  widthPx: number,
): TimeWindow {
  if (widthPx <= 0) return view
  return panBy(view, bounds, (-dx / widthPx) * (view.end - view.start))
}

export function timeToX(t: number, view: TimeWindow, widthPx: number): number {
  return ((t - view.start) / (view.end - view.start)) * widthPx
}

export function xToTime(x: number, view: TimeWindow, widthPx: number): number {
  return view.start + (x / widthPx) * (view.end - view.start)
}

/**
 * Where an interval falls inside the view, as fractions (0 = left edge, 1 = right edge);
 * values outside 0..1 mean the interval sticks out of the view.
 */
export function viewedBounds(
  start: number,
  end: number,
  view: TimeWindow,
): { start: number; end: number } {
  const w = view.end - view.start
  return { start: (start - view.start) / w, end: (end - view.start) / w }
}

/** A window that shows `focus` with some margin, inside bounds; used by search-and-jump. */
export function revealInterval(
  view: TimeWindow,
  bounds: TimeWindow,
  focus: TimeWindow,
): TimeWindow {
  const w = view.end - view.start
  const fw = Math.max(focus.end - focus.start, MIN_WINDOW_MS)
  if (focus.start >= view.start && focus.end <= view.end) return view
  if (fw <= w * 0.8) {
    const mid = (focus.start + focus.end) / 2
    return clampView({ start: mid - w / 2, end: mid + w / 2 }, bounds)
  }
  const margin = fw * 0.1
  return clampView({ start: focus.start - margin, end: focus.end + margin }, bounds)
}

/**
 * The trace's bounds from span times; open spans (end NaN) reach `openEnd` (now while the
 * session runs, see openSpans.ts) or their start, whichever is later.
 */
export function traceBounds(
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  count = starts.length,
  openEnd = -Infinity,
): TimeWindow {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < count; i++) {
    if (starts[i] < lo) lo = starts[i]
    const end = Number.isNaN(ends[i]) ? openEnd : ends[i]
    const e = end > starts[i] ? end : starts[i]
    if (e > hi) hi = e
  }
  if (!Number.isFinite(lo)) return { start: 0, end: 1 }
  if (hi - lo < MIN_WINDOW_MS) hi = lo + 1
  return { start: lo, end: hi }
}
