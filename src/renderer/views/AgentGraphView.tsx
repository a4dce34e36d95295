// Agents as nodes (each in its colour, area by activity, red ring when they failed), spawn and message edges as
// links, laid out once with d3-force; the scrubber replays the run without moving nodes.
import { useEffect, useMemo, useRef, useState } from 'react'
import {
  forceCenter,
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationNodeDatum,
} from 'd3'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import { Empty, Failed, Loading } from '../components/States'
import { agentGraphInput, graphTimeRange } from '../lib/agentGraph'
import { formatDuration } from '../lib/format'
import type { SessionGraph } from '../../shared/queries'
import { agentColourVar } from '../draw/agentPalette'

interface Pos extends SimulationNodeDatum {
  id: string
}

/** Below this the 11px names get too small to read: the graph scrolls instead of shrinking. */
const MIN_SCALE = 0.8

export function AgentGraphView({ sessionId }: { sessionId: string }) {
  const sourceId = useAppStore((s) => s.sourceId)
  const table = useAppStore((s) => s.table)
  const chosen = useAppStore((s) => s.chosenAgents)
  const agents = useAppStore((s) => s.agents)
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
  // the box's shape, coarsely, so a resize does not lay the graph out again every frame
  const aspect = Math.min(3, Math.max(0.5, Math.round((size.w / Math.max(1, size.h)) * 4) / 4))
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
          .distance(150),
      )
      .force(
        'collide',
        // room for the two label lines under each circle, so names do not run into neighbours
        forceCollide<Pos>().radius((d) => (radius.get(d.id) ?? 10) + 34),
      )
      // agents that never talk to each other (a registry, a swarm that reports only spans) are
      // otherwise pushed apart without limit and the fitted graph shrinks to unreadable; pull
      // everything toward the middle, harder vertically in a wide box, to fill its shape
      .force('x', forceX<Pos>(0).strength(0.06))
      .force('y', forceY<Pos>(0).strength(0.06 * aspect))
      .force('center', forceCenter(0, 0))
      .stop()
    sim.tick(300)
    return new Map(nodes.map((n) => [n.id, n]))
  }, [full, aspect])

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
  // fit the laid-out graph into the box: shrink when it does not fit, never blow it up, and
  // never below MIN_SCALE (the box scrolls then)
  const xs = [...positions.values()]
  const pad = 70
  const minX = Math.min(...xs.map((p) => p.x ?? 0)) - pad
  const maxX = Math.max(...xs.map((p) => p.x ?? 0)) + pad
  const minY = Math.min(...xs.map((p) => p.y ?? 0)) - pad
  const maxY = Math.max(...xs.map((p) => p.y ?? 0)) + pad
  const k = Math.max(MIN_SCALE, Math.min(1, size.w / (maxX - minX), size.h / (maxY - minY)))
  const w = Math.max(size.w, (maxX - minX) * k)
  const h = Math.max(size.h, (maxY - minY) * k)
  const tx = w / 2 - ((minX + maxX) / 2) * k
  const ty = h / 2 - ((minY + maxY) / 2) * k
  const pos = (id: string): { x: number; y: number } => {
    const p = positions.get(id)
    return { x: p?.x ?? 0, y: p?.y ?? 0 }
  }
  const radiusOf = new Map(input.nodes.map((n) => [n.id, n.radius]))
  // choosing an agent dims the others' spans everywhere and opens its detail; again lets it go
  const choose = (id: string): void => useAppStore.getState().toggleAgent(id)
  return (
    <div
      style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
      data-testid="agent-graph"
    >
      <div className="graph" ref={box} tabIndex={0} role="region" aria-label="Agent graph">
        <svg width={w} height={h}>
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="9"
              markerHeight="9"
              markerUnits="userSpaceOnUse"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" className="arrow" />
            </marker>
          </defs>
          <g transform={`translate(${tx},${ty}) scale(${k})`}>
            {input.links.map((l) => {
              const a = pos(l.source)
              const b = pos(l.target)
              // messages bend one way, spawns the other, so both show between one pair
              const bend = l.type === 'spawn' ? 0.18 : -0.18
              const mx = (a.x + b.x) / 2 - (b.y - a.y) * bend
              const my = (a.y + b.y) / 2 + (b.x - a.x) * bend
              const r = (radiusOf.get(l.target) ?? 10) + 4
              const dx = b.x - mx
              const dy = b.y - my
              const len = Math.hypot(dx, dy) || 1
              const ex = b.x - (dx / len) * r
              const ey = b.y - (dy / len) * r
              return (
                <path
                  key={`${l.source}>${l.target}:${l.type}`}
                  className={`link ${l.type}`}
                  d={`M${a.x},${a.y} Q${mx},${my} ${ex},${ey}`}
                  strokeWidth={1 + Math.min(5, Math.log2(1 + l.count))}
                  markerEnd="url(#arrow)"
                  data-testid="agent-link"
                >
                  <title>{`${l.type}: ${l.source} → ${l.target} ×${l.count}`}</title>
                </path>
              )
            })}
            {input.nodes.map((n) => {
              const p = pos(n.id)
              return (
                <g
                  key={n.id}
                  className={`node ${chosen.includes(n.id) ? 'chosen' : ''}`}
                  transform={`translate(${p.x},${p.y})`}
                  opacity={n.active ? 1 : 0.25}
                  data-testid="agent-node"
                  data-agent-id={n.id}
                  role="button"
                  tabIndex={0}
                  aria-pressed={chosen.includes(n.id)}
                  aria-label={`${n.name}: ${plural(n.activity, 'span')}, ${plural(n.errors, 'failed span')}`}
                  onClick={() => choose(n.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault()
                      choose(n.id)
                    }
                  }}
                >
                  {/* the agent's colour (the same on every view); a red ring when it failed */}
                  {n.errors > 0 && <circle r={n.radius + 4} className="failed-ring" />}
                  <circle r={n.radius} fill={agentColourVar(agents, n.id)} />
                  <title>{`${n.name}: ${plural(n.activity, 'span')}, ${plural(n.errors, 'failed span')}`}</title>
                </g>
              )
            })}
            {/* labels above every circle and link, on a halo of the background: a later
                circle or a busy bundle of arrows would otherwise hide an earlier name */}
            {input.nodes.map((n) => {
              const p = pos(n.id)
              return (
                <text
                  key={n.id}
                  className="node-label"
                  textAnchor="middle"
                  transform={`translate(${p.x},${p.y + n.radius + 13})`}
                  opacity={n.active ? 1 : 0.25}
                  data-testid="agent-label"
                >
                  <tspan x={0} className="name">
                    {n.name}
                  </tspan>
                  <tspan x={0} dy={13} className="counts">
                    {plural(n.activity, 'span')}
                    {n.errors > 0 ? ` · ${n.errors} failed` : ''}
                  </tspan>
                </text>
              )
            })}
          </g>
        </svg>
        <div className="legend muted">
          <span>— message</span> <span>- - spawn</span> <span>circle area = spans so far</span>{' '}
          <span className="status-error">red ring = had errors</span>
        </div>
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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
