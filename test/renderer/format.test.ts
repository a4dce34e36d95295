// Text cut for narrow columns: both ends of an id stay.
import { describe, expect, it } from 'vitest'
import { cutMiddle, formatListTime, formatTime } from '../../src/renderer/lib/format'

describe('cutMiddle', () => {
  it('leaves text that fits alone', () => {
    expect(cutMiddle('agent_worker_1_a', 16)).toBe('agent_worker_1_a')
  })
  it('keeps both ends, so ids that share a prefix stay apart', () => {
    const a = cutMiddle('swarm_coordinator_agent_worker_1_a', 12)
    const b = cutMiddle('swarm_coordinator_agent_worker_1_b', 12)
    expect(a).toHaveLength(12)
    expect(a).not.toBe(b)
    expect(a.startsWith('swar')).toBe(true)
    expect(a.endsWith('er_1_a')).toBe(true)
  })
})

describe('formatListTime', () => {
  const now = new Date(2026, 11, 2, 14, 0, 0).getTime()
  it("today's time keeps its milliseconds, as formatTime", () => {
    const t = new Date(2026, 11, 2, 9, 5, 7, 42).getTime()
    expect(formatListTime(t, now)).toBe('09:05:07.042')
    expect(formatListTime(t, now)).toBe(formatTime(t, now))
  })
  it('another day of this year: month, day and minute, short enough for a list column', () => {
    expect(formatListTime(new Date(2026, 10, 21, 9, 0, 30).getTime(), now)).toBe('Nov 21 09:00')
    expect(formatListTime(new Date(2026, 0, 3, 23, 59).getTime(), now)).toBe('Jan 3 23:59')
  })
  it('another year: the date with its year', () => {
    expect(formatListTime(new Date(2025, 11, 2, 9, 0).getTime(), now)).toBe('Dec 2 2025')
  })
  it('no time: a dash', () => {
    expect(formatListTime(null, now)).toBe('—')
    expect(formatListTime(NaN, now)).toBe('—')
  })
})
