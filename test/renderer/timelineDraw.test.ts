// The time axis: a tick near the right edge keeps its whole label ("1m" at the end of a
// one-minute run was drawn as "1n", cut by the canvas edge).
import { describe, expect, it } from 'vitest'
import { tickLabelX } from '../../src/renderer/draw/timelineDraw'

describe('tickLabelX', () => {
  it('puts a label right of its tick while it fits', () => {
    expect(tickLabelX(100, 20, 1280)).toBe(103)
    expect(tickLabelX(1257, 20, 1280)).toBe(1260) // ends exactly at the edge
  })

  it('ends a label at its tick when it would run past the edge', () => {
    expect(tickLabelX(1264, 20, 1280)).toBe(1241)
    const x = tickLabelX(1264, 20, 1280)
    expect(x + 20).toBeLessThanOrEqual(1280)
  })
})
