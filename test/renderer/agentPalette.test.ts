// Which agent gets which colour slot: by first appearance, stable while a session grows.
import { describe, expect, it } from 'vitest'
import {
  AGENT_SLOTS,
  agentColourVar,
  agentSlot,
  agentSlotMap,
  agentsInOrder,
} from '../../src/renderer/draw/agentPalette'

describe('agentPalette', () => {
  it('orders agents by first appearance and skips spans of no agent', () => {
    expect(agentsInOrder(['coder', null, 'planner', 'coder', 'tester', null])).toEqual([
      'coder',
      'planner',
      'tester',
    ])
  })

  it('keeps every agent on its slot when later spans bring new agents', () => {
    const before = agentsInOrder(['coder', 'planner'])
    const after = agentsInOrder(['coder', 'planner', 'coder', 'reviewer'])
    for (const a of before) expect(agentSlot(after, a)).toBe(agentSlot(before, a))
    expect(agentSlot(after, 'reviewer')).toBe(2)
  })

  it('wraps after the last slot and names the CSS variable of the slot', () => {
    const many = Array.from({ length: AGENT_SLOTS + 2 }, (_, i) => `a${i}`)
    expect(agentSlot(many, `a${AGENT_SLOTS}`)).toBe(0)
    expect(agentColourVar(many, 'a3')).toBe('var(--agent-3)')
    expect(agentSlotMap(many).get(`a${AGENT_SLOTS + 1}`)).toBe(1)
  })

  it('gives an agent without spans the same slot every time, within range', () => {
    const s = agentSlot(['coder'], 'registry-only')
    expect(s).toBe(agentSlot(['coder', 'planner'], 'registry-only'))
    expect(s).toBeGreaterThanOrEqual(0)
    expect(s).toBeLessThan(AGENT_SLOTS)
  })
})
