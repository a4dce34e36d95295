// Timestamps in foreign files arrive as ms integers, float seconds, µs/ns integers, ISO text
// (with or without zone, 'T' or space), SQLite CURRENT_TIMESTAMP text or julian days.
// Everything becomes epoch ms; naive ISO text (no zone) is read as UTC, the way SQLite's own
// date functions read it, so results do not depend on the viewer's time zone.

export type TimeFormat = 'ms' | 'seconds' | 'micros' | 'nanos' | 'julian' | 'iso' | 'none'

export interface IsoStyle {
  sep: 'T' | ' '
  /** digits after the decimal point (0 = none) */
  fraction: number
  zone: 'Z' | '+00:00' | ''
  dateOnly: boolean
}

/** How one column stores time, sampled from its first non-null value. */
export interface TimeColumn {
  format: TimeFormat
  iso?: IsoStyle
  /** numbers stored as text (a TEXT column holding epoch values): bounds must be text too */
  textual?: boolean
  /** digits after the point in that text ('1748775600500.0' → 1: a REAL bound into a TEXT column) */
  fraction?: number
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** Rounds to µs so float seconds do not leave 0.0000002 ms noise. */
const roundMicros = (ms: number) => Math.round(ms * 1000) / 1000

/** Epoch ms from a number, by magnitude: ns, µs, ms, seconds, julian days. */
export function numberToMillis(n: number): number | null {
  if (!Number.isFinite(n)) return null
  const a = Math.abs(n)
  if (a >= 1e17) return roundMicros(n / 1e6)
  if (a >= 1e14) return roundMicros(n / 1e3)
  if (a >= 1e11) return n
  if (a >= 2_000_000 && a < 3_000_000 && !Number.isInteger(n))
    return roundMicros((n - 2440587.5) * 86_400_000)
  return roundMicros(n * 1000)
}

export function formatOfNumber(n: number): TimeFormat {
  const a = Math.abs(n)
  if (a >= 1e17) return 'nanos'
  if (a >= 1e14) return 'micros'
  if (a >= 1e11) return 'ms'
  if (a >= 2_000_000 && a < 3_000_000 && !Number.isInteger(n)) return 'julian'
  return 'seconds'
}

export function parseIso(s: string): number | null {
  const m = ISO_RE.exec(s.trim())
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone = ''] = m
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +sec > 60) return null
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec)
  if (frac) ms += Number(`0.${frac}`) * 1000
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')
    ms -= sign * offMin * 60_000
  }
  return Number.isFinite(ms) ? roundMicros(ms) : null
}

/** Epoch ms from whatever a time column holds; null when it is not a time. */
export function toMillis(v: unknown): number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return numberToMillis(v)
  if (typeof v === 'bigint') return numberToMillis(Number(v))
  if (typeof v === 'string') {
    const t = v.trim()
    if (t === '') return null
    if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(t)) return numberToMillis(Number(t))
    return parseIso(t)
  }
  return null
}

export function isoStyleOf(s: string): IsoStyle {
  const m = ISO_RE.exec(s.trim())
  const zone = m?.[8] ?? ''
  return {
    sep: s.includes('T') ? 'T' : ' ',
    fraction: m?.[7]?.length ?? 0,
    zone: zone === '' ? '' : zone.toUpperCase() === 'Z' ? 'Z' : '+00:00',
    dateOnly: m ? m[4] === undefined : false,
  }
}

export function detectTimeFormat(sample: unknown): TimeColumn {
  if (typeof sample === 'number') return { format: formatOfNumber(sample) }
  if (typeof sample === 'string') {
    const t = sample.trim()
    if (/^-?\d+(\.\d+)?$/.test(t))
      return {
        format: formatOfNumber(Number(t)),
        textual: true,
        fraction: (t.split('.')[1] ?? '').length,
      }
    if (ISO_RE.test(t)) return { format: 'iso', iso: isoStyleOf(t) }
  }
  return { format: 'none' }
}

/**
 * A ms bound in the column's own representation, so range filters can use the file's index.
 * Epoch numbers kept as text compare as text (aggregates drop column affinity), so they get a
 * text bound of the same shape.
 */
export function boundFor(ms: number, col: TimeColumn): number | string {
  if (col.textual && col.format !== 'iso') {
    // same integer digits and the same decimals as the stored text: text order is then number order
    const n = boundFor(ms, { ...col, textual: false }) as number
    return n.toFixed(Math.min(col.fraction ?? 0, 20))
  }
  switch (col.format) {
    case 'ms':
    case 'none':
      return ms
    case 'seconds':
      return ms / 1000
    case 'micros':
      return ms * 1000
    case 'nanos':
      return ms * 1e6
    case 'julian':
      return ms / 86_400_000 + 2440587.5
    case 'iso': {
      const style = col.iso ?? { sep: 'T', fraction: 3, zone: 'Z', dateOnly: false }
      const full = new Date(Math.floor(ms)).toISOString() // 2025-06-01T10:00:00.123Z
      if (style.dateOnly) return full.slice(0, 10)
      let out = full.slice(0, 19).replace('T', style.sep)
      if (style.fraction > 0)
        out += '.' + (full.slice(20, 23) + '000000000').slice(0, style.fraction)
      return out + style.zone
    }
  }
}

/**
 * SQL that turns a column in the given format into epoch ms, for ordering rows of several tables
 * together (julianday() is a deterministic built-in, allowed with trusted_schema=OFF). Rounded as
 * toMillis rounds: a day fraction carries ~40 µs of error, so 10:00:00.000 came back as
 * 09:59:59.99998 and was shown as 09:59:59.999. SQLite parses ISO text to whole milliseconds.
 */
export function sqlMillis(expr: string, col: TimeColumn): string {
  switch (col.format) {
    case 'ms':
    case 'none':
      return `(${expr})`
    case 'seconds':
      return `round(${expr} * 1000.0, 3)`
    case 'micros':
      return `round(${expr} / 1000.0, 3)`
    case 'nanos':
      return `round(${expr} / 1000000.0, 3)`
    case 'julian':
      return `round((${expr} - 2440587.5) * 86400000.0)`
    case 'iso':
      return `round((julianday(${expr}) - 2440587.5) * 86400000.0)`
  }
}
