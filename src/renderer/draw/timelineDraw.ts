// The timeline's header canvases: the time axis (shared with the lanes) and the overview
// (minimap) with its density image. The waterfall's rows are drawn by its track
// (waterfallTrack.ts).
import type { Tick } from '../timeline/ticks'
import type { TimeWindow } from '../timeline/viewBounds'
import type { DensityGrid } from '../timeline/lod'
import type { Palette } from './palette'
import { barsWidth, LABEL_W } from './waterfallGeometry'

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
