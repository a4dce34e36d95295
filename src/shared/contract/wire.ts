// JSON for the browser transport, with typed arrays kept binary so a columnar span page survives
// the trip exactly (NaN included) and cheaply: in text messages as base64, in the server's
// answers as the bytes themselves in one binary frame (encodeWireFrame). Electron IPC and worker
// postMessage need none of this: structured clone carries typed arrays natively.
import type { Envelope } from './errors'
import type { EventChannel } from './events'

const TAG = '__typed'
const KINDS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const
type Kind = keyof typeof KINDS

interface NodeBufferLike {
  from(
    a: ArrayBufferLike | string,
    offset?: number | string,
    length?: number,
  ): {
    toString(enc: string): string
    buffer: ArrayBufferLike
    byteOffset: number
    byteLength: number
  }
}
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer

function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer)
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  let s = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) {
    s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + chunk)))
  }
  return btoa(s)
}

/** the platform's decoder (Chromium 140+, so Electron 38 and the browsers `serve` meets) */
const nativeFromBase64 = (Uint8Array as { fromBase64?: (s: string) => Uint8Array }).fromBase64

function fromBase64(b64: string): ArrayBuffer {
  // a 1M-span session is ~50 MB of base64: atob and a byte loop were ~0.7 s of its load
  if (nativeFromBase64) return nativeFromBase64(b64).buffer as ArrayBuffer
  if (NodeBuffer) {
    const b = NodeBuffer.from(b64, 'base64')
    // copy into a fresh, aligned ArrayBuffer (Buffer pools are not 8-byte aligned)
    const out = new Uint8Array(b.byteLength)
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
    return out.buffer
  }
  const s = atob(b64)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out.buffer
}

type IntKind = 'Int32Array' | 'Uint32Array' | 'Int16Array' | 'Uint16Array'
/** narrower kinds an integer array may travel as, narrowest first */
const NARROWER: Record<IntKind, ReadonlyArray<[Kind, number, number]>> = {
  Int32Array: [
    ['Int8Array', -128, 127],
    ['Int16Array', -32768, 32767],
  ],
  Uint32Array: [
    ['Uint8Array', 0, 255],
    ['Uint16Array', 0, 65535],
  ],
  Int16Array: [['Int8Array', -128, 127]],
  Uint16Array: [['Uint8Array', 0, 255]],
}

/**
 * The narrowest kind that holds every value of an integer array: a span page's dictionary
 * indexes (names, kinds, agents, traces) are small numbers in 32-bit arrays, and a third of a
 * 1M-span session's bytes on the wire were their zero bytes, base64-encoded.
 */
function narrowest(kind: Kind, a: ArrayLike<number>): Kind {
  const options = NARROWER[kind as IntKind]
  if (!options || a.length === 0) return kind
  let min = a[0]
  let max = a[0]
  for (let i = 1; i < a.length; i++) {
    const v = a[i]
    if (v < min) min = v
    else if (v > max) max = v
  }
  for (const [narrow, lo, hi] of options) if (min >= lo && max <= hi) return narrow
  return kind
}

/** A typed array's bytes as sent (narrowed when it can be), or null for any other value. */
function typedBytes(value: unknown): { kind: Kind; as?: Kind; bytes: Uint8Array } | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null
  const kind = value.constructor.name as Kind
  if (!(kind in KINDS)) return null
  const as = narrowest(kind, value as unknown as ArrayLike<number>)
  if (as !== kind) {
    const narrow = new KINDS[as](value as unknown as ArrayLike<number>)
    return { kind, as, bytes: new Uint8Array(narrow.buffer) }
  }
  return { kind, bytes: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) }
}

function replacer(_key: string, value: unknown): unknown {
  const t = typedBytes(value)
  if (!t) return value
  return t.as
    ? { [TAG]: t.kind, as: t.as, b64: toBase64(t.bytes) }
    : { [TAG]: t.kind, b64: toBase64(t.bytes) }
}

/** the byte parts of a binary frame, in the order its JSON numbers them */
type Parts = readonly ArrayBuffer[] | null

