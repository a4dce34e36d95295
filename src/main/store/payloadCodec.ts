// How payloads and ids sit on disk. Payloads (attributes, event data, message bodies) are JSON
// text, gzip-compressed into a BLOB once they pass the threshold: the column's storage class says
// which, so no marker byte is needed. Hex ids become BLOBs of half the size; anything else stays text.
import { gunzipSync, gzipSync } from 'node:zlib'

export type StoredPayload = string | Buffer | null

// gzip level 1 with a 4 KiB window, small memLevel and output chunk: payloads are a few KB, and
// measured on prompt-like text this costs ~55% of the CPU of the defaults (level 6, 32 KiB) for a
// ratio of 2.11× instead of 2.21×
export const GZIP_OPTIONS = { level: 1, windowBits: 12, memLevel: 6, chunkSize: 4096 }

/** A payload to be stored gzip-compressed (by gzipOffload's worker); its JSON text until then. */
export class LaterGzip {
  compressed: Buffer | null = null
  constructor(readonly json: string) {}

  /** The stored form: the worker's output, or compressed here and now. */
  bytes(): Buffer {
    return (this.compressed ??= gzipSync(this.json, GZIP_OPTIONS))
  }
}

/** A payload as the writer queue holds it. */
export type QueuedPayload = StoredPayload | LaterGzip

/** What the writer binds for a queued payload. */
export function storedForm(p: QueuedPayload): StoredPayload {
  return p instanceof LaterGzip ? p.bytes() : p
}

export interface EncodedPayload {
  stored: QueuedPayload
  /** size of the JSON text (UTF-8 bytes when compressed, else UTF-16 length: the caller counts) */
  jsonLength: number
}

/**
 * JSON-encode, compressing above `compressAbove` bytes. Empty objects and undefined store NULL.
 * With `later`, a payload to compress is returned as a LaterGzip and added to that list.
 */
export function encodePayloadSized(
  value: unknown,
  compressAbove: number,
  later?: LaterGzip[],
): EncodedPayload {
  if (value === undefined || value === null) return { stored: null, jsonLength: 0 }
  if (typeof value === 'object' && !Array.isArray(value) && isEmptyObject(value)) {
    return { stored: null, jsonLength: 2 }
  }
  const json = JSON.stringify(value)
  if (json === undefined) return { stored: null, jsonLength: 0 }
  // .length counts UTF-16 units; a byte count is only needed when it could cross the threshold
  if (
    json.length > compressAbove ||
    (json.length * 3 > compressAbove && Buffer.byteLength(json) > compressAbove)
  ) {
    const jsonLength = Buffer.byteLength(json)
    if (!later) return { stored: gzipSync(json, GZIP_OPTIONS), jsonLength }
    const deferred = new LaterGzip(json)
    later.push(deferred)
    return { stored: deferred, jsonLength }
  }
  return { stored: json, jsonLength: json.length }
}

export function encodePayload(value: unknown, compressAbove: number): StoredPayload {
  return storedForm(encodePayloadSized(value, compressAbove).stored)
}

/**
 * Most a stored payload may inflate to when read. Records are written at most maxRecordBytes
 * (1 MiB by default) of JSON; a file made elsewhere may hold a gzip bomb (291 KB that inflates
 * to ~1 GB): it is read back as a marker instead of filling memory.
 */
export const MAX_DECODED_PAYLOAD_BYTES = 32 * 1024 * 1024

/** The attribute that replaces a payload too big (or too damaged) to decode. */
export const UNDECODED_PAYLOAD = 'tracescope.undecoded'

function undecoded<T>(fallback: T, why: string): T {
  const isPlainObject =
    fallback !== null && typeof fallback === 'object' && !Array.isArray(fallback)
  return isPlainObject ? ({ [UNDECODED_PAYLOAD]: why } as T) : fallback
}

/** The inverse of encodePayload; NULL reads back as `fallback`. */
export function decodePayload<T>(
  stored: unknown,
  fallback: T,
  maxBytes = MAX_DECODED_PAYLOAD_BYTES,
): T {
  if (stored === null || stored === undefined) return fallback
  if (typeof stored === 'string') return JSON.parse(stored) as T
  if (Buffer.isBuffer(stored) || stored instanceof Uint8Array) {
    let text: string
    try {
      text = gunzipSync(stored, { maxOutputLength: maxBytes }).toString('utf8')
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        return undecoded(fallback, `gzip payload larger than ${maxBytes} bytes when decompressed`)
      throw err
    }
    return JSON.parse(text) as T
  }
  return fallback
}

function isEmptyObject(value: object): boolean {
  for (const _ in value) return false
  return true
}

/** value of a lower-case hex digit's char code, -1 for anything else (upper case stays text) */
const HEX_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i

/**
 * Lower-case even-length hex ids are stored as bytes; every other id as its own text. One pass
 * that checks and converts: a regex test plus Buffer.from(id, 'hex') was ~25% of a span's
 * validation CPU.
 */
export function encodeId(id: string): string | Buffer {
  const n = id.length
  if (n === 0 || n > 128 || (n & 1) === 1) return id
  const bytes = Buffer.allocUnsafe(n >> 1)
  for (let i = 0; i < n; i += 2) {
    const hi = id.charCodeAt(i)
    const lo = id.charCodeAt(i + 1)
    const h = hi < 128 ? HEX_VALUE[hi] : -1
    const l = lo < 128 ? HEX_VALUE[lo] : -1
    if (h < 0 || l < 0) return id
    bytes[i >> 1] = (h << 4) | l
  }
  return bytes
}

/**
 * Consecutive spans usually share their trace id: the last conversion is reused (an encoded id
 * is never mutated, so sharing the Buffer is safe). One per store, never process-wide.
 */
export class TraceIdEncoder {
  private lastHex = ''
  private lastId: string | Buffer = ''

  encode(id: string | null): string | Buffer | null {
    if (id === null || id === '') return null
    if (id !== this.lastHex) {
      this.lastId = encodeId(id)
      this.lastHex = id
    }
    return this.lastId
  }
}

export function encodeOptionalId(id: string | null | undefined): string | Buffer | null {
  return id === null || id === undefined || id === '' ? null : encodeId(id)
}

export function decodeId(stored: unknown): string {
  if (typeof stored === 'string') return stored
  if (Buffer.isBuffer(stored)) return stored.toString('hex')
  if (stored instanceof Uint8Array) return Buffer.from(stored).toString('hex')
  return String(stored)
}

export function decodeOptionalId(stored: unknown): string | null {
  return stored === null || stored === undefined ? null : decodeId(stored)
}
