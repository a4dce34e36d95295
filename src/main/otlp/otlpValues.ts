// Pure conversions of OTLP field values. Each accepts both encodings: OTLP JSON (hex or base64
// id strings, nanoseconds as decimal strings or numbers, bytes as base64) and what protobufjs
// decodes (Buffers, Long objects, own properties set only for fields present on the wire).
import type { Attributes } from '../../shared/domain'

/** A value that is wrong for its field: the message names the field and what came instead. */
export class OtlpValueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OtlpValueError'
  }
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)
const HEX = /^[0-9a-fA-F]*$/
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/
const ZERO_IDS: Record<number, string> = { 8: '0'.repeat(16), 16: '0'.repeat(32) }

export function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (v instanceof Uint8Array) return `${v.length} bytes`
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)
  if (typeof v === 'object') return 'an object'
  return `${typeof v} ${String(v)}`
}

/**
 * An OTLP id as lower-case hex. `bytes` is 16 for trace ids, 8 for span ids. Empty/absent gives
 * null (callers decide whether that is allowed); an all-zero id is invalid per the spec.
 */
export function otlpId(v: unknown, bytes: number, field: string): string | null {
  // protobufjs leaves an unset bytes field as its prototype default, an empty array
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return null
  let hex: string
  if (v instanceof Uint8Array) {
    // protobufjs hands out Buffers in Node; other Uint8Arrays get a view
    return idFromBytes(
      Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.length),
      0,
      v.length,
      bytes,
      field,
    )
  } else if (typeof v === 'string') {
    if (v.length === 0) return null
    if (v.length === bytes * 2 && HEX.test(v)) hex = v.toLowerCase()
    else if (v.length === Math.ceil(bytes / 3) * 4 && BASE64.test(v)) {
      // some SDKs send the protobuf JSON mapping's base64 instead of OTLP's hex
      const buf = Buffer.from(v, 'base64')
      if (buf.length !== bytes)
        throw new OtlpValueError(`${field} ${describe(v)} is not ${bytes} bytes of base64`)
      hex = buf.toString('hex')
    } else {
      throw new OtlpValueError(
        `${field} must be ${bytes * 2} hex characters (or base64), got ${describe(v)}`,
      )
    }
  } else {
    throw new OtlpValueError(`${field} must be a hex string, got ${describe(v)}`)
  }
  if (hex === ZERO_IDS[bytes]) throw new OtlpValueError(`${field} must not be all zeros`)
  return hex
}

/** An id held in `buf` at [start, start + length), as otlpId checks it (length 0 gives null). */
export function idFromBytes(
  buf: Buffer,
  start: number,
  length: number,
  bytes: number,
  field: string,
): string | null {
  if (length === 0) return null
  if (length !== bytes) throw new OtlpValueError(`${field} must be ${bytes} bytes, got ${length}`)
  const hex = (buf as Buffer & { hexSlice(s: number, e: number): string }).hexSlice(
    start,
    start + length,
  )
  if (hex === ZERO_IDS[bytes]) throw new OtlpValueError(`${field} must not be all zeros`)
  return hex
}

/** Unsigned 64-bit nanoseconds given as two 32-bit halves → epoch ms (0 gives null). */
export function nanosFromParts(low: number, high: number): number | null {
  // nanoseconds exceed 2^53, so split high·2^32 = high·4294967·1000 + high·296 and count whole
  // microseconds exactly (no BigInt: this runs for every span of every protobuf request)
  const h = high >>> 0
  const ms = (h * 4294967 + Math.floor((h * 296 + (low >>> 0)) / 1000)) / 1000
  return ms === 0 ? null : ms
}

interface LongLike {
  low: number
  high: number
  unsigned?: boolean
}

function isLong(v: unknown): v is LongLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as LongLike).low === 'number' &&
    typeof (v as LongLike).high === 'number'
  )
}

/**
 * Nanoseconds since the epoch → epoch milliseconds (fraction keeps µs precision).
 * Absent or zero gives null. NaN, negative, non-integer strings throw.
 */
export function nanosToMillis(v: unknown, field: string): number | null {
  if (v === undefined || v === null) return null
  let ms: number
  if (typeof v === 'string') {
    if (!/^\d{1,20}$/.test(v))
      throw new OtlpValueError(
        `${field} must be a decimal integer of nanoseconds, got ${describe(v)}`,
      )
    // split so the millisecond part is exact even past 2^53 nanoseconds
    ms = v.length > 6 ? Number(v.slice(0, -6)) + Number(v.slice(-6)) / 1e6 : Number(v) / 1e6
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0)
      throw new OtlpValueError(
        `${field} must be a non-negative number of nanoseconds, got ${describe(v)}`,
      )
    ms = v / 1e6
  } else if (typeof v === 'bigint') {
    if (v < 0n) throw new OtlpValueError(`${field} must not be negative`)
    ms = Number(v / 1000n) / 1000
  } else if (isLong(v)) {
    // fixed64 decodes unsigned; a signed Long with the top bit set came from a negative int64
    if (!v.unsigned && v.high < 0) throw new OtlpValueError(`${field} must not be negative`)
    return nanosFromParts(v.low, v.high)
  } else {
    throw new OtlpValueError(
      `${field} must be nanoseconds as a string or number, got ${describe(v)}`,
    )
  }
  return ms === 0 ? null : ms
}

