// Flame graph of where time went (spans merged by their path of names), drawn on a canvas;
// hover names a box, click zooms into it.
import { useEffect, useMemo, useRef, useState } from 'react'
import { useAppStore } from '../state/store'
import {
  aggregateFlame,
  flameLabel,
  layoutFlame,
  flameNodeOf,
  type FlameNode,
  type FlameRect,
} from '../lib/flame'
import { fitCanvas, onThemeChange, readPalette, textOn } from '../draw/palette'
import { agentSlot } from '../draw/agentPalette'
import { formatDuration } from '../lib/format'
import { Empty } from '../components/States'

const H = 20

export function FlameView() {
  const table = useAppStore((s) => s.table)
  const tree = useAppStore((s) => s.tree)
  const root = useMemo(() => aggregateFlame(table, tree, Date.now()), [table, tree])
  const [focus, setFocus] = useState<FlameNode | null>(null)
  const [hover, setHover] = useState<FlameRect | null>(null)
  const canvas = useRef<HTMLCanvasElement | null>(null)
  const box = useRef<HTMLDivElement | null>(null)
  const shown = focus ?? root
  const rects = useMemo(() => layoutFlame(shown, 0.0005), [shown])
  // the span the keyboard selected (↑ ↓ / j k), as its box: outlined, described, Enter zooms
  const selectedId = useAppStore((s) => s.selectedSpanId)
  // redraw when the agent choice changes (the other agents' boxes dim)
  const chosenAgents = useAppStore((s) => s.chosenAgents)
  const picked = useMemo(() => {
    const i = selectedId ? table.indexOf.get(selectedId) : undefined
    return i === undefined ? null : flameNodeOf(root, table, tree, i)
  }, [root, table, tree, selectedId])
  const info = hover?.node ?? picked

  useEffect(() => {
    const el = box.current
    const cv = canvas.current
    if (!el || !cv) return
    const draw = (): void => {
      const width = el.clientWidth
      const depth = rects.reduce((m, r) => Math.max(m, r.depth), 0) + 1
      const height = Math.max(el.clientHeight, depth * H)
      const ctx = fitCanvas(cv, width, height)
      if (!ctx) return
      const c = readPalette()
      const { agents } = useAppStore.getState()
      ctx.fillStyle = c.bg
      ctx.fillRect(0, 0, width, height)
      ctx.font = `11px ${c.sans}`
      ctx.textBaseline = 'middle'
      for (const r of rects) {
        const x = r.x0 * width
        const w = (r.x1 - r.x0) * width
        const y = r.depth * H
        // a box of one agent's spans is that agent's colour; mixed boxes keep a warm hue
        const agent = r.node.agent
        const fill =
          r.node.errors > 0
            ? c.error
            : agent !== null
              ? c.agents[agentSlot(agents, agent)]
              : hue(r.node.name)
        ctx.globalAlpha =
          chosenAgents.length > 0 && (agent === null || !chosenAgents.includes(agent)) ? 0.35 : 1
        ctx.fillStyle = fill
        ctx.fillRect(x, y, Math.max(0.5, w - 1), H - 1)
        if (w > 40) {
          ctx.fillStyle = textOn(fill)
          const label = flameLabel(
            r.node.name,
            formatDuration(r.node.total),
            w - 6,
            (s) => ctx.measureText(s).width,
          )
          ctx.fillText(label, x + 3, y + H / 2)
        }
        // spans that end after their parent: drawn within the parent's width, so the box's
        // right end is cut on a slant in the text colour, a cue its label's time is not
        // held by that width (the hover line says so in words)
        if (r.node.outlives > 0 && w > 6) {
          ctx.fillStyle = textOn(fill)
          ctx.beginPath()
          ctx.moveTo(x + w - 1, y)
          ctx.lineTo(x + w - 1, y + H - 1)
          ctx.lineTo(x + w - 6, y + H - 1)
          ctx.closePath()
          ctx.fill()
        }
        if (r.node === picked) {
          ctx.strokeStyle = c.fg
          ctx.lineWidth = 2
          ctx.strokeRect(x + 1, y + 1, Math.max(1, w - 3), H - 3)
        }
        ctx.globalAlpha = 1
      }
    }
    draw()
    const ro = new ResizeObserver(draw)
    ro.observe(el)
    const offTheme = onThemeChange(draw)
    return () => {
      ro.disconnect()
      offTheme()
    }
  }, [rects, picked, chosenAgents])

  if (root.children.length === 0) return <Empty title="No spans to aggregate yet" />
  const at = (e: React.MouseEvent): FlameRect | null => {
    const rect = canvas.current!.getBoundingClientRect()
    const fx = (e.clientX - rect.left) / rect.width
    const d = Math.floor((e.clientY - rect.top) / H)
    return rects.find((r) => r.depth === d && fx >= r.x0 && fx < r.x1) ?? null
  }
  return (
    <div
      style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
      data-testid="flame-graph"
    >
      <div className="toolbar">
        {focus ? (
          <button onClick={() => setFocus(null)}>Reset zoom</button>
        ) : (
          <span className="muted">
            Click a box to zoom into it (or pick a span with ↑ ↓ and press Enter).
          </span>
        )}
        <span className="mono" data-testid="flame-hover">
          {info
            ? `${info.name}: total ${formatDuration(info.total)}, self ${formatDuration(info.self)}, ${info.count} spans${info.errors ? `, ${info.errors} errors` : ''}${info.outlives ? `, ${outlivesText(info)}` : ''}`
            : ''}
        </span>
      </div>
      <div
        ref={box}
        className="scroll"
        tabIndex={0}
        role="region"
        aria-label="Flame graph"
        data-span-view=""
        onKeyDown={(e) => {
          if (e.key === 'Enter' && picked && picked !== shown) setFocus(picked)
        }}
      >
        <canvas
          ref={canvas}
          data-testid="flame-canvas"
          title={hover && hover.node.outlives > 0 ? outlivesText(hover.node) : undefined}
          onMouseMove={(e) => setHover(at(e))}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const r = at(e)
            if (r && r.node !== shown) setFocus(r.node)
          }}
        />
      </div>
    </div>
  )
}

/** What the cue on a box of spans that outlive their parent means, in words. */
function outlivesText(n: FlameNode): string {
  return `ends after its parent (${n.outlives} of ${n.count} span${n.count === 1 ? '' : 's'}); drawn within the parent's width`
}

/** Stable warm colour per name, so one operation keeps its colour across zooms. */
function hue(name: string): string {
  let h = 0
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0
  return `hsl(${20 + (Math.abs(h) % 40)}, 85%, ${58 + (Math.abs(h >> 8) % 14)}%)`
}
