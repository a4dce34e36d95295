// One row per visible span, depth-first in start order, skipping the descendants of
// collapsed spans. Recomputed only when the tree or the collapsed set changes.
import type { SpanTable } from './spanTable'
import { ancestorsOf, hasChildren, type SpanTree } from './spanTree'

export interface RowLayout {
  /** span row (table index) shown on each screen row */
  rows: Int32Array
  /** screen row of each span, -1 when hidden under a collapsed ancestor */
  rowOf: Int32Array
}

/**
 * `keep`: only spans it accepts get a row (an agent filter); the spans under one it drops are
 * still visited, so an agent's spans called from another agent's stay in tree order.
 */
export function layoutRows(
  tree: SpanTree,
  collapsed: ReadonlySet<string>,
  ids: ReadonlyArray<string>,
  keep?: (i: number) => boolean,
): RowLayout {
  const rows = new Int32Array(tree.count)
  const rowOf = new Int32Array(tree.count).fill(-1)
  let n = 0
  const stack: number[] = []
  for (let r = tree.roots.length - 1; r >= 0; r--) stack.push(tree.roots[r])
  while (stack.length > 0) {
    const i = stack.pop() as number
    if (!keep || keep(i)) {
      rowOf[i] = n
      rows[n++] = i
    }
    if (collapsed.size > 0 && collapsed.has(ids[i])) continue
    for (let c = tree.childStart[i + 1] - 1; c >= tree.childStart[i]; c--)
      stack.push(tree.childList[c])
  }
  return { rows: rows.subarray(0, n), rowOf }
}

/** First and last screen rows to draw for a scroll position, with a little overscan. */
export function visibleRowRange(
  scrollTop: number,
  viewportPx: number,
  rowPx: number,
  rowCount: number,
  overscan = 4,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowPx) - overscan)
  const last = Math.min(rowCount - 1, Math.ceil((scrollTop + viewportPx) / rowPx) + overscan)
  return { first, last }
}

/** `[`: collapse the span (or, if it has no children or is collapsed already, its parent). */
export function collapseTarget(
  tree: SpanTree,
  collapsed: ReadonlySet<string>,
  ids: ReadonlyArray<string>,
  i: number,
): number {
  if (hasChildren(tree, i) && !collapsed.has(ids[i])) return i
  return tree.parent[i] >= 0 ? tree.parent[i] : i
}

/** New collapsed set with every ancestor of `i` expanded, so a search hit is on screen. */
export function expandToReveal(
  tree: SpanTree,
  collapsed: ReadonlySet<string>,
  ids: ReadonlyArray<string>,
  i: number,
): ReadonlySet<string> {
  const anc = ancestorsOf(tree, i)
  if (!anc.some((a) => collapsed.has(ids[a]))) return collapsed
  const next = new Set(collapsed)
  for (const a of anc) next.delete(ids[a])
  return next
}

/** Collapse every span at `depth` or deeper that has children (a quick overview). */
export function collapseFromDepth(
  tree: SpanTree,
  ids: ReadonlyArray<string>,
  depth: number,
): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i < tree.count; i++)
    if (tree.depth[i] >= depth && hasChildren(tree, i)) out.add(ids[i])
  return out
}

/** Rows whose name (or id) contains the text, case-insensitive, in screen order of the full tree. */
export function searchSpans(t: SpanTable, text: string): number[] {
  const q = text.trim().toLowerCase()
  if (q === '') return []
  const out: number[] = []
  for (let i = 0; i < t.count; i++) {
    if (t.names[i].toLowerCase().includes(q) || t.ids[i].toLowerCase() === q) out.push(i)
  }
  return out
}
