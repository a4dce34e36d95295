import { describe, expect, it } from 'vitest'
import {
  clampView,
  panBy,
  panByPixels,
  revealInterval,
  timeToX,
  traceBounds,
  viewedBounds,
  xToTime,
  zoomAt,
} from '../../src/renderer/timeline/viewBounds'
import { clockStep, timeTicks } from '../../src/renderer/timeline/ticks'
import { collapsedExtents, mergeToPixels, rasterizeSpans } from '../../src/renderer/timeline/lod'
import { formatCount, formatDuration } from '../../src/renderer/lib/format'

const bounds = { start: 1000, end: 2000 }

describe('view bounds', () => {
  it('zooms in around the cursor keeping the time under it in place', () => {
    const v = zoomAt(bounds, bounds, 0.5, 0.25)
    expect(v.end - v.start).toBe(500)
    // time under the cursor (25% across) was 1250 and still is
    expect(v.start + 0.25 * (v.end - v.start)).toBe(1250)
    expect(v).toEqual({ start: 1125, end: 1625 })
  })

  it('zooming out never leaves the trace bounds', () => {
    const v = zoomAt({ start: 1900, end: 2000 }, bounds, 4, 1)
    expect(v.start).toBeGreaterThanOrEqual(1000)
    expect(v.end).toBeLessThanOrEqual(2000)
    expect(v.end - v.start).toBe(400)
    expect(zoomAt(v, bounds, 100)).toEqual(bounds)
  })

  it('pans and stops at the edges', () => {
    expect(panBy({ start: 1100, end: 1200 }, bounds, 50)).toEqual({ start: 1150, end: 1250 })
    expect(panBy({ start: 1100, end: 1200 }, bounds, -500)).toEqual({ start: 1000, end: 1100 })
    expect(panBy({ start: 1800, end: 1900 }, bounds, 500)).toEqual({ start: 1900, end: 2000 })
    // dragging right by 100px of a 1000px canvas shows earlier time
    expect(panByPixels({ start: 1500, end: 1600 }, bounds, 100, 1000)).toEqual({
      start: 1490,
      end: 1590,
    })
  })

  it('clamps a bad view to something drawable', () => {
    expect(clampView({ start: NaN, end: NaN }, bounds)).toEqual(bounds)
    expect(clampView({ start: 1500, end: 1500 }, bounds).end).toBeGreaterThan(1500)
  })

  it('maps time to pixels and back', () => {
    const v = { start: 1000, end: 1500 }
    expect(timeToX(1250, v, 800)).toBe(400)
    expect(xToTime(400, v, 800)).toBe(1250)
    expect(viewedBounds(1100, 1600, v)).toEqual({ start: 0.2, end: 1.2 })
  })

  it('reveals an interval outside the view, centring small ones', () => {
    const v = { start: 1000, end: 1100 }
    expect(revealInterval(v, bounds, { start: 1020, end: 1030 })).toBe(v)
    expect(revealInterval(v, bounds, { start: 1500, end: 1510 })).toEqual({
      start: 1455,
      end: 1555,
    })
    const wide = revealInterval(v, bounds, { start: 1200, end: 1600 })
    expect(wide.start).toBeLessThanOrEqual(1200)
    expect(wide.end).toBeGreaterThanOrEqual(1600)
  })

  it('computes trace bounds with open spans', () => {
    expect(traceBounds([5, 3, 9], [6, 4, NaN])).toEqual({ start: 3, end: 9 })
    expect(traceBounds([], [])).toEqual({ start: 0, end: 1 })
    // an open span reaches openEnd (now, while running), never before its own start
    expect(traceBounds([5, 3, 9], [6, 4, NaN], 3, 20)).toEqual({ start: 3, end: 20 })
    expect(traceBounds([5, 3, 9], [6, 4, NaN], 3, 7)).toEqual({ start: 3, end: 9 })
    // a closed span is not moved by it
    expect(traceBounds([5], [6], 1, 50)).toEqual({ start: 5, end: 6 })
  })
})

describe('time axis ticks', () => {
  it('labels round steps relative to the origin', () => {
    const ticks = timeTicks({ start: 1000, end: 2000 }, 1000, 1000, 100)
    expect(ticks.length).toBeGreaterThanOrEqual(5)
    expect(ticks[0]).toMatchObject({ x: 0, offset: 0, label: '0ms' })
    const step = ticks[1].offset - ticks[0].offset
    expect([100, 200, 50]).toContain(step)
    expect(ticks.map((t) => t.label)).toContain('500ms')
    for (const t of ticks) expect(t.x).toBeCloseTo(((t.offset + 1000 - 1000) / 1000) * 1000)
  })

  it('follows the zoom: a 2ms window has µs-level steps', () => {
    const ticks = timeTicks({ start: 1500, end: 1502 }, 1000, 1000, 100)
    expect(ticks[0].offset).toBeGreaterThanOrEqual(500)
    expect(ticks.at(-1)!.offset).toBeLessThanOrEqual(502)
    expect(ticks[1].offset - ticks[0].offset).toBeLessThan(1)
  })

  it('steps by the clock above a second: minutes for a ten-minute window', () => {
    const ticks = timeTicks({ start: 0, end: 600_000 }, 0, 1000, 100)
    expect(clockStep(600_000, 10)).toBe(60_000)
    expect(clockStep(500, 10)).toBeNull()
    expect(ticks.map((t) => t.label)).toEqual([
      '0ms',
      '1m',
      '2m',
      '3m',
      '4m',
      '5m',
      '6m',
      '7m',
      '8m',
      '9m',
      '10m',
    ])
    const s = timeTicks({ start: 5000, end: 65_000 }, 0, 600, 100)
    expect(s.map((t) => t.offset)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000])
    expect(s[0].x).toBeCloseTo(50)
  })

  it('returns nothing for an empty canvas', () => {
    expect(timeTicks({ start: 0, end: 1 }, 0, 0)).toEqual([])
  })
})