function typedFrom(value: object, parts: Parts): unknown {
  const v = value as { [TAG]: Kind; as?: Kind; b64?: string; part?: number }
  // own keys only: a message naming "constructor" or "__proto__" is not a typed array
  const Ctor = Object.hasOwn(KINDS, v[TAG]) ? KINDS[v[TAG]] : undefined
  if (!Ctor) return value
  let bytes: ArrayBuffer
  if (typeof v.b64 === 'string') bytes = fromBase64(v.b64)
  else if (parts && typeof v.part === 'number' && Object.hasOwn(parts, v.part))
    bytes = parts[v.part]
  else return value
  if (v.as === undefined) return new Ctor(bytes)
  const Narrow = Object.hasOwn(KINDS, v.as) ? KINDS[v.as] : undefined
  // widened back to the kind it was sent as: the receiver sees the same array
  return Narrow ? new Ctor(new Narrow(bytes)) : value
}

/**
 * Revives tagged typed arrays in place after a plain JSON.parse: a reviver callback would run
 * for every value (20,000 span ids make that 20× slower than the parse itself).
 */
function revive(value: unknown, parts: Parts = null): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i]
      if (v !== null && typeof v === 'object') value[i] = revive(v, parts)
    }
    return value
  }
  if (TAG in value) return typedFrom(value, parts)
  const obj = value as Record<string, unknown>
  for (const k in obj) {
    // assigning to "__proto__" would swap the object's prototype instead of setting a key
    if (k === '__proto__') continue
    const v = obj[k]
    if (v !== null && typeof v === 'object') obj[k] = revive(v, parts)
  }
  return obj
}

export function encodeWire(message: WireMessage): string {
  return JSON.stringify(message, replacer)
}

export function decodeWire(text: string): WireMessage {
  return revive(JSON.parse(text)) as WireMessage
}

/** each part of a binary frame starts at a multiple of this: any typed array can view it */
const ALIGN = 8
const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN

/**
 * A value encoded for the browser transport where it was read: the store worker encodes a span
 * page once and the server puts its bytes into its answer as they are. Sent through the worker's
 * IPC as decoded columns, a 1M-span session was deserialised in the server, walked again by
 * encodeWireFrame, narrowed and copied part by part (~0.3 s, a fifth of the server's CPU of the
 * load, bench/bigLoadProfile.ts).
 */
export interface EncodedWireValue {
  /** marks the value (a plain object survives any structured clone or IPC serialisation) */
  __wireEncoded: 1
  /** the value as JSON, its typed arrays as `{"__typed": kind, "part": n}` */
  json: string
  /** byte length of each part */
  partLengths: number[]
  /** the parts, each starting at a multiple of 8 bytes, zero-padded */
  parts: Uint8Array
}

export function isEncodedWireValue(v: unknown): v is EncodedWireValue {
  if (v === null || typeof v !== 'object') return false
  const e = v as Partial<EncodedWireValue>
  return (
    e.__wireEncoded === 1 &&
    typeof e.json === 'string' &&
    Array.isArray(e.partLengths) &&
    e.parts instanceof Uint8Array
  )
}

/** `value` as JSON with its typed arrays numbered in order, and their bytes */
function jsonAndParts(value: unknown): { json: string; parts: Uint8Array[] } {
  const parts: Uint8Array[] = []
  const json = JSON.stringify(value, (_key, v: unknown) => {
    const t = typedBytes(v)
    if (!t) return v
    parts.push(t.bytes)
    const part = parts.length - 1
    return t.as ? { [TAG]: t.kind, as: t.as, part } : { [TAG]: t.kind, part }
  })
  return { json, parts }
}

/** parts laid end to end, each at a multiple of ALIGN from the start */
function packParts(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0
  for (const p of parts) size = align(size + p.byteLength)
  // zero-filled: padding never carries stale memory to the page
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at = align(at + p.byteLength)
  }
  return out
}

/** Encodes `value` as encodeWireFrame would inside a message (see EncodedWireValue). */
export function encodeWireValue(value: unknown): EncodedWireValue {
  const { json, parts } = jsonAndParts(value)
  return {
    __wireEncoded: 1,
    json,
    partLengths: parts.map((p) => p.byteLength),
    parts: packParts(parts),
  }
}

