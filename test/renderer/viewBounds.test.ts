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
