// Draws agent lanes (agentLanes.ts): busy time as solid bars in the agent's colour, waiting time
// as a hollow bar of the same colour, idle time empty; grid lines from the axis.
import type { AgentLane, Intervals } from '../timeline/agentLanes'
import { mergeToPixels } from '../timeline/lod'
import type { Tick } from '../timeline/ticks'
import type { TimeWindow } from '../timeline/viewBounds'
import type { Palette } from './palette'

export const LANE_H = 30

export interface LanesInput {
  width: number
  lanes: AgentLane[]
  view: TimeWindow
  ticks: Tick[]
  /** colour of each lane */
  colours: string[]
  /** lanes drawn faintly (agents not chosen while some are) */
  dimmed: boolean[]
  /** the critical path's steps on each lane (by the step's agent), when it is shown */
  path: Intervals[] | null
  palette: Palette
}

export function drawLanes(ctx: CanvasRenderingContext2D, p: LanesInput): void {
  const { width, lanes, view, palette: c } = p
  ctx.fillStyle = c.bg
  ctx.fillRect(0, 0, width, lanes.length * LANE_H)
  ctx.fillStyle = c.border
  for (const t of p.ticks) ctx.fillRect(Math.round(t.x), 0, 1, lanes.length * LANE_H)
  lanes.forEach((lane, j) => {
    const y = j * LANE_H
    ctx.fillStyle = c.border
    ctx.fillRect(0, y + LANE_H - 1, width, 1)
    ctx.globalAlpha = p.dimmed[j] ? 0.3 : 1
    const colour = p.colours[j]
    ctx.fillStyle = colour
    for (const r of mergeToPixels(lane.busy.starts, lane.busy.ends, view, width))
      ctx.fillRect(r.x, y + 6, r.w, LANE_H - 12)
    ctx.strokeStyle = colour
    ctx.lineWidth = 1.5
    for (const r of mergeToPixels(lane.waiting.starts, lane.waiting.ends, view, width))
      ctx.strokeRect(r.x + 0.75, y + 6.75, Math.max(0.5, r.w - 1.5), LANE_H - 13.5)
    ctx.globalAlpha = 1
    const marks = p.path?.[j]
    if (marks) {
      ctx.fillStyle = c.fg
      for (const r of mergeToPixels(marks.starts, marks.ends, view, width))
        ctx.fillRect(r.x, y + LANE_H - 5, Math.max(2, r.w), 3)
    }
  })
}

/** What a lane was doing at a time: for the tooltip. */
export function laneStateAt(lane: AgentLane, time: number): 'busy' | 'waiting' | 'idle' {
  const inside = (x: AgentLane['busy']): boolean => {
    let lo = 0
    let hi = x.starts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (x.starts[mid] <= time) lo = mid + 1
      else hi = mid
    }
    return lo > 0 && x.ends[lo - 1] >= time
  }
  return inside(lane.busy) ? 'busy' : inside(lane.waiting) ? 'waiting' : 'idle'
}
