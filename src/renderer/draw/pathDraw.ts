// The critical path on the waterfall: under each bar, a line over the part of the span that
// was on the path (the parts its children or the spans it waited on held are left out).
import type { RowLayout } from '../timeline/rowLayout'
import { visibleRowRange } from '../timeline/rowLayout'
import type { TimeWindow } from '../timeline/viewBounds'
import type { SessionPath } from '../timeline/pathWaits'
import { barsWidth, LABEL_W, ROW_H } from './waterfallGeometry'
import type { Palette } from './palette'

export interface PathMarksInput {
  width: number
  height: number
  scrollTop: number
  layout: RowLayout
  view: TimeWindow
  path: SessionPath
  palette: Palette
}

export function drawPathMarks(ctx: CanvasRenderingContext2D, p: PathMarksInput): void {
  const { layout, view, path } = p
  const barsW = barsWidth(p.width)
  const k = barsW / (view.end - view.start)
  const { first, last } = visibleRowRange(p.scrollTop, p.height, ROW_H, layout.rows.length, 0)
  ctx.fillStyle = p.palette.fg
  for (let r = first; r <= last; r++) {
    const i = layout.rows[r]
    if (i + 1 >= path.stepStart.length) continue
    const y = r * ROW_H - p.scrollTop + ROW_H - 4
    for (let j = path.stepStart[i]; j < path.stepStart[i + 1]; j++) {
      const step = path.stepList[j]
      const from = path.path.from[step]
      const to = path.path.to[step]
      if (to < view.start || from > view.end) continue
      const x0 = LABEL_W + Math.max(0, (from - view.start) * k)
      const x1 = LABEL_W + Math.min(barsW, (to - view.start) * k)
      ctx.fillRect(x0, y, Math.max(2, x1 - x0), 3)
    }
  }
}
