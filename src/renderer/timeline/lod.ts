// Level of detail: when there are more spans than pixels, draw pixels, not spans.
// The minimap rasterizes the whole session into a small grid once per data change
// (difference arrays: O(spans + cells)), and the waterfall merges sub-pixel neighbours.
import type { TimeWindow } from './viewBounds'

export interface DensityGrid {
  width: number
  height: number
  /** spans covering each cell, row-major */
  cells: Float32Array
  /** cells that contain an error span */
  errors: Uint8Array
  max: number
}

/**
 * Rasterizes spans into `width × height` cells: x by time over `bounds`, y by the span's
 * screen row over `rowCount` rows. `rowOfSpan[i]` < 0 skips a hidden span.
 */
export function rasterizeSpans(
  start: ArrayLike<number>,
  end: ArrayLike<number>,
  status: ArrayLike<number>,
  rowOfSpan: ArrayLike<number>,
  count: number,
  rowCount: number,
  bounds: TimeWindow,
  width: number,
  height: number,
  now: number,
): DensityGrid {
  const w = Math.max(1, Math.floor(width))
  const h = Math.max(1, Math.floor(height))
  const diff = new Float32Array((w + 1) * h)
  const errors = new Uint8Array(w * h)
  const span = bounds.end - bounds.start || 1
  const rowsPerCell = Math.max(rowCount, 1) / h
  for (let i = 0; i < count; i++) {
    const r = rowOfSpan[i]
    if (r < 0) continue
    const y = Math.min(h - 1, Math.floor(r / rowsPerCell))
    const e = Number.isNaN(end[i]) ? Math.max(now, start[i]) : end[i]
    let x0 = Math.floor(((start[i] - bounds.start) / span) * w)
    let x1 = Math.floor(((e - bounds.start) / span) * w)
    if (x1 < x0) x1 = x0
    if (x0 < 0) x0 = 0
    if (x1 > w - 1) x1 = w - 1
    if (x0 > w - 1) continue
    diff[y * (w + 1) + x0] += 1
    diff[y * (w + 1) + x1 + 1] -= 1
    if (status[i] === 2) errors[y * w + x0] = 1
  }
  const cells = new Float32Array(w * h)
  let max = 0
  for (let y = 0; y < h; y++) {
    let acc = 0
    for (let x = 0; x < w; x++) {
      acc += diff[y * (w + 1) + x]
      cells[y * w + x] = acc
      if (acc > max) max = acc
    }
  }
  return { width: w, height: h, cells, errors, max }
}

export interface PixelRect {
  x: number
  w: number
  /** how many spans this rect stands for */
  n: number
}

/**
 * Turns intervals (sorted by start) into rectangles on a `widthPx` canvas, merging
 * neighbours that touch within `gapPx` so a track of 10,000 tiny spans draws as a few
 * hundred rects. Intervals outside the view are skipped.
 */
export function mergeToPixels(
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  view: TimeWindow,
  widthPx: number,
  gapPx = 0.5,
): PixelRect[] {
  const out: PixelRect[] = []
  const k = widthPx / (view.end - view.start)
  let cur: PixelRect | null = null
  for (let i = 0; i < starts.length; i++) {
    if (ends[i] < view.start || starts[i] > view.end) continue
    const x0 = Math.max(0, (starts[i] - view.start) * k)
    const x1 = Math.min(widthPx, Math.max(x0 + 1, (ends[i] - view.start) * k))
    if (cur && x0 <= cur.x + cur.w + gapPx) {
      cur.w = Math.max(cur.w, x1 - cur.x)
      cur.n++
    } else {
      cur = { x: x0, w: x1 - x0, n: 1 }
      out.push(cur)
    }
  }
  return out
}

export interface Extents {
  starts: Float64Array
  ends: Float64Array
}

/**
 * For each collapsed span that has children: the intervals of all its hidden descendants,
 * sorted by start, so its row can show where the hidden work happened (merged to pixels by
 * mergeToPixels at draw time). Computed when the collapsed set or the tree changes.
 */
export function collapsedExtents(
  start: ArrayLike<number>,
  end: ArrayLike<number>,
  childStart: Int32Array,
  childList: Int32Array,
  collapsedRows: Iterable<number>,
  now: number,
): Map<number, Extents> {
  const out = new Map<number, Extents>()
  for (const i of collapsedRows) {
    if (childStart[i + 1] <= childStart[i]) continue
    const found: number[] = []
    const stack = Array.from(childList.subarray(childStart[i], childStart[i + 1]))
    while (stack.length > 0) {
      const c = stack.pop() as number
      found.push(c)
      for (let k = childStart[c]; k < childStart[c + 1]; k++) stack.push(childList[k])
    }
    found.sort((a, b) => start[a] - start[b])
    const starts = new Float64Array(found.length)
    const ends = new Float64Array(found.length)
    found.forEach((c, k) => {
      starts[k] = start[c]
      ends[k] = Number.isNaN(end[c]) ? Math.max(now, start[c]) : end[c]
    })
    out.set(i, { starts, ends })
  }
  return out
}
