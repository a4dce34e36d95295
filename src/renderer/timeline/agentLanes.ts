// One lane per agent: when it was busy, waiting or idle. An agent is busy while one of its spans
// runs and that span is not itself waiting on another agent's child span (work it handed to
// another agent); it is waiting while all its running spans are; idle the rest of the time.
// Intervals come out merged and sorted, as start/end columns (what lod.mergeToPixels draws).
import type { SpanTable } from './spanTable'
import type { SpanTree } from './spanTree'

export interface AgentLane {
  /** null: the spans that name no agent */
  agent: string | null
  busy: Intervals
  waiting: Intervals
  busyMs: number
  waitingMs: number
}

export interface Intervals {
  starts: Float64Array
  ends: Float64Array
}

/**
 * Lanes in the order of `agents` (first appearance: their colour slots), then one for spans of
 * no agent if there are any. `now` ends spans still open.
 */
export function agentLanes(
  t: SpanTable,
  tree: SpanTree,
  agents: readonly string[],
  now: number,
): AgentLane[] {
  const n = Math.min(t.count, tree.count)
  const laneOf = new Map<string | null, number>(agents.map((a, i) => [a, i]))
  const keys: Array<string | null> = [...agents]
  const own: number[][] = agents.map(() => []) // pieces of own work, flat start/end pairs
  const active: number[][] = agents.map(() => [])
  const endOf = (i: number): number =>
    Number.isNaN(t.end[i]) ? Math.max(now, t.start[i]) : t.end[i]
  for (let i = 0; i < n; i++) {
    const a = t.agentIds[i]
    let lane = laneOf.get(a)
    if (lane === undefined) {
      lane = keys.length
      laneOf.set(a, lane)
      keys.push(a)
      own.push([])
      active.push([])
    }
    const s = t.start[i]
    const e = endOf(i)
    active[lane].push(s, e)
    // the span's time minus its children of other agents (children come in start order)
    let cur = s
    for (let c = tree.childStart[i]; c < tree.childStart[i + 1]; c++) {
      const ch = tree.childList[c]
      if (t.agentIds[ch] === a) continue
      const cs = Math.max(t.start[ch], s)
      const ce = Math.min(endOf(ch), e)
      if (ce <= cs) continue
      if (cs > cur) own[lane].push(cur, cs)
      cur = Math.max(cur, ce)
    }
    if (cur < e) own[lane].push(cur, e)
  }
  return keys.map((agent, lane) => {
    const busy = union(own[lane])
    const waiting = minus(union(active[lane]), busy)
    return { agent, busy, waiting, busyMs: total(busy), waitingMs: total(waiting) }
  })
}

/** Union of flat start/end pairs: sorted, overlapping and touching ones merged. */
function union(pairs: number[]): Intervals {
  const m = pairs.length / 2
  const order = new Int32Array(m)
  for (let j = 0; j < m; j++) order[j] = j
  order.sort((x, y) => pairs[2 * x] - pairs[2 * y])
  const starts: number[] = []
  const ends: number[] = []
  for (const j of order) {
    const s = pairs[2 * j]
    const e = pairs[2 * j + 1]
    const last = ends.length - 1
    if (last >= 0 && s <= ends[last]) ends[last] = Math.max(ends[last], e)
    else {
      starts.push(s)
      ends.push(e)
    }
  }
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends) }
}

/** a − b, both merged and sorted. */
function minus(a: Intervals, b: Intervals): Intervals {
  const starts: number[] = []
  const ends: number[] = []
  let j = 0
  for (let i = 0; i < a.starts.length; i++) {
    let cur = a.starts[i]
    const end = a.ends[i]
    while (j < b.starts.length && b.ends[j] <= cur) j++
    let k = j
    while (k < b.starts.length && b.starts[k] < end) {
      if (b.starts[k] > cur) {
        starts.push(cur)
        ends.push(b.starts[k])
      }
      cur = Math.max(cur, b.ends[k])
      k++
    }
    if (cur < end) {
      starts.push(cur)
      ends.push(end)
    }
  }
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends) }
}

function total(x: Intervals): number {
  let s = 0
  for (let i = 0; i < x.starts.length; i++) s += x.ends[i] - x.starts[i]
  return s
}
