import { describe, expect, it } from 'vitest'
import { alignRuns, pathsOf } from '../../src/shared/compare/alignRuns'
import { span } from './spanBuilder'

const coder = { agentId: 'coder' }
const tester = { agentId: 'tester' }

describe('alignRuns', () => {
  it('matches steps by agent, name and ordinal under the same parent path, not by id or time', () => {
    const a = [
      span('plan', 'a1', null, 0, 100),
      span('plan.step', 'a2', 'a1', 1, 40),
      span('plan.step', 'a3', 'a1', 50, 40),
      span('tool.search', 'a4', 'a3', 51, 5, coder),
      span('tool.search', 'a5', 'a3', 60, 5, coder),
      span('tool.search', 'a6', 'a3', 70, 5, coder),
      span('tool.search', 'a7', 'a3', 71, 5, tester),
    ]
    // other ids, shifted times, children listed out of order
    const b = [
      span('tool.search', 'b6', 'b3', 1072, 9, coder),
      span('plan', 'b1', null, 1000, 120),
      span('plan.step', 'b3', 'b1', 1050, 40),
      span('plan.step', 'b2', 'b1', 1001, 40),
      span('tool.search', 'b5', 'b3', 1061, 5, coder),
      span('tool.search', 'b4', 'b3', 1051, 5, coder),
    ]
    const steps = alignRuns(a, b)
    expect(steps.map((s) => [s.a?.spanId ?? null, s.b?.spanId ?? null, s.depth])).toEqual([
      ['a1', 'b1', 0],
      ['a2', 'b2', 1],
      ['a3', 'b3', 1],
      ['a4', 'b4', 2],
      ['a5', 'b5', 2],
      ['a6', 'b6', 2],
      ['a7', null, 2],
    ])
    expect(pathsOf(steps)).toEqual([
      'plan',
      'plan › plan.step',
      'plan › plan.step #2',
      'plan › plan.step #2 › coder: tool.search',
      'plan › plan.step #2 › coder: tool.search #2',
      'plan › plan.step #2 › coder: tool.search #3',
      'plan › plan.step #2 › tester: tool.search',
    ])
    expect(steps.map((s) => s.parentIndex)).toEqual([null, 0, 0, 2, 2, 2, 2])
  })

  it('places steps only in B after their siblings from A, under the right parent', () => {
    const a = [span('run', 'a1', null, 0, 10), span('load', 'a2', 'a1', 1, 2)]
    const b = [
      span('run', 'b1', null, 0, 10),
      span('retry', 'b3', 'b1', 0, 1),
      span('load', 'b2', 'b1', 1, 2),
      span('save', 'b4', 'b2', 2, 1),
    ]
    const steps = alignRuns(a, b)
    expect(pathsOf(steps)).toEqual(['run', 'run › load', 'run › load › save', 'run › retry'])
    expect(steps.map((s) => [s.a?.spanId ?? null, s.b?.spanId ?? null])).toEqual([
      ['a1', 'b1'],
      ['a2', 'b2'],
      [null, 'b4'],
      [null, 'b3'],
    ])
  })

  it('treats a span whose parent is missing, or itself, as a root, and survives a cycle', () => {
    const a = [
      span('orphan', 'x', 'gone', 0, 1),
      span('self', 'y', 'y', 1, 1),
      span('loop1', 'p', 'q', 2, 1),
      span('loop2', 'q', 'p', 3, 1),
    ]
    const steps = alignRuns(a, [])
    // the cycle p ⇄ q has no root, so neither is reachable; the others are roots
    expect(pathsOf(steps)).toEqual(['orphan', 'self'])
  })

  it('walks a 100,000-deep chain and a 1,000,000-span run without recursion', () => {
    const deep = Array.from({ length: 100_000 }, (_, i) =>
      span('step', `d${i}`, i === 0 ? null : `d${i - 1}`, i, 1),
    )
    const steps = alignRuns(deep, deep)
    expect(steps).toHaveLength(100_000)
    expect(steps[99_999].depth).toBe(99_999)
    expect(steps.every((s) => s.a === s.b)).toBe(true)
    const wide = Array.from({ length: 1_000_000 }, (_, i) =>
      span(`n${i % 10}`, `w${i}`, i < 10 ? null : `w${i % 10}`, i, 1),
    )
    const flat = alignRuns(wide, [])
    expect(flat).toHaveLength(1_000_000)
    expect(flat[1].segment).toEqual({ agent: null, name: 'n0', ordinal: 1 })
  }, 60_000)
})