describe('level of detail', () => {
  it('rasterizes spans into density cells by time and row', () => {
    // 3 spans over 100ms, 2 rows, on a 10×2 grid
    const g = rasterizeSpans(
      [0, 0, 50],
      [100, 10, 60],
      [0, 2, 0],
      [0, 1, 1],
      3,
      2,
      { start: 0, end: 100 },
      10,
      2,
      0,
    )
    expect(g.width).toBe(10)
    // row 0: one span across every column
    expect(Array.from(g.cells.subarray(0, 10))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    // row 1: span 0..10ms covers cols 0-1, span 50..60ms covers cols 5-6
    expect(Array.from(g.cells.subarray(10, 20))).toEqual([1, 1, 0, 0, 0, 1, 1, 0, 0, 0])
    expect(g.errors[10]).toBe(1)
    expect(g.max).toBe(1)
  })

  it('skips hidden spans and bins many rows into few cells', () => {
    const n = 1000
    const starts = Array.from({ length: n }, (_, i) => i)
    const ends = starts.map((s) => s + 1)
    const rows = starts.map((_, i) => (i % 2 === 0 ? i / 2 : -1))
    const g = rasterizeSpans(
      starts,
      ends,
      new Uint8Array(n),
      rows,
      n,
      500,
      { start: 0, end: 1000 },
      100,
      10,
      0,
    )
    const total = g.cells.reduce((s, v) => s + v, 0)
    expect(total).toBeGreaterThan(0)
    expect(g.cells.length).toBe(1000)
  })

  it('merges sub-pixel neighbours into one rect', () => {
    const starts = Array.from({ length: 10_000 }, (_, i) => i)
    const ends = starts.map((s) => s + 0.5)
    const rects = mergeToPixels(starts, ends, { start: 0, end: 10_000 }, 100)
    expect(rects.length).toBeLessThan(10)
    expect(rects.reduce((s, r) => s + r.n, 0)).toBe(10_000)
    // far-apart spans stay separate, out-of-view ones vanish
    expect(
      mergeToPixels([0, 500, 5000], [10, 510, 5010], { start: 0, end: 1000 }, 1000),
    ).toHaveLength(2)
  })
})

describe('collapsed rows', () => {
  it('collect the hidden descendants of each collapsed span, sorted by start', () => {
    // 0 ─┬─ 1 ── 3
    //    └─ 2
    const childStart = new Int32Array([0, 2, 3, 3, 3])
    const childList = new Int32Array([1, 2, 3])
    const start = [0, 50, 10, 60]
    const end = [100, 70, 20, NaN]
    const ext = collapsedExtents(start, end, childStart, childList, [0, 2], 80)
    expect([...ext.keys()]).toEqual([0]) // 2 has no children: nothing hidden
    expect(Array.from(ext.get(0)!.starts)).toEqual([10, 50, 60])
    expect(Array.from(ext.get(0)!.ends)).toEqual([20, 70, 80]) // the open span runs until now
    const px = mergeToPixels(ext.get(0)!.starts, ext.get(0)!.ends, { start: 0, end: 100 }, 100)
    expect(px.map((r) => [Math.round(r.x), Math.round(r.w), r.n])).toEqual([
      [10, 10, 1],
      [50, 30, 2],
    ])
  })
})

describe('format', () => {
  it('formats durations across scales', () => {
    expect(formatDuration(0.0125)).toBe('13µs')
    expect(formatDuration(0.0015)).toBe('1.5µs')
    expect(formatDuration(1.234)).toBe('1.23ms')
    expect(formatDuration(250)).toBe('250ms')
    expect(formatDuration(1500)).toBe('1.5s')
    expect(formatDuration(125_000)).toBe('2m 5s')
    expect(formatDuration(null)).toBe('—')
  })

  it('rounds into the next unit instead of showing 60s, 60m or 1000ms', () => {
    // a 10-minute session measured as 599,999.7 ms read "9m 60s" on the agent graph's scrubber
    expect(formatDuration(599_999.7)).toBe('10m')
    expect(formatDuration(119_600)).toBe('2m')
    expect(formatDuration(3_599_700)).toBe('1h')
    expect(formatDuration(7_199_999)).toBe('2h')
    expect(formatDuration(59_970)).toBe('1m')
    expect(formatDuration(999.7)).toBe('1s')
    expect(formatDuration(0.9997)).toBe('1ms')
    expect(formatDuration(-599_999.7)).toBe('-10m')
    expect(formatCount(999_960)).toBe('1M')
    expect(formatCount(12_345)).toBe('12.3k')
  })
})
