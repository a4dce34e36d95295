// What a span waits on beyond its children, for the critical path (criticalPath.ts): the spans
// it carries OpenTelemetry links to, and the spans of other agents that sent it a message (a
// Claude-Flow agent_messages row, a MoAI SwarmDB event) — and the session's path built from them,
// kept while the spans and messages stay the same.
import type { AgentMessage } from '../../shared/domain'
import { criticalPath, type CriticalPath, type PathInput } from './criticalPath'
import type { SpanTable } from './spanTable'
import type { SpanTree } from './spanTree'

export type Waits = NonNullable<PathInput['waits']>
export type PathMessage = Pick<AgentMessage, 'senderAgentId' | 'receiverAgentId' | 'time'>

/** A span with a link waits on the linked span until that span ended. */
export function linkWaits(t: SpanTable): Waits {
  const waiter: number[] = []
  const on: number[] = []
  const at: number[] = []
  for (let j = 0; j < t.linkFrom.length; j++) {
    const d = t.indexOf.get(t.linkTo[j])
    if (d === undefined || Number.isNaN(t.end[d])) continue
    waiter.push(t.linkFrom[j])
    on.push(d)
    at.push(t.end[d])
  }
  return { waiter: Int32Array.from(waiter), on: Int32Array.from(on), at: Float64Array.from(at) }
}

/** How far back a search for the span running at a moment looks, in one agent's spans. */
const SCAN = 4096

/**
 * A message waits the receiving agent's span that was running when it arrived on the sending
 * agent's span that was running when it was sent (or, if none ran then, the one that ended
 * last before it), until the message's time. The innermost span counts: the latest started.
 */
export function messageWaits(t: SpanTable, messages: ReadonlyArray<PathMessage>): Waits {
  // most sources record no messages: skip indexing a 1M-span session's agents for nothing
  if (messages.length === 0)
    return { waiter: new Int32Array(0), on: new Int32Array(0), at: new Float64Array(0) }
  const byAgent = new Map<string, number[]>()
  for (let i = 0; i < t.count; i++) {
    const a = t.agentIds[i]
    if (a === null) continue
    const list = byAgent.get(a)
    if (list) list.push(i)
    else byAgent.set(a, [i])
  }
  for (const list of byAgent.values()) list.sort((x, y) => t.start[x] - t.start[y] || x - y)
  /** the agent's spans started by `time`: index just past the last one */
  const upTo = (list: number[], time: number): number => {
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (t.start[list[mid]] <= time) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const endOf = (i: number): number => (Number.isNaN(t.end[i]) ? Infinity : t.end[i])
  const running = (list: number[], time: number): number => {
    const top = upTo(list, time)
    for (let k = top - 1; k >= Math.max(0, top - SCAN); k--)
      if (endOf(list[k]) >= time) return list[k]
    return -1
  }
  const endedBefore = (list: number[], time: number): number => {
    const top = upTo(list, time)
    let best = -1
    for (let k = top - 1; k >= Math.max(0, top - SCAN); k--) {
      const i = list[k]
      if (endOf(i) <= time && (best < 0 || t.end[i] > t.end[best])) best = i
    }
    return best
  }
  const waiter: number[] = []
  const on: number[] = []
  const at: number[] = []
  for (const m of messages) {
    if (m.receiverAgentId === null || m.receiverAgentId === m.senderAgentId) continue
    const to = byAgent.get(m.receiverAgentId)
    const from = byAgent.get(m.senderAgentId)
    if (!to || !from) continue
    const s = running(to, m.time)
    if (s < 0) continue
    let d = running(from, m.time)
    if (d < 0) d = endedBefore(from, m.time)
    if (d < 0) continue
    waiter.push(s)
    on.push(d)
    at.push(m.time)
  }
  return { waiter: Int32Array.from(waiter), on: Int32Array.from(on), at: Float64Array.from(at) }
}

function joined(a: Waits, b: Waits): Waits {
  const cat = <T extends Int32Array | Float64Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(x.length + y.length)
    out.set(x)
    out.set(y, x.length)
    return out
  }
  return {
    waiter: cat(a.waiter, b.waiter, (n) => new Int32Array(n)),
    on: cat(a.on, b.on, (n) => new Int32Array(n)),
    at: cat(a.at, b.at, (n) => new Float64Array(n)),
  }
}

export interface SessionPath {
  path: CriticalPath
  /** the steps of each span: stepList[stepStart[i] .. stepStart[i+1]) */
  stepStart: Int32Array
  stepList: Int32Array
}

let cache: { key: unknown[]; value: SessionPath } | null = null

/** The session's critical path with every wait the spans and messages record; cached. */
export function sessionPath(
  t: SpanTable,
  tree: SpanTree,
  messages: ReadonlyArray<PathMessage>,
  now: number,
): SessionPath {
  const key = [t, tree, messages]
  if (cache && cache.key.every((k, j) => k === key[j])) return cache.value
  const n = Math.min(t.count, tree.count)
  const path = criticalPath({
    count: n,
    start: t.start,
    end: t.end,
    parent: tree.parent,
    waits: joined(linkWaits(t), messageWaits(t, messages)),
    now,
  })
  const stepStart = new Int32Array(n + 1)
  for (let k = 0; k < path.count; k++) if (path.span[k] >= 0) stepStart[path.span[k] + 1]++
  for (let i = 0; i < n; i++) stepStart[i + 1] += stepStart[i]
  const fill = stepStart.slice(0, n)
  const stepList = new Int32Array(stepStart[n])
  for (let k = 0; k < path.count; k++) if (path.span[k] >= 0) stepList[fill[path.span[k]]++] = k
  cache = { key, value: { path, stepStart, stepList } }
  return cache.value
}
