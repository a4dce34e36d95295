// Durations and counts as the views show them: the unit that fits, never 60s or 1000ms.
import { describe, expect, it } from 'vitest'
import { formatCount, formatDuration } from '../../src/renderer/lib/format'

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
