// Draws the waterfall: only the rows in view (a 100,000-span session draws ~40 rows a frame),
// labels on the left, bars on the right, event marks on the bars, grid lines from the axis.
import { formatDuration } from '../lib/format'
import type { RowLayout } from '../timeline/rowLayout'
import { visibleRowRange } from '../timeline/rowLayout'
import type { SpanTable } from '../timeline/spanTable'
import type { SpanTree } from '../timeline/spanTree'
import type { Tick } from '../timeline/ticks'
import type { TimeWindow } from '../timeline/viewBounds'
import { mergeToPixels, type DensityGrid, type Extents } from '../timeline/lod'
import type { OpenSpanView } from '../timeline/openSpans'
import { textOn, type Palette } from './palette'

import { barsWidth, glyphX, LABEL_W, ROW_H } from './waterfallTrack'
import { fitRowLabels } from './labelFit'

export { LABEL_W, ROW_H }

export interface WaterfallInput {
  width: number
  height: number
  scrollTop: number
  table: SpanTable
  tree: SpanTree
  layout: RowLayout
  collapsed: ReadonlySet<string>
  view: TimeWindow
  ticks: Tick[]
  selected: number
  hits: ReadonlySet<number>
  /** hidden descendants of collapsed spans, drawn faintly on the collapsed row */
  hidden: ReadonlyMap<number, Extents>
  /** how spans without an end are drawn (timeline/openSpans.ts) */
  open: OpenSpanView
  palette: Palette
  /** agent → colour slot (agentPalette.ts) */
  agentSlots: ReadonlyMap<string, number>
  /** the chosen agents; the other agents' rows dim. Empty: none chosen, nothing dims */
  chosen: ReadonlySet<string>
}

export function drawWaterfall(ctx: CanvasRenderingContext2D, p: WaterfallInput): void {
  const { width, height, table, tree, layout, view, palette: c } = p
  ctx.fillStyle = c.bg
  ctx.fillRect(0, 0, width, height)
  const barsW = barsWidth(width)
  const k = barsW / (view.end - view.start)
  const { first, last } = visibleRowRange(p.scrollTop, height, ROW_H, layout.rows.length, 0)

  // grid
  ctx.fillStyle = c.border
  for (const t of p.ticks) ctx.fillRect(LABEL_W + Math.round(t.x), 0, 1, height)

  ctx.textBaseline = 'middle'
  ctx.font = `12px ${c.sans}`
  const measure = (t: string): number => ctx.measureText(t).width
  for (let r = first; r <= last; r++) {
    const i = layout.rows[r]
    const y = r * ROW_H - p.scrollTop
    if (i === p.selected || p.hits.has(i)) {
      ctx.fillStyle = i === p.selected ? c.rowSel : c.rowHit
      ctx.fillRect(0, y, width, ROW_H)
    } else if (r % 2 === 1) {
      ctx.fillStyle = c.stripe
      ctx.fillRect(0, y, LABEL_W, ROW_H)
    }
    const agent = table.agentIds[i]
    const slot = agent === null ? -1 : (p.agentSlots.get(agent) ?? -1)
    const agentColour = slot >= 0 ? c.agents[slot] : null
    // a row of an agent that is not chosen (or of no agent) fades while some are chosen
    const dim = p.chosen.size > 0 && (agent === null || !p.chosen.has(agent))
    ctx.globalAlpha = dim ? 0.3 : 1
    // label
    const x = glyphX(tree.depth[i] ?? 0)
    const kids = tree.childStart[i + 1] > tree.childStart[i]
    ctx.fillStyle = c.fg2
    if (kids) ctx.fillText(p.collapsed.has(table.ids[i]) ? '▸' : '▾', x, y + ROW_H / 2)
    ctx.fillStyle = table.status[i] === 2 ? c.errorText : c.fg
    const labels = fitRowLabels(
      table.names[i],
      agent !== null && agentColour ? agent : null,
      x + 14,
      LABEL_W - 22,
      measure,
    )
    ctx.fillText(labels.name, x + 14, y + ROW_H / 2)
    if (tree.orphan[i]) {
      ctx.fillStyle = c.fg2
      ctx.fillText('⤴', LABEL_W - 16, y + ROW_H / 2)
    }
    if (agent !== null && agentColour) {
      // the row names its agent, in the agent's colour (4.5:1 on every row surface)
      ctx.fillStyle = agentColour
      ctx.textAlign = 'right'
      ctx.fillText(labels.agent, LABEL_W - 22, y + ROW_H / 2)
      ctx.textAlign = 'left'
    }

    const under = p.hidden.get(i)
    if (under) {
      ctx.globalAlpha = 0.45
      ctx.fillStyle = c.fg2
      for (const px of mergeToPixels(under.starts, under.ends, view, barsW))
        ctx.fillRect(LABEL_W + px.x, y + 8, px.w, ROW_H - 16)
      ctx.globalAlpha = 1
    }

    // bar
    const open = Number.isNaN(table.end[i])
    const s = table.start[i]
    const e = open ? Math.max(p.open.end, s) : table.end[i]
    const neverEnded = open && p.open.state === 'never-ended'
    if (e < view.start || s > view.end) {
      ctx.globalAlpha = 1
      continue
    }
    const x0 = LABEL_W + Math.max(0, (s - view.start) * k)
    const x1 = LABEL_W + Math.min(barsW, (e - view.start) * k)
    const w = Math.max(1, x1 - x0)
    // failed spans stay red whoever ran them; otherwise the bar is its agent's colour
    const fill =
      table.status[i] === 2
        ? c.error
        : agentColour
          ? agentColour
          : open
            ? c.open
            : table.status[i] === 1
              ? c.ok
              : c.unset
    ctx.fillStyle = fill
    if (neverEnded) {
      // an outline, not a bar: the span has no duration; the label says why (not colour alone)
      ctx.strokeStyle = fill
      ctx.lineWidth = 1.5
      ctx.setLineDash([4, 3])
      // at least a few pixels wide: its last sign of life may be its own start
      ctx.strokeRect(x0 + 0.75, y + 5.75, Math.max(8, w - 1.5), ROW_H - 11.5)
      ctx.setLineDash([])
    } else ctx.fillRect(x0, y + 5, w, ROW_H - 10)
    const marks = table.eventTimes.get(i)
    if (marks) {
      ctx.fillStyle = c.fg
      for (const t of marks) {
        if (t < view.start || t > view.end) continue
        ctx.fillRect(LABEL_W + (t - view.start) * k - 1, y + 3, 2, ROW_H - 6)
      }
    }
    const label = neverEnded ? '⚠ never ended' : open ? 'running' : formatDuration(e - s)
    const lx = (neverEnded ? Math.max(x1, x0 + 9) : x1) + 4
    if (lx + 60 < width) {
      ctx.fillStyle = c.fg2
      ctx.fillText(label, lx, y + ROW_H / 2)
    } else if (w > 70 && !neverEnded) {
      ctx.fillStyle = textOn(fill)
      ctx.fillText(label, x0 + 4, y + ROW_H / 2)
    } else if (x0 - 64 > LABEL_W) {
      // no room after the bar: put the duration before it
      ctx.fillStyle = c.fg2
      ctx.textAlign = 'right'
      ctx.fillText(label, x0 - 4, y + ROW_H / 2)
      ctx.textAlign = 'left'
    }
    ctx.globalAlpha = 1
  }
  ctx.fillStyle = c.border
  ctx.fillRect(LABEL_W - 1, 0, 1, height)
}

