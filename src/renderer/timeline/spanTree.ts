// Parent/child structure of a session's spans. Spans whose parent is not in the session
// (not loaded yet, or another trace's) become roots marked as orphans; a parent chain that
// loops is cut so the tree stays a tree.
import type { SpanTable } from './spanTable'

export interface SpanTree {
  count: number
  /** parent row, or -1 for roots and orphans */
  parent: Int32Array
  /** children of row i are childList[childStart[i] .. childStart[i+1]) in start order */
  childStart: Int32Array
  childList: Int32Array
  /** roots in start order (orphans included) */
  roots: Int32Array
  depth: Int32Array
  /** true where parentSpanId was set but not found (or looped) */
  orphan: Uint8Array
}

export function buildSpanTree(t: SpanTable): SpanTree {
  const n = t.count
  const parent = new Int32Array(n).fill(-1)
  const orphan = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const p = t.parentRow[i]
    if (p >= 0) parent[i] = p
    else if (p === -2) orphan[i] = 1
  }
  breakCycles(parent, orphan)

  const counts = new Int32Array(n + 1)
  let rootCount = 0
  for (let i = 0; i < n; i++) {
    if (parent[i] >= 0) counts[parent[i] + 1]++
    else rootCount++
  }
  const childStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i] + counts[i + 1]
  const fill = childStart.slice(0, n)
  const childList = new Int32Array(childStart[n])
  const roots = new Int32Array(rootCount)
  let r = 0
  for (let i = 0; i < n; i++) {
    if (parent[i] >= 0) childList[fill[parent[i]]++] = i
    else roots[r++] = i
  }
  // filled in row order, so ties are in row order already; spans load in start order, so most
  // lists are sorted as they are and only need checking
  const start = t.start
  const byStart = (a: number, b: number): number => start[a] - start[b] || a - b
  const sortByStart = (list: Int32Array): void => {
    for (let k = 1; k < list.length; k++)
      if (start[list[k - 1]] > start[list[k]]) {
        list.sort(byStart)
        return
      }
  }
  sortByStart(roots)
  for (let i = 0; i < n; i++) {
    const s = childStart[i]
    const e = childStart[i + 1]
    if (e - s > 1) sortByStart(childList.subarray(s, e))
  }
  const depth = new Int32Array(n)
  const stack: number[] = Array.from(roots)
  while (stack.length > 0) {
    const i = stack.pop() as number
    for (let c = childStart[i]; c < childStart[i + 1]; c++) {
      const ch = childList[c]
      depth[ch] = depth[i] + 1
      stack.push(ch)
    }
  }
  return { count: n, parent, childStart, childList, roots, depth, orphan }
}

/**
 * Walks each chain once (colouring); a node met again on its own walk closes a loop. A loop
 * cannot only go down the table (parent before child), so it holds a row whose parent comes
 * later: walks start there only. Spans load in start order, so those are few (a child that
 * starts with its parent and sorts before it) and most rows are never walked.
 */
function breakCycles(parent: Int32Array, orphan: Uint8Array): void {
  let state: Uint8Array | null = null // 0 new, 1 on current walk, 2 done
  const path: number[] = []
  for (let i = 0; i < parent.length; i++) {
    if (parent[i] <= i) continue
    state ??= new Uint8Array(parent.length)
    if (state[i] !== 0) continue
    let j = i
    while (j >= 0 && state[j] === 0) {
      state[j] = 1
      path.push(j)
      j = parent[j]
    }
    if (j >= 0 && state[j] === 1) {
      parent[j] = -1
      orphan[j] = 1
    }
    for (const p of path) state[p] = 2
    path.length = 0
  }
}

export function childrenOf(tree: SpanTree, i: number): Int32Array {
  return tree.childList.subarray(tree.childStart[i], tree.childStart[i + 1])
}

export function hasChildren(tree: SpanTree, i: number): boolean {
  return tree.childStart[i + 1] > tree.childStart[i]
}

/** Ancestors of row i, nearest first. */
export function ancestorsOf(tree: SpanTree, i: number): number[] {
  const out: number[] = []
  for (let p = tree.parent[i]; p >= 0; p = tree.parent[p]) out.push(p)
  return out
}
