// The critical path of a session: the chain of spans that decided when it ended. Jaeger's rule
// (a span's last-finishing child before the point reached, walked back; the span's own time
// between) extended across agents: a span also waits on a span it carries an OpenTelemetry link
// to, and on the span of another agent that sent it a message (until the message's time). Every
// moment of the session lands on exactly one step, so the shares add up to the whole.
//
// No recursion: a session nests thousands deep at times, and 1M spans must take under a second
// (bench/criticalPathBench.ts). The walk keeps its own stack of typed arrays, and each span's
// dependencies are sorted once by the time they were met, so a span's pointer only moves back.

export interface PathInput {
  count: number
  start: Float64Array
  /** NaN while a span is open: it counts as running until `now` */
  end: Float64Array
  /** tree parent of each span, -1 for roots (spanTree.ts) */
  parent: Int32Array
  /** waits beyond the tree: `waiter[k]` waited on span `on[k]` until time `at[k]` */
  waits?: { waiter: Int32Array; on: Int32Array; at: Float64Array }
  /** end of open spans; default the latest time in the session */
  now?: number
}

/**
 * The steps in time order (adjacent steps of one span merged), as columns: a 1M-span session
 * has about a million steps, and as objects they cost more in garbage collection than the walk.
 */
export interface CriticalPath {
  count: number
  /** the span of each step, -1 while no span ran (the session idle between roots) */
  span: Int32Array
  from: Float64Array
  to: Float64Array
  /** the session's start and end as the path sees them */
  start: number
  end: number
  /** 1 for each span with time on the path */
  onPath: Uint8Array
}

export function criticalPath(input: PathInput): CriticalPath {
  const n = input.count
  const { start, parent } = input
  const onPath = new Uint8Array(n)
  if (n === 0)
    return {
      count: 0,
      span: new Int32Array(0),
      from: new Float64Array(0),
      to: new Float64Array(0),
      start: 0,
      end: 0,
      onPath,
    }
  let lo = Infinity
  let latest = -Infinity
  for (let i = 0; i < n; i++) {
    if (start[i] < lo) lo = start[i]
    const e = input.end[i]
    latest = Math.max(latest, start[i], Number.isNaN(e) ? -Infinity : e)
  }
  const now = input.now ?? latest
  const end = new Float64Array(n)
  // the session's end, as Jaeger takes a trace's: its roots' (a child that outlives its root
  // is clipped to it below), or a detached span's (below)
  let hi = -Infinity
  for (let i = 0; i < n; i++) {
    const e = input.end[i]
    end[i] = Number.isNaN(e) ? Math.max(start[i], now) : e
    if (parent[i] < 0 && end[i] > hi) hi = end[i]
  }

  // dependencies, owner by owner (owner n is the session: its dependencies are the roots)
  const waits = input.waits
  const wn = waits ? waits.waiter.length : 0
  const m = n + wn
  const owner = new Int32Array(m)
  const on = new Int32Array(m)
  const at = new Float64Array(m)
  let k = 0
  for (let i = 0; i < n; i++) {
    const p = parent[i]
    // a child that starts after its parent ended (flujo writes a run's steps after the run
    // span) is on its own, as a root is; Jaeger clips a child that outlives its parent
    const detached = p >= 0 && start[i] >= end[p]
    owner[k] = p >= 0 && !detached ? p : n
    on[k] = i
    at[k] = p >= 0 && !detached ? Math.min(end[i], end[p]) : end[i]
    if (detached && end[i] > hi) hi = end[i]
    k++
  }
  for (let w = 0; w < wn; w++) {
    const s = waits!.waiter[w]
    const d = waits!.on[w]
    if (s < 0 || s >= n || d < 0 || d >= n || s === d) continue
    owner[k] = s
    on[k] = d
    at[k] = Math.min(waits!.at[w], end[d], end[s])
    k++
  }
  const order = sortedByOwnerThenTime(owner, at, k, n + 1)
  const first = order.first

  // the walk: frames of (span, the point reached, the window's start, pointer into its deps)
  const sSpan = new Int32Array(n + 2)
  const sCur = new Float64Array(n + 2)
  const sLo = new Float64Array(n + 2)
  const sPtr = new Int32Array(n + 2)
  const entered = new Uint8Array(n)
  const sections = new Sections(Math.min(2 * n + 2, 1 << 16)) // latest first
  let top = 0
  sSpan[0] = n
  sCur[0] = hi
  sLo[0] = lo
  sPtr[0] = first[n + 1] - 1
  while (top >= 0) {
    const s = sSpan[top]
    const c = sCur[top]
    const low = sLo[top]
    let p = sPtr[top]
    const segStart = first[s]
    let next = -1
    let when = 0
    while (p >= segStart) {
      const dep = order.index[p]
      const a = at[dep]
      if (a > c) {
        p--
        continue
      }
      if (a <= low) {
        p = segStart - 1
        break
      }
      const d = on[dep]
      p--
      // a span already walked, or one that lies wholly outside this window (a child that
      // started after its parent ended: Jaeger drops those too)
      if (entered[d] === 1 || Math.max(start[d], low) >= a) continue
      next = d
      when = a
      break
    }
    sPtr[top] = p
    if (next >= 0) {
      if (when < c) sections.push(s === n ? -1 : s, when, c)
      entered[next] = 1
      const dLo = Math.max(start[next], low)
      sCur[top] = dLo // where this span resumes once the dependency is walked
      top++
      sSpan[top] = next
      sCur[top] = when
      sLo[top] = dLo
      sPtr[top] = first[next + 1] - 1
    } else {
      if (c > low) sections.push(s === n ? -1 : s, low, c)
      top--
    }
  }

  // reversed into time order, merging a span's steps that meet
  const total = sections.length
  const span = new Int32Array(total)
  const from = new Float64Array(total)
  const to = new Float64Array(total)
  let count = 0
  for (let j = total - 1; j >= 0; j--) {
    const sp = sections.span[j]
    if (count > 0 && span[count - 1] === sp && to[count - 1] === sections.from[j]) {
      to[count - 1] = sections.to[j]
      continue
    }
    span[count] = sp
    from[count] = sections.from[j]
    to[count] = sections.to[j]
    count++
    if (sp >= 0) onPath[sp] = 1
  }
  return {
    count,
    span: span.subarray(0, count),
    from: from.subarray(0, count),
    to: to.subarray(0, count),
    start: lo,
    end: hi,
    onPath,
  }
}

