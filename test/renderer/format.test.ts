// Text cut for narrow columns: both ends of an id stay.
import { describe, expect, it } from 'vitest'
import { cutMiddle } from '../../src/renderer/lib/format'

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