/**
 * A message as the server sends it. Without typed arrays: the text of encodeWire. With them
 * (a span page): one binary frame, `[JSON byte length, u32 LE][{"m": message, "p": part byte
 * lengths} as UTF-8][the parts, each at a multiple of 8 bytes, zero-padded]`, the message's
 * typed arrays replaced by `{"__typed": kind, "part": n}`. A 1M-span session as base64 text was
 * ~60 MB for the page to decode into a string, parse, and decode again byte by byte. A message
 * may hold one EncodedWireValue: its JSON goes in as it is, its parts first.
 */
export function encodeWireFrame(message: WireMessage): string | Uint8Array {
  let encoded: EncodedWireValue | null = null
  const parts: Uint8Array[] = []
  // stands for the encoded value until its JSON replaces it; a result's value is all its
  // message holds after its id, so nothing of the message's own text comes before it
  const mark = '\u0000wire-encoded'
  const found = (v: unknown): unknown => {
    // its parts are numbered from 0: only typed arrays after it can be numbered behind them
    if (encoded || parts.length > 0) throw new Error('An encoded value must be the first binary.')
    encoded = v as EncodedWireValue
    return mark
  }
  let json = JSON.stringify(message, (_key, value: unknown) => {
    if (isEncodedWireValue(value)) return found(value)
    const t = typedBytes(value)
    if (!t) return value
    parts.push(t.bytes)
    const part = (encoded?.partLengths.length ?? 0) + parts.length - 1
    return t.as ? { [TAG]: t.kind, as: t.as, part } : { [TAG]: t.kind, part }
  })
  const pre = encoded as EncodedWireValue | null
  if (pre) {
    const slot = JSON.stringify(mark)
    const at = json.indexOf(slot)
    json = json.slice(0, at) + pre.json + json.slice(at + slot.length)
  }
  if (parts.length === 0 && !pre) return json
  const lengths = [...(pre?.partLengths ?? []), ...parts.map((p) => p.byteLength)]
  const head = new TextEncoder().encode(`{"m":${json},"p":[${lengths.join(',')}]}`)
  const start = align(4 + head.byteLength)
  const own = packParts(parts)
  const frame = new Uint8Array(start + (pre?.parts.byteLength ?? 0) + own.byteLength)
  new DataView(frame.buffer).setUint32(0, head.byteLength, true)
  frame.set(head, 4)
  if (pre) frame.set(pre.parts, start)
  frame.set(own, start + (pre?.parts.byteLength ?? 0))
  return frame
}

/** A message the server sent: text (decodeWire) or a binary frame of encodeWireFrame. */
export function decodeWireFrame(data: string | ArrayBuffer | Uint8Array): WireMessage {
  if (typeof data === 'string') return decodeWire(data)
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data)
  if (bytes.byteLength < 4) throw new Error('A binary message shorter than its header.')
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true)
  if (4 + headLength > bytes.byteLength) throw new Error('A binary message cut short.')
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headLength))) as {
    m?: unknown
    p?: unknown
  }
  if (!Array.isArray(head.p) || head.m === undefined)
    throw new Error('A binary message without its parts.')
  const parts: ArrayBuffer[] = []
  let at = align(4 + headLength)
  for (const n of head.p) {
    if (!Number.isInteger(n) || n < 0 || at + (n as number) > bytes.byteLength)
      throw new Error('A binary message whose parts do not fit it.')
    // copied out: a page's arrays do not keep the whole frame alive (and a Node Buffer's slice
    // would be a view into its pool)
    const part = new Uint8Array(n as number)
    part.set(bytes.subarray(at, at + (n as number)))
    parts.push(part.buffer)
    at = align(at + (n as number))
  }
  return revive(head.m, parts) as WireMessage
}

/** Messages of the browser transport (one WebSocket per page). */
export type WireMessage =
  | { t: 'invoke'; id: number; channel: string; input: unknown }
  | { t: 'result'; id: number; envelope: Envelope<unknown> }
  | { t: 'event'; channel: EventChannel; payload: unknown }
