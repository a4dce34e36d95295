// The Timeline tab's lanes mode: one lane per agent showing when it was busy, waiting on another
// agent, or idle, on the same time window as the waterfall (zoom and pan carry over). The names
// are buttons: pressing one chooses the agent, as the legend does.
import { useEffect, useMemo, useRef, useState } from 'react'
import { useAppStore } from '../state/store'
import { agentLanes } from '../timeline/agentLanes'
import { timeTicks } from '../timeline/ticks'
import { panByPixels, xToTime } from '../timeline/viewBounds'
import { drawAxis } from '../draw/timelineDraw'
import { barsWidth } from '../draw/waterfallGeometry'
import { drawLanes, LANE_H, laneStateAt } from '../draw/lanesDraw'
import { fitCanvas, onThemeChange, readPalette } from '../draw/palette'
import { agentColourVar, agentSlot } from '../draw/agentPalette'
import { formatDuration } from '../lib/format'
import { sessionPath } from '../timeline/pathWaits'
import { CriticalPathList } from './CriticalPathList'

const AXIS_H = 22

export function LanesView() {
  const table = useAppStore((s) => s.table)
  const tree = useAppStore((s) => s.tree)
  const agents = useAppStore((s) => s.agents)
  const chosen = useAppStore((s) => s.chosenAgents)
  const view = useAppStore((s) => s.view)
  const bounds = useAppStore((s) => s.bounds)
  // once per tree, not per page while a big session loads (the lanes only cover the tree's
  // spans; ~1.5 s at 1M spans)
  const lanes = useMemo(
    () => agentLanes(useAppStore.getState().table, tree, agents, Date.now()),
    [tree, agents],
  )
  const showPath = useAppStore((s) => s.showPath)
  const messages = useAppStore((s) => s.pathMessages)
  // the critical path's steps, lane by lane (a step is on its span's agent's lane)
  const pathByLane = useMemo(() => {
    if (!showPath) return null
    const { path } = sessionPath(table, tree, messages, Date.now())
    const laneOf = new Map(lanes.map((l, j) => [l.agent, j]))
    const starts: number[][] = lanes.map(() => [])
    const ends: number[][] = lanes.map(() => [])
    for (let k = 0; k < path.count; k++) {
      const i = path.span[k]
      const j = i < 0 ? undefined : laneOf.get(table.agentIds[i])
      if (j === undefined) continue
      starts[j].push(path.from[k])
      ends[j].push(path.to[k])
    }
    return lanes.map((_, j) => ({
      starts: Float64Array.from(starts[j]),
      ends: Float64Array.from(ends[j]),
    }))
  }, [showPath, table, tree, messages, lanes])
  const axis = useRef<HTMLCanvasElement | null>(null)
  const body = useRef<HTMLCanvasElement | null>(null)
  const box = useRef<HTMLDivElement | null>(null)
  const [width, setWidth] = useState(800)
  const [themeTick, setThemeTick] = useState(0)
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(el.clientWidth))
    ro.observe(el)
    const off = onThemeChange(() => setThemeTick((n) => n + 1))
    return () => {
      ro.disconnect()
      off()
    }
  }, [])

  // the timeline's bar area, its room on the right included: a lane ends where its bars do
  const barsW = barsWidth(width)
  useEffect(() => {
    const palette = readPalette()
    const ticks = timeTicks(view, bounds.start, barsW)
    const a = axis.current && fitCanvas(axis.current, width, AXIS_H)
    if (a) drawAxis(a, width, AXIS_H, ticks, palette, 'agent')
    const b = body.current && fitCanvas(body.current, barsW, Math.max(1, lanes.length * LANE_H))
    if (b)
      drawLanes(b, {
        width: barsW,
        lanes,
        view,
        ticks,
        colours: lanes.map((l) =>
          l.agent === null ? palette.fg2 : palette.agents[agentSlot(agents, l.agent)],
        ),
        dimmed: lanes.map(
          (l) => chosen.length > 0 && (l.agent === null || !chosen.includes(l.agent)),
        ),
        path: pathByLane,
        palette,
      })
  }, [lanes, view, bounds, width, barsW, chosen, agents, themeTick, pathByLane])

  // zoom with ctrl/⌘+wheel around the cursor, pan with shift+wheel or a sideways swipe
  useEffect(() => {
    const el = body.current
    if (!el) return
    const onWheel = (e: WheelEvent): void => {
      const x = e.clientX - el.getBoundingClientRect().left
      const s = useAppStore.getState()
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault()
        s.zoom(Math.exp(e.deltaY * 0.002), x / el.clientWidth)
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault()
        s.setView(
          panByPixels(s.view, s.bounds, -(e.shiftKey ? e.deltaY : e.deltaX), el.clientWidth),
        )
      }
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [])

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect()
    const lane = lanes[Math.floor((e.clientY - rect.top) / LANE_H)]
    if (!lane) return setTip(null)
    const t = xToTime(e.clientX - rect.left, view, barsW)
    setTip({
      x: e.clientX + 14,
      y: e.clientY + 14,
      text: `${lane.agent ?? 'no agent'} · ${laneStateAt(lane, t)} at +${formatDuration(t - bounds.start)}`,
    })
  }

  return (
    <div
      className="timeline lanes"
      data-testid="lanes"
      ref={box}
      // the window on screen, for tests (as the waterfall's scroller has)
      data-view-start={view.start}
      data-view-end={view.end}
    >
      <canvas ref={axis} className="tl-axis" />
      <div className="lanes-scroll" tabIndex={-1}>
        <div className="lanes-grid">
          <ul className="lane-names" aria-label="Agents, one lane each">
            {lanes.map((l) => {
              const on = l.agent !== null && chosen.includes(l.agent)
              const summary = `busy ${formatDuration(l.busyMs)}, waiting ${formatDuration(l.waitingMs)}`
              return (
                <li key={l.agent ?? ''} style={{ height: LANE_H }}>
                  <button
                    className="lane-name"
                    data-testid="lane"
                    data-agent-id={l.agent ?? ''}
                    data-busy-ms={l.busyMs}
                    data-waiting-ms={l.waitingMs}
                    aria-pressed={l.agent === null ? undefined : on}
                    disabled={l.agent === null}
                    aria-label={`${l.agent ?? 'spans of no agent'}: ${summary}`}
                    onClick={() => l.agent !== null && useAppStore.getState().toggleAgent(l.agent)}
                  >
                    <span
                      className="swatch"
                      style={{
                        background:
                          l.agent === null ? 'var(--fg-2)' : agentColourVar(agents, l.agent),
                      }}
                    />
                    <span
                      className="lane-agent"
                      style={{
                        color: l.agent === null ? 'var(--fg-2)' : agentColourVar(agents, l.agent),
                      }}
                    >
                      {l.agent ?? '(no agent)'}
                    </span>
                    <span className="muted">{summary}</span>
                  </button>
                </li>
              )
            })}
          </ul>
          <canvas
            ref={body}
            data-testid="lanes-canvas"
            role="img"
            aria-label={`Lanes of ${lanes.length} agents: solid while busy, hollow while waiting on another agent, empty while idle`}
            onMouseMove={onMove}
            onMouseLeave={() => setTip(null)}
          />
        </div>
      </div>
      <p className="lanes-key muted">
        solid: busy · hollow: waiting on another agent's span · empty: idle
      </p>
      <CriticalPathList />
      {tip && (
        <div className="tl-tip" style={{ left: tip.x, top: tip.y }}>
          {tip.text}
        </div>
      )}
    </div>
  )
}
