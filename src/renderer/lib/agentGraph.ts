// Inputs of the agent graph: nodes sized by activity and links, as of a scrubbed moment.
// Activity counts come from the loaded spans when there are any (exact up to time t), and
// from the session graph's totals otherwise.
import type { SessionGraph } from '../../shared/queries'
import type { SpanTable } from '../timeline/spanTable'

export interface AgentNode {
  id: string
  name: string
  /** spans of this agent started at or before the scrubbed time */
  activity: number
  errors: number
  radius: number
  /** false before the agent's first activity */
  active: boolean
}

export interface AgentLink {
  source: string
  target: string
  type: 'message' | 'spawn'
  count: number
}

export interface AgentGraphInput {
  nodes: AgentNode[]
  links: AgentLink[]
}

export function agentGraphInput(
  graph: SessionGraph,
  table: SpanTable | null,
  atTime: number = Infinity,
  radius: { min: number; max: number } = { min: 8, max: 36 },
): AgentGraphInput {
  const activity = new Map<string, number>()
  const errors = new Map<string, number>()
  if (table && table.count > 0) {
    for (let i = 0; i < table.count; i++) {
      const a = table.agentIds[i]
      if (a == null || table.start[i] > atTime) continue
      activity.set(a, (activity.get(a) ?? 0) + 1)
      if (table.status[i] === 2) errors.set(a, (errors.get(a) ?? 0) + 1)
    }
  }
  const useTable = activity.size > 0 || (table?.count ?? 0) > 0
  const rows = graph.agents.map((a) => {
    const act = useTable
      ? (activity.get(a.id) ?? 0)
      : a.firstTime != null && a.firstTime <= atTime
        ? a.spanCount
        : 0
    const err = useTable ? (errors.get(a.id) ?? 0) : a.errorCount
    return { a, act, err }
  })
  const maxAct = Math.max(1, ...rows.map((r) => r.act))
  const nodes = rows.map(({ a, act, err }) => ({
    id: a.id,
    name: a.name || a.id,
    activity: act,
    errors: err,
    // area ∝ activity reads truer than radius ∝ activity
    radius: radius.min + (radius.max - radius.min) * Math.sqrt(act / maxAct),
    active: act > 0 || (a.firstTime != null && a.firstTime <= atTime),
  }))
  const known = new Set(nodes.map((n) => n.id))
  const links = graph.edges
    .filter((e) => e.firstTime <= atTime && known.has(e.from) && known.has(e.to) && e.from !== e.to)
    .map((e) => ({ source: e.from, target: e.to, type: e.type, count: e.count }))
  return { nodes, links }
}

/** The scrubber's range: first and last time anything in the graph happened. */
export function graphTimeRange(graph: SessionGraph): { start: number; end: number } | null {
  let lo = Infinity
  let hi = -Infinity
  for (const a of graph.agents) {
    if (a.firstTime != null) lo = Math.min(lo, a.firstTime)
    if (a.lastTime != null) hi = Math.max(hi, a.lastTime)
  }
  for (const e of graph.edges) {
    lo = Math.min(lo, e.firstTime)
    hi = Math.max(hi, e.lastTime)
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? { start: lo, end: hi } : null
}

export interface AgentSummary {
  agent: SessionGraph['agents'][number]
  /** messages this agent sent / received, and spans it started in other agents / they in it */
  sent: number
  received: number
  spawned: number
  spawnedBy: number
  /** the agents it exchanged messages or spans with */
  peers: string[]
}

/** One agent of the graph as its detail panel shows it; null when the graph has no such agent. */
export function agentSummary(graph: SessionGraph, agentId: string): AgentSummary | null {
  const agent = graph.agents.find((a) => a.id === agentId)
  if (!agent) return null
  const s: AgentSummary = { agent, sent: 0, received: 0, spawned: 0, spawnedBy: 0, peers: [] }
  const peers = new Set<string>()
  for (const e of graph.edges) {
    if (e.from === e.to) continue
    if (e.from === agentId) {
      if (e.type === 'message') s.sent += e.count
      else s.spawned += e.count
      peers.add(e.to)
    } else if (e.to === agentId) {
      if (e.type === 'message') s.received += e.count
      else s.spawnedBy += e.count
      peers.add(e.from)
    }
  }
  s.peers = [...peers].sort()
  return s
}
