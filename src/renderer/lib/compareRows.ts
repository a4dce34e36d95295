// The rows the Compare view shows of a merged tree (depth-first steps): folded subtrees hidden,
// and, with "only differences", the steps that differ plus the steps above them.

export interface TreeStep {
  parentIndex: number | null
  depth: number
  change: 'changed' | 'added' | 'removed' | 'same'
}

/** Whether step i has children: in depth-first order its first child comes right after it. */
export function hasChildren(steps: readonly TreeStep[], i: number): boolean {
  return steps[i + 1]?.parentIndex === i
}

/** Indexes of the steps to show, in order. */
export function visibleSteps(
  steps: readonly TreeStep[],
  folded: ReadonlySet<number>,
  onlyDifferences: boolean,
): number[] {
  let keep: Uint8Array | null = null
  if (onlyDifferences) {
    keep = new Uint8Array(steps.length)
    // children come after their parent: walking backwards marks every ancestor of a difference
    for (let i = steps.length - 1; i >= 0; i--) {
      if (steps[i].change !== 'same') keep[i] = 1
      const p = steps[i].parentIndex
      if (keep[i] && p !== null) keep[p] = 1
    }
  }
  const out: number[] = []
  let hideDeeperThan = Infinity
  for (let i = 0; i < steps.length; i++) {
    const d = steps[i].depth
    if (d > hideDeeperThan) continue
    hideDeeperThan = Infinity
    if (keep && !keep[i]) {
      hideDeeperThan = d
      continue
    }
    out.push(i)
    if (folded.has(i)) hideDeeperThan = d
  }
  return out
}
