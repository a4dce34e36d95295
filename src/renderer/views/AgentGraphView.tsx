// Agents as nodes (area by activity, red ring when they failed), spawn and message edges as
// links, laid out once with d3-force; the scrubber replays the run without moving nodes.
import { useEffect, useMemo, useRef, useState } from 'react'
import {
  forceCenter,
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  type SimulationNodeDatum,
} from 'd3'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import { Empty, Failed, Loading } from '../components/States'
import { agentGraphInput, graphTimeRange } from '../lib/agentGraph'
import { formatDuration } from '../lib/format'
import type { SessionGraph } from '../../shared/queries'

interface Pos extends SimulationNodeDatum {
  id: string
}

export function AgentGraphView({ sessionId }: { sessionId: string }) {
  const sourceId = useAppStore((s) => s.sourceId)
  const table = useAppStore((s) => s.table)
  const [graph, setGraph] = useState<SessionGraph | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [at, setAt] = useState<number>(Infinity)
  const box = useRef<HTMLDivElement | null>(null)
  const [size, setSize] = useState({ w: 800, h: 500 })

  useEffect(() => {
    if (!sourceId) return
    let stale = false
    setGraph(null)
    api()
      .invoke('sessions.graph', { sourceId, sessionId })
      .then((g) => !stale && setGraph(g))
      .catch((e) => !stale && setError(describeError(e)))
    return () => {
      stale = true
    }
  }, [sourceId, sessionId, table.count > 0])

  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }))
    ro.observe(el)
    return () => ro.disconnect()
  }, [graph !== null])

  const full = useMemo(() => (graph ? agentGraphInput(graph, table) : null), [graph, table])
  const positions = useMemo(() => {
    if (!full) return new Map<string, Pos>()
    const nodes: Pos[] = full.nodes.map((n) => ({ id: n.id }))
    const radius = new Map(full.nodes.map((n) => [n.id, n.radius]))
    const sim = forceSimulation(nodes)
      .force('charge', forceManyBody().strength(-260))
      .force(
        'link',
        forceLink(full.links.map((l) => ({ ...l })))
          .id((d) => (d as Pos).id)
          .distance(110),
      )
      .force(
        'collide',
        forceCollide<Pos>().radius((d) => (radius.get(d.id) ?? 10) + 14),
      )
      .force('center', forceCenter(0, 0))
      .stop()
    sim.tick(300)
    return new Map(nodes.map((n) => [n.id, n]))
  }, [full])

  if (error) return <Failed title="Could not build the agent graph" message={error} />
  if (!graph) return <Loading what="agent graph" />
  if (graph.agents.length === 0)
    return (
      <Empty title="No agents in this session">
        <p>
          Spans carry an agent when they have <code>gen_ai.agent.name</code> (OTLP) or the source
          records one.
        </p>
      </Empty>
    )
  const range = graphTimeRange(graph)
  const now = at === Infinity || !range ? Infinity : at
  const input = agentGraphInput(graph, table, now)
  // fit the laid-out graph into the box
  const xs = [...positions.values()]
  const pad = 60
  const minX = Math.min(...xs.map((p) => p.x ?? 0)) - pad
  const maxX = Math.max(...xs.map((p) => p.x ?? 0)) + pad
  const minY = Math.min(...xs.map((p) => p.y ?? 0)) - pad
  const maxY = Math.max(...xs.map((p) => p.y ?? 0)) + pad
  const pos = (id: string): { x: number; y: number } => {
    const p = positions.get(id)
    return { x: p?.x ?? 0, y: p?.y ?? 0 }
  }
  return (
    <div
      style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
      data-testid="agent-graph"
    >
      <div className="graph" ref={box}>
        <svg
          viewBox={`${minX} ${minY} ${maxX - minX} ${maxY - minY}`}
          preserveAspectRatio="xMidYMid meet"
          width={size.w}
          height={size.h}
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
            </marker>
          </defs>
          {input.links.map((l) => {
            const a = pos(l.source)
            const b = pos(l.target)
            const r = input.nodes.find((n) => n.id === l.target)?.radius ?? 10
            const dx = b.x - a.x
            const dy = b.y - a.y
            const len = Math.hypot(dx, dy) || 1
            return (
              <line
                key={`${l.source}>${l.target}:${l.type}`}
                className={`link ${l.type}`}
                x1={a.x}
                y1={a.y}
                x2={b.x - (dx / len) * (r + 3)}
                y2={b.y - (dy / len) * (r + 3)}
                strokeWidth={1 + Math.min(6, Math.log2(1 + l.count))}
                markerEnd="url(#arrow)"
              >
                <title>{`${l.type}: ${l.source} → ${l.target} ×${l.count}`}</title>
              </line>
            )
          })}
          {input.nodes.map((n) => {
            const p = pos(n.id)
            return (
              <g
                key={n.id}
                className="node"
                transform={`translate(${p.x},${p.y})`}
                opacity={n.active ? 1 : 0.25}
                data-testid="agent-node"
              >
                <circle r={n.radius} fill={n.errors > 0 ? 'var(--error)' : 'var(--unset)'} />
                <text textAnchor="middle" y={n.radius + 13}>
                  {n.name} ({n.activity})
                </text>
                <title>{`${n.name}: ${n.activity} spans, ${n.errors} errors`}</title>
              </g>
            )
          })}
        </svg>
      </div>
      {range && (
        <div className="scrubber">
          <span className="muted">time</span>
          <input
            type="range"
            aria-label="Scrub through the run"
            min={range.start}
            max={range.end}
            step={Math.max(1, (range.end - range.start) / 500)}
            value={at === Infinity ? range.end : at}
            onChange={(e) => setAt(Number(e.target.value))}
            data-testid="graph-scrubber"
          />
          <span className="mono">
            +{formatDuration((at === Infinity ? range.end : at) - range.start)}
          </span>
          <button onClick={() => setAt(Infinity)}>End</button>
        </div>
      )}
    </div>
  )
}
