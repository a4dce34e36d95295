import { describe, expect, it } from 'vitest'
import { SessionSampler, keepsSession } from '../../src/lib/sessionSampler'

describe('sessionSampler', () => {
  it('decides runs with neighbouring ids independently', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `run-${i}`)
    const keep = ids.map((id) => keepsSession(id, 0.5))
    const kept = keep.filter(Boolean).length
    expect(kept).toBeGreaterThan(900)
    expect(kept).toBeLessThan(1100)
    // neighbours agree about half the time, as coin flips do (FNV-1a alone: ~90 %)
    let same = 0
    for (let i = 1; i < keep.length; i++) if (keep[i] === keep[i - 1]) same++
    expect(same / (keep.length - 1)).toBeGreaterThan(0.45)
    expect(same / (keep.length - 1)).toBeLessThan(0.55)
  })

  it('keeps everything at 1 and nothing at 0, and leaves records without a session alone', () => {
    expect(keepsSession('x', 1)).toBe(true)
    expect(keepsSession('x', 0)).toBe(false)
    const none = new SessionSampler(0)
    const agent = { kind: 'agent' as const, id: 'a1', name: 'coder' }
    expect(none.sample([agent])).toEqual([agent])
  })
})
