// Flame graph of where time went: spans merged by their path of names from the root
// (every "llm.call" under "plan" is one box), widths by total time.
import { overlapMs, selfTime } from '../../shared/stats/selfTime'
import type { SpanTable } from '../timeline/spanTable'
import type { SpanTree } from '../timeline/spanTree'

export interface FlameNode {
  name: string
  /** summed duration of the spans merged here, ms */
  total: number
  /**
   * total minus its children's time inside its spans (never negative): selfTime.ts's rule, as
   * the statistics count it
   */
  self: number
  count: number
  errors: number
  /**
   * spans merged here that end after their parent span ended (Claude-Flow records such): the
   * box is drawn within its parent's width, so the view marks it instead of implying it fits
   */
  outlives: number
  /** the agent of every span merged here; null when they are of several agents or of none */
  agent: string | null
  children: FlameNode[]
}

export function aggregateFlame(t: SpanTable, tree: SpanTree, now: number): FlameNode {
  const root: FlameNode = {
    name: 'all',
    total: 0,
    self: 0,
    count: 0,
    errors: 0,
    outlives: 0,
    agent: null,
    children: [],
  }
  const index = new Map<FlameNode, Map<string, FlameNode>>()
  const childNamed = (parent: FlameNode, name: string): FlameNode => {
    let m = index.get(parent)
    if (!m) index.set(parent, (m = new Map()))
    let c = m.get(name)
    if (!c) {
      c = { name, total: 0, self: 0, count: 0, errors: 0, outlives: 0, agent: null, children: [] }
      m.set(name, c)
      parent.children.push(c)
    }
    return c
  }
  // per box, its children's time inside the spans merged into it
  const inside = new Map<FlameNode, number>()
  // a span, its parent's box, and the parent span's interval
  const stack: Array<[number, FlameNode, number, number]> = []
  for (const r of tree.roots) stack.push([r, root, NaN, NaN])
  while (stack.length > 0) {
    const [i, parentNode, ps, pe] = stack.pop() as [number, FlameNode, number, number]
    const node = childNamed(parentNode, t.names[i])
    const e = Number.isNaN(t.end[i]) ? Math.max(now, t.start[i]) : t.end[i]
    node.total += Math.max(0, e - t.start[i])
    inside.set(parentNode, (inside.get(parentNode) ?? 0) + overlapMs(ps, pe, t.start[i], e))
    // one agent for the box only while every span merged into it is that agent's
    const agent = t.agentIds[i]
    node.agent = node.count === 0 || node.agent === agent ? agent : null
    node.count++
    if (t.status[i] === 2) node.errors++
    if (e > pe) node.outlives++
    for (let c = tree.childStart[i]; c < tree.childStart[i + 1]; c++)
      stack.push([tree.childList[c], node, t.start[i], e])
  }
  finish(root, inside)
  root.total = root.children.reduce((s, c) => s + c.total, 0)
  root.self = 0
  return root
}

function finish(n: FlameNode, inside: Map<FlameNode, number>): void {
  for (const c of n.children) finish(c, inside)
  n.self = selfTime(n.total, inside.get(n) ?? 0)
  n.children.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
}

export interface FlameRect {
  node: FlameNode
  depth: number
  /** 0..1 of the root's width */
  x0: number
  x1: number
}

/**
 * Positions nodes: each child gets a share of its parent's width by total; when children ran
 * in parallel (sum > parent) they are scaled down to fit. Boxes narrower than `minFrac` are
 * dropped (they would be under a pixel).
 */
export function layoutFlame(root: FlameNode, minFrac = 0): FlameRect[] {
  const out: FlameRect[] = []
  const visit = (n: FlameNode, depth: number, x0: number, x1: number): void => {
    out.push({ node: n, depth, x0, x1 })
    const sum = n.children.reduce((s, c) => s + c.total, 0)
    const denom = Math.max(sum, n.total) || 1
    let x = x0
    for (const c of n.children) {
      const w = ((x1 - x0) * c.total) / denom
      if (w >= minFrac && w > 0) visit(c, depth + 1, x, x + w)
      x += w
    }
  }
  visit(root, 0, 0, 1)
  return out
}

/**
 * The label of a box `room` px wide: name and total time, else the name alone, else the name
 * cut with an ellipsis. The time is never cut: "34.8" left of "34.8s" reads as a bare number.
 */
export function flameLabel(
  name: string,
  total: string,
  room: number,
  measure: (s: string) => number,
): string {
  const full = `${name} ${total}`
  if (measure(full) <= room) return full
  if (measure(name) <= room) return name
  let lo = 0
  let hi = name.length
  // the longest prefix that still fits with its ellipsis
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (measure(name.slice(0, mid) + '…') <= room) lo = mid
    else hi = mid - 1
  }
  return lo > 0 ? name.slice(0, lo) + '…' : ''
}

/**
 * The box span `i` was merged into (its path of names from the root), or null: how the
 * keyboard's span selection finds its place in the flame graph.
 */
export function flameNodeOf(
  root: FlameNode,
  t: SpanTable,
  tree: SpanTree,
  i: number,
): FlameNode | null {
  const path: string[] = []
  for (let j = i; j >= 0 && path.length <= tree.count; j = tree.parent[j]) path.push(t.names[j])
  let node = root
  for (let k = path.length - 1; k >= 0; k--) {
    const next = node.children.find((c) => c.name === path[k])
    if (!next) return null
    node = next
  }
  return node
}