/** A growable list of (span, from, to) in typed arrays. */
class Sections {
  span: Int32Array
  from: Float64Array
  to: Float64Array
  length = 0
  constructor(capacity: number) {
    this.span = new Int32Array(capacity)
    this.from = new Float64Array(capacity)
    this.to = new Float64Array(capacity)
  }
  push(span: number, from: number, to: number): void {
    if (this.length === this.span.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2)
        b.set(a)
        return b
      }
      this.span = grow(this.span)
      this.from = grow(this.from)
      this.to = grow(this.to)
    }
    this.span[this.length] = span
    this.from[this.length] = from
    this.to[this.length] = to
    this.length++
  }
}

/**
 * Dependencies grouped by owner, each group in order of time (ties: the later-listed last), as
 * an index array plus each owner's first position (first[owners] = count). Groups are placed in
 * load order, which is nearly start order, so most are sorted by time already (children that
 * do not overlap end in the order they start): checked first, then an insertion sort for small
 * groups and a typed-array sort for big ones. One sort of all dependencies took ~3× as long.
 */
function sortedByOwnerThenTime(
  owner: Int32Array,
  at: Float64Array,
  count: number,
  owners: number,
): { index: Int32Array; first: Int32Array } {
  const first = new Int32Array(owners + 1)
  for (let i = 0; i < count; i++) first[owner[i] + 1]++
  for (let o = 0; o < owners; o++) first[o + 1] += first[o]
  const fill = first.slice(0, owners)
  const index = new Int32Array(count)
  for (let i = 0; i < count; i++) index[fill[owner[i]]++] = i
  const before = (a: number, b: number): boolean => at[a] < at[b] || (at[a] === at[b] && a < b)
  for (let o = 0; o < owners; o++) {
    const a = first[o]
    const b = first[o + 1]
    let sorted = true
    for (let j = a + 1; j < b && sorted; j++) sorted = !before(index[j], index[j - 1])
    if (sorted) continue
    if (b - a <= 32) {
      for (let j = a + 1; j < b; j++) {
        const v = index[j]
        let q = j - 1
        while (q >= a && before(v, index[q])) {
          index[q + 1] = index[q]
          q--
        }
        index[q + 1] = v
      }
    } else index.subarray(a, b).sort((x, y) => at[x] - at[y] || x - y)
  }
  return { index, first }
}

/** Step k's share of the session, 0 to 1. */
export function stepShare(path: CriticalPath, k: number): number {
  const total = path.end - path.start
  return total > 0 ? (path.to[k] - path.from[k]) / total : 0
}