export function drawAxis(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  ticks: Tick[],
  c: Palette,
  /** what the rows below are */
  rowsAre = 'span',
): void {
  ctx.fillStyle = c.bg2
  ctx.fillRect(0, 0, width, height)
  ctx.font = `11px ${c.sans}`
  ctx.textBaseline = 'middle'
  ctx.fillStyle = c.fg2
  ctx.fillText(rowsAre, 8, height / 2)
  for (const t of ticks) {
    const x = LABEL_W + t.x
    ctx.fillStyle = c.border
    ctx.fillRect(Math.round(x), height - 6, 1, 6)
    ctx.fillStyle = c.fg2
    ctx.fillText(t.label, tickLabelX(x, ctx.measureText(t.label).width, width), height / 2)
  }
}

/** Where a tick's label starts: right of its tick, or ending at it when it would run past the edge. */
export function tickLabelX(x: number, labelWidth: number, width: number): number {
  return x + 3 + labelWidth > width ? x - 3 - labelWidth : x + 3
}

/** Paints a density grid into an offscreen canvas once; each frame only blits it. */
export function paintDensity(grid: DensityGrid, c: Palette): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = grid.width
  canvas.height = grid.height
  const ctx = canvas.getContext('2d')
  if (!ctx) return canvas
  const img = ctx.createImageData(grid.width, grid.height)
  const [ar, ag, ab] = rgb(c.unset)
  const [er, eg, eb] = rgb(c.error)
  const logMax = Math.log1p(grid.max || 1)
  for (let j = 0; j < grid.cells.length; j++) {
    const v = grid.cells[j]
    if (v <= 0) continue
    const a = 130 + Math.round((125 * Math.log1p(v)) / logMax)
    const err = grid.errors[j] === 1
    img.data[j * 4] = err ? er : ar
    img.data[j * 4 + 1] = err ? eg : ag
    img.data[j * 4 + 2] = err ? eb : ab
    img.data[j * 4 + 3] = err ? 255 : a
  }
  ctx.putImageData(img, 0, 0)
  return canvas
}

/** room between the overview strip's edges (the view's frame) and its spans, in CSS pixels */
export const MINIMAP_INSET = 4

export function drawMinimap(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  density: HTMLCanvasElement | null,
  bounds: TimeWindow,
  view: TimeWindow,
  c: Palette,
): void {
  ctx.fillStyle = c.bg2
  ctx.fillRect(0, 0, width, height)
  // the bars' width, room on the right included: the session's end sits above the last bar's
  // end, and the view's frame is not cut by the edge
  const w = barsWidth(width)
  if (density) {
    ctx.imageSmoothingEnabled = true
    // inset from the view's frame (drawn at the strip's top and bottom edge): the first row,
    // a root span that lasts the whole session, lay under the frame's top line, unseen
    ctx.drawImage(density, LABEL_W, MINIMAP_INSET, w, height - 2 * MINIMAP_INSET)
  }
  const k = w / (bounds.end - bounds.start)
  const x0 = LABEL_W + (view.start - bounds.start) * k
  const x1 = LABEL_W + (view.end - bounds.start) * k
  ctx.fillStyle = c.bg3
  ctx.globalAlpha = 0.55
  ctx.fillRect(LABEL_W, 0, x0 - LABEL_W, height)
  ctx.fillRect(x1, 0, LABEL_W + w - x1, height)
  ctx.globalAlpha = 1
  ctx.strokeStyle = c.accent
  ctx.lineWidth = 1.5
  ctx.strokeRect(x0, 1, Math.max(2, x1 - x0), height - 2)
  ctx.font = `11px ${c.sans}`
  ctx.fillStyle = c.fg2
  ctx.textBaseline = 'middle'
  ctx.fillText('overview — click or drag to move', 8, height / 2)
}

function rgb(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(color)
  if (!m) return [90, 140, 220]
  const n = parseInt(m[1], 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}
