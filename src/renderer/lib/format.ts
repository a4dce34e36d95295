// Human-readable durations and times for labels, tooltips and lists.
import { formatTokensShort } from '../../shared/genai/formatUsage'

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—'
  return (ms < 0 ? '-' : '') + unsignedDuration(Math.abs(ms))
}

// Each unit is used only while its rounded value stays below the next unit: rounding first
// and checking after keeps 999.7 ms from reading "1000ms" and 9 min 59.7 s from "9m 60s".
function unsignedDuration(a: number): string {
  if (a === 0) return '0ms'
  if (a < 1) {
    const us = round(a * 1000, a * 1000 < 10 ? 1 : 0)
    if (us < 1000) return `${us}µs`
  }
  if (a < 1000) {
    const v = round(a, a < 10 ? 2 : a < 100 ? 1 : 0)
    if (v < 1000) return `${v}ms`
  }
  if (a < 60_000) {
    const v = round(a / 1000, a < 10_000 ? 2 : 1)
    if (v < 60) return `${v}s`
  }
  const secs = Math.round(a / 1000)
  if (secs < 3600) {
    const m = Math.floor(secs / 60)
    const s = secs % 60
    return s === 0 ? `${m}m` : `${m}m ${s}s`
  }
  const mins = Math.round(a / 60_000)
  const h = Math.floor(mins / 60)
  const m = mins % 60
  return m === 0 ? `${h}h` : `${h}h ${m}m`
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits))
}

/** Local wall-clock time with milliseconds; dates only when not today. */
export function formatTime(ms: number | null | undefined, now: number = Date.now()): string {
  if (ms == null || !Number.isFinite(ms)) return '—'
  const d = new Date(ms)
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  const today = new Date(now)
  const sameDay =
    d.getFullYear() === today.getFullYear() &&
    d.getMonth() === today.getMonth() &&
    d.getDate() === today.getDate()
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * A time for a list column, short enough to stay whole in a 1,000 px window: today's with
 * milliseconds, this year's as "Nov 21 09:00", older as "Nov 21 2025". The full time
 * (formatTime) goes in the cell's title. "2026-11-21 09:00:00.000" needed 167 px and was cut
 * to "2026-11-21 09…" in the sessions list's ~110 px columns.
 */
export function formatListTime(ms: number | null | undefined, now: number = Date.now()): string {
  if (ms == null || !Number.isFinite(ms)) return '—'
  const d = new Date(ms)
  const today = new Date(now)
  const pad = (n: number): string => String(n).padStart(2, '0')
  if (d.getFullYear() !== today.getFullYear())
    return `${MONTHS[d.getMonth()]} ${d.getDate()} ${d.getFullYear()}`
  if (d.getMonth() === today.getMonth() && d.getDate() === today.getDate())
    return formatTime(ms, now)
  return `${MONTHS[d.getMonth()]} ${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Spans, agents, records: read like token counts ("4,152", "54.7k"), one rule for both. */
export function formatCount(n: number | null | undefined): string {
  return formatTokensShort(n)
}

/**
 * `text` cut to `max` characters in the middle: agent ids often share a prefix
 * (agent_worker_0_a, agent_worker_0_b), so both ends stay and two of them stay apart.
 */
export function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text
  const head = Math.ceil((max - 1) / 3)
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`
}
