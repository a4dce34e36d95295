// Payload columns of foreign files: JSON text, JSON in a BLOB, gzip-compressed JSON in a BLOB
// (Claude-Flow compresses above 1000 bytes), or plain text. Decoding is bounded: a payload that
// inflates past `maxBytes` is replaced by a marker instead of filling memory.
import { gunzipSync } from 'node:zlib'
import { UNDECODED_PAYLOAD } from '../store/payloadCodec'

export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024

export const UNDECODED = UNDECODED_PAYLOAD

/** Strings longer than this inside a payload are cut (pages of spans travel over IPC). */
export const MAX_STRING_CHARS = 256 * 1024

/** Cuts long strings anywhere in a decoded payload; depth and node count are bounded too. */
export function capStrings(v: unknown, max = MAX_STRING_CHARS): unknown {
  let budget = 20_000
  const walk = (x: unknown, depth: number): unknown => {
    if (--budget < 0) return '… (payload too large to show)'
    if (typeof x === 'string')
      return x.length > max ? `${x.slice(0, max)}… (truncated, ${x.length} characters)` : x
    if (x === null || typeof x !== 'object') return x
    if (depth > 32) return '… (nested too deep)'
    if (Array.isArray(x)) return x.map((e) => walk(e, depth + 1))
    const out: Record<string, unknown> = {}
    for (const [k, e] of Object.entries(x)) out[k] = walk(e, depth + 1)
    return out
  }
  return walk(v, 0)
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b

function parseText(text: string): unknown {
  const t = text.trim()
  if (t === '') return null
  const first = t[0]
  if (
    first === '{' ||
    first === '[' ||
    first === '"' ||
    t === 'true' ||
    t === 'false' ||
    t === 'null' ||
    /^-?\d/.test(t)
  ) {
    try {
      return JSON.parse(t)
    } catch {
      return text
    }
  }
  return text
}

/** Decodes a JSON-ish column value (long strings cut, see capStrings); never throws. */
export function decodeJsonish(v: unknown, maxBytes = MAX_PAYLOAD_BYTES): unknown {
  return capStrings(decodeRaw(v, maxBytes))
}

function decodeRaw(v: unknown, maxBytes: number): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'string')
    return v.length > maxBytes ? { [UNDECODED]: `text of ${v.length} characters` } : parseText(v)
  if (v instanceof Uint8Array) {
    if (isGzip(v)) {
      try {
        return parseText(gunzipSync(v, { maxOutputLength: maxBytes }).toString('utf8'))
      } catch (err) {
        const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        return {
          [UNDECODED]: tooBig
            ? `gzip payload larger than ${maxBytes} bytes`
            : 'damaged gzip payload',
        }
      }
    }
    if (v.length > maxBytes) return { [UNDECODED]: `blob of ${v.length} bytes` }
    return parseText(Buffer.from(v).toString('utf8'))
  }
  return v
}

/** Decodes and always returns an object (non-objects are wrapped as `{ value }`). */
export function decodeObject(v: unknown, maxBytes = MAX_PAYLOAD_BYTES): Record<string, unknown> {
  const d = decodeJsonish(v, maxBytes)
  if (d === null) return {}
  if (typeof d === 'object' && !Array.isArray(d)) return d as Record<string, unknown>
  return { value: d }
}

/**
 * A column value as a plain attribute (what JSON and structured clone both carry): BLOBs are
 * decoded when they hold (gzip) JSON or text, else described; long strings are cut.
 */
export function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof Uint8Array) {
    const d = decodeJsonish(v)
    const printable = typeof d !== 'string' || !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(d)
    return printable ? d : `<blob ${v.length} bytes>`
  }
  return typeof v === 'string' ? capStrings(v) : v
}