/** An int64 AnyValue: a number when exact, else its decimal string. */
function intValue(v: unknown, field: string): number | string {
  if (typeof v === 'number') {
    if (!Number.isInteger(v))
      throw new OtlpValueError(`${field}.intValue must be an integer, got ${describe(v)}`)
    return v
  }
  if (typeof v === 'string') {
    if (!/^-?\d{1,20}$/.test(v))
      throw new OtlpValueError(`${field}.intValue must be a decimal integer, got ${describe(v)}`)
    const n = Number(v)
    return Number.isSafeInteger(n) ? n : v
  }
  if (isLong(v)) return int64FromParts(v.low, v.high, !!v.unsigned)
  throw new OtlpValueError(`${field}.intValue must be an integer, got ${describe(v)}`)
}

/** A 64-bit integer given as two 32-bit halves → a number when exact, else its decimal string. */
export function int64FromParts(low: number, high: number, unsigned: boolean): number | string {
  // the common case, |value| < 2^53, without BigInt
  if (unsigned ? high >>> 0 < 0x200000 : high >= -0x200000 && high < 0x200000) {
    return (unsigned ? high >>> 0 : high) * 4294967296 + (low >>> 0)
  }
  const big = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)
  const signed = unsigned ? big : BigInt.asIntN(64, big)
  const n = Number(signed)
  return Number.isSafeInteger(n) ? n : signed.toString()
}

/** An OTLP AnyValue → plain JSON value. Bytes become base64 strings; an empty AnyValue is null. */
export function anyValue(v: unknown, field: string, depth = 0): unknown {
  if (v === undefined || v === null) return null
  if (typeof v !== 'object' || Array.isArray(v))
    throw new OtlpValueError(`${field} must be an AnyValue object, got ${describe(v)}`)
  if (depth > 32) throw new OtlpValueError(`${field} nests deeper than 32 levels`)
  const o = v as Record<string, unknown>
  if (hasOwn(o, 'stringValue')) {
    if (typeof o.stringValue !== 'string')
      throw new OtlpValueError(
        `${field}.stringValue must be a string, got ${describe(o.stringValue)}`,
      )
    return o.stringValue
  }
  if (hasOwn(o, 'boolValue')) {
    if (typeof o.boolValue !== 'boolean')
      throw new OtlpValueError(`${field}.boolValue must be a boolean, got ${describe(o.boolValue)}`)
    return o.boolValue
  }
  if (hasOwn(o, 'intValue')) return intValue(o.intValue, field)
  if (hasOwn(o, 'doubleValue')) {
    const d = o.doubleValue
    if (typeof d === 'number') return d
    // the protobuf JSON mapping spells non-finite doubles as strings
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') return d
    if (typeof d === 'string' && d.trim() !== '' && Number.isFinite(Number(d))) return Number(d)
    throw new OtlpValueError(`${field}.doubleValue must be a number, got ${describe(d)}`)
  }
  if (hasOwn(o, 'arrayValue')) {
    const values = listValues(o.arrayValue, `${field}.arrayValue`)
    return values.map((x, i) => anyValue(x, `${field}.arrayValue.values[${i}]`, depth + 1))
  }
  if (hasOwn(o, 'kvlistValue')) {
    return keyValues(
      listValues(o.kvlistValue, `${field}.kvlistValue`),
      `${field}.kvlistValue`,
      depth + 1,
    )
  }
  if (hasOwn(o, 'bytesValue')) {
    const b = o.bytesValue
    if (b instanceof Uint8Array)
      return Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64')
    if (typeof b === 'string' && BASE64.test(b)) return b
    throw new OtlpValueError(`${field}.bytesValue must be base64, got ${describe(b)}`)
  }
  return null
}

function listValues(v: unknown, field: string): unknown[] {
  if (v === undefined || v === null) return []
  if (typeof v !== 'object' || Array.isArray(v))
    throw new OtlpValueError(`${field} must be an object with "values", got ${describe(v)}`)
  const values = (v as { values?: unknown }).values
  if (values === undefined || values === null) return []
  if (!Array.isArray(values))
    throw new OtlpValueError(`${field}.values must be an array, got ${describe(values)}`)
  return values
}

/** A repeated KeyValue → an attributes object (last key wins, as OTLP leaves duplicates undefined). */
export function keyValues(
  list: unknown,
  field: string,
  depth = 0,
  into: Attributes = {},
  prefix = '',
): Attributes {
  if (list === undefined || list === null) return into
  if (!Array.isArray(list))
    throw new OtlpValueError(`${field} must be an array of {key, value}, got ${describe(list)}`)
  for (let i = 0; i < list.length; i++) {
    const kv = list[i] as { key?: unknown; value?: unknown } | null
    if (typeof kv !== 'object' || kv === null)
      throw new OtlpValueError(`${field}[${i}] must be {key, value}, got ${describe(kv)}`)
    if (typeof kv.key !== 'string')
      throw new OtlpValueError(`${field}[${i}].key must be a string, got ${describe(kv.key)}`)
    into[prefix + kv.key] = anyValue(kv.value, `${field}[${i}].value`, depth)
  }
  return into
}

/** An optional string field ('' when absent, as protobuf has it). */
export function str(v: unknown, field: string): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string')
    throw new OtlpValueError(`${field} must be a string, got ${describe(v)}`)
  return v
}

/** An optional enum/int32 field; JSON may spell enums by name, mapped through `names`. */
export function enumInt(v: unknown, field: string, names?: Record<string, number>): number {
  if (v === undefined || v === null) return 0
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'string' && names && v in names) return names[v]
  throw new OtlpValueError(`${field} must be an integer enum value, got ${describe(v)}`)
}

export function asArray(v: unknown, field: string): unknown[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw new OtlpValueError(`${field} must be an array, got ${describe(v)}`)
  return v
}

export function asObject(v: unknown, field: string): Record<string, unknown> {
  if (v === undefined || v === null) return {}
  if (typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array)
    throw new OtlpValueError(`${field} must be an object, got ${describe(v)}`)
  return v as Record<string, unknown>
}
