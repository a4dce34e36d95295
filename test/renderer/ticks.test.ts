import { describe, expect, it } from 'vitest'
import { clockStep, timeTicks } from '../../src/renderer/timeline/ticks'

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
