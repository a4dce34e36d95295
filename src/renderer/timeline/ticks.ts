// Time axis ticks: d3-scale picks round steps; labels are relative to the trace start
// because "+1.25s" reads better than wall-clock when following a run.
import { scaleLinear } from 'd3'
import { formatDuration } from '../lib/format'
import type { TimeWindow } from './viewBounds'

export interface Tick {
  /** pixel position on the axis */
  x: number
  /** ms since the origin */
  offset: number
  label: string
}

/** About one tick per `spacingPx` pixels (default 100). */
export function timeTicks(
  view: TimeWindow,
  origin: number,
  widthPx: number,
  spacingPx = 100,
): Tick[] {
  if (widthPx <= 0 || !(view.end > view.start)) return []
  const scale = scaleLinear()
    .domain([view.start - origin, view.end - origin])
    .range([0, widthPx])
  const count = Math.max(2, Math.floor(widthPx / spacingPx))
  return scale
    .ticks(count)
    .map((offset) => ({ x: scale(offset), offset, label: formatDuration(offset) }))
}
