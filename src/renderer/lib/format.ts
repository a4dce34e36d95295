// Human-readable durations and times for labels, tooltips and lists.

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—'
  const a = Math.abs(ms)
  const sign = ms < 0 ? '-' : ''
  if (a === 0) return '0ms'
  if (a < 1) return `${sign}${trim(a * 1000, a * 1000 < 10 ? 1 : 0)}µs`
  if (a < 1000) return `${sign}${trim(a, a < 10 ? 2 : a < 100 ? 1 : 0)}ms`
  if (a < 60_000) return `${sign}${trim(a / 1000, a < 10_000 ? 2 : 1)}s`
  if (a < 3_600_000) {
    const m = Math.floor(a / 60_000)
    const s = Math.round((a - m * 60_000) / 1000)
    return s === 0 ? `${sign}${m}m` : `${sign}${m}m ${s}s`
  }
  const h = Math.floor(a / 3_600_000)
  const m = Math.round((a - h * 3_600_000) / 60_000)
  return m === 0 ? `${sign}${h}h` : `${sign}${h}h ${m}m`
}

function trim(v: number, digits: number): string {
  return String(Number(v.toFixed(digits)))
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

export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—'
  if (Math.abs(n) < 10_000) return String(n)
  if (Math.abs(n) < 1_000_000) return `${trim(n / 1000, 1)}k`
  return `${trim(n / 1_000_000, 2)}M`
}
