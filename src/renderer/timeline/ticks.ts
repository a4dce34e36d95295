// Time axis ticks: d3-scale maps time to pixels and picks round decimal steps below a second;
// above, steps follow the clock (1s, 5s, 15s, 1m, 5m, 1h…) because "1m 40s" reads worse than
// "2m". Labels are relative to the session start: "+1.25s" says more than wall-clock here.
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

const CLOCK_STEPS = [
  1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
]

/** The clock-friendly step for about `count` ticks over `spanMs`, or null below a second. */
export function clockStep(spanMs: number, count: number): number | null {
  const raw = spanMs / Math.max(1, count)
  if (raw < 800) return null
  return CLOCK_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000
}

/** About one tick per `spacingPx` pixels (default 100). */
export function timeTicks(
  view: TimeWindow,
  origin: number,
  widthPx: number,
  spacingPx = 100,
): Tick[] {
  if (widthPx <= 0 || !(view.end > view.start)) return []
  const lo = view.start - origin
  const hi = view.end - origin
  const scale = scaleLinear().domain([lo, hi]).range([0, widthPx])
  const count = Math.max(2, Math.floor(widthPx / spacingPx))
  const step = clockStep(hi - lo, count)
  let offsets: number[]
  if (step === null) offsets = scale.ticks(count)
  else {
    offsets = []
    for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) offsets.push(t)
  }
  return offsets.map((offset) => ({ x: scale(offset), offset, label: formatDuration(offset) }))
}
