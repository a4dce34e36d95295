import { describe, expect, it } from 'vitest'
import { hasChildren, visibleSteps, type TreeStep } from '../../src/renderer/lib/compareRows'

// run
// ├─ plan (same)
// │  ├─ search (same)
// │  └─ search #2 (changed)
// ├─ load (same)
// │  └─ read (same)
// └─ publish (added)
const steps: TreeStep[] = [
  { parentIndex: null, depth: 0, change: 'changed' },
  { parentIndex: 0, depth: 1, change: 'same' },
  { parentIndex: 1, depth: 2, change: 'same' },
  { parentIndex: 1, depth: 2, change: 'changed' },
  { parentIndex: 0, depth: 1, change: 'same' },
  { parentIndex: 4, depth: 2, change: 'same' },
  { parentIndex: 0, depth: 1, change: 'added' },
]

describe('visibleSteps', () => {
  it('shows every step when nothing is folded', () => {
    expect(visibleSteps(steps, new Set(), false)).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('hides the subtree of a folded step, not its later siblings', () => {
    expect(visibleSteps(steps, new Set([1]), false)).toEqual([0, 1, 4, 5, 6])
    expect(visibleSteps(steps, new Set([0]), false)).toEqual([0])
  })

  it('with only differences, keeps differing steps and the steps above them', () => {
    expect(visibleSteps(steps, new Set(), true)).toEqual([0, 1, 3, 6])
    expect(visibleSteps(steps, new Set([1]), true)).toEqual([0, 1, 6])
  })
})

describe('hasChildren', () => {
  it('is true exactly for steps followed by their first child', () => {
    expect(steps.map((_, i) => hasChildren(steps, i))).toEqual([
      true,
      true,
      false,
      false,
      true,
      false,
      false,
    ])
  })
})
