// Plain values ↔ OTLP JSON AnyValue / KeyValue, and epoch ms ↔ decimal-string nanoseconds.

import type { Attributes, Millis } from '../../shared/domain'

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }

export interface KeyValue {
  key: string
  value: AnyValue
}

export function anyValue(v: unknown): AnyValue | null {
  switch (typeof v) {
    case 'string':
      return { stringValue: v }
    case 'boolean':
      return { boolValue: v }
    case 'number':
      if (!Number.isFinite(v)) return { stringValue: String(v) }
      return Number.isSafeInteger(v) ? { intValue: String(v) } : { doubleValue: v }
    case 'bigint':
      return { intValue: v.toString() }
    case 'object': {
      if (v === null) return null
      if (Array.isArray(v))
        return { arrayValue: { values: v.map((x) => anyValue(x) ?? { stringValue: '' }) } }
      return { kvlistValue: { values: keyValues(v as Attributes) } }
    }
    default:
      return null
  }
}

/** Attributes as OTLP KeyValues; null/undefined values are left out (OTLP has no null). */
export function keyValues(attrs: Attributes | null | undefined): KeyValue[] {
  const out: KeyValue[] = []
  if (!attrs) return out
  for (const [key, v] of Object.entries(attrs)) {
    const value = anyValue(v)
    if (value) out.push({ key, value })
  }
  return out
}

/**
 * Epoch ms (fractional) → decimal nanoseconds, rounded to the microsecond: a double holds ms
 * since 1970 to about 0.2 µs, so finer digits would be noise and would break round trips.
 */
export function msToNanos(ms: Millis): string {
  const whole = Math.floor(ms)
  const micros = Math.round((ms - whole) * 1000)
  return (BigInt(whole) * 1_000_000n + BigInt(micros) * 1000n).toString()
}

/** Decimal nanoseconds → epoch ms, keeping microseconds. */
export function nanosToMs(nanos: string | number | bigint): Millis {
  const n = BigInt(typeof nanos === 'number' ? Math.round(nanos) : nanos)
  const wholeMs = n / 1_000_000n
  const micros = (n % 1_000_000n) / 1000n
  return Number(wholeMs) + Number(micros) / 1000
}
