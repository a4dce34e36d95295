import { describe, expect, it } from 'vitest'
import { collapsedExtents, mergeToPixels, rasterizeSpans } from '../../src/renderer/timeline/lod'

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
