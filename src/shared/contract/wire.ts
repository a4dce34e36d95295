// JSON for the browser transport, with typed arrays kept binary (base64) so a columnar span
// page survives the trip exactly (NaN included) and cheaply. Electron IPC and worker
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

function fromBase64(b64: string): ArrayBuffer {
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

function replacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const kind = value.constructor.name as Kind
    if (kind in KINDS) {
      const as = narrowest(kind, value as unknown as ArrayLike<number>)
      if (as !== kind) {
        const narrow = new KINDS[as](value as unknown as ArrayLike<number>)
        return { [TAG]: kind, as, b64: toBase64(new Uint8Array(narrow.buffer)) }
      }
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      return { [TAG]: kind, b64: toBase64(bytes) }
    }
  }
  return value
}

function typedFrom(value: object): unknown {
  const v = value as { [TAG]: Kind; as?: Kind; b64: string }
  // own keys only: a message naming "constructor" or "__proto__" is not a typed array
  const Ctor = Object.hasOwn(KINDS, v[TAG]) ? KINDS[v[TAG]] : undefined
  if (!Ctor) return value
  if (v.as === undefined) return new Ctor(fromBase64(v.b64))
  const Narrow = Object.hasOwn(KINDS, v.as) ? KINDS[v.as] : undefined
  // widened back to the kind it was sent as: the receiver sees the same array
  return Narrow ? new Ctor(new Narrow(fromBase64(v.b64))) : value
}

/**
 * Revives tagged typed arrays in place after a plain JSON.parse: a reviver callback would run
 * for every value (20,000 span ids make that 20× slower than the parse itself).
 */
function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i]
      if (v !== null && typeof v === 'object') value[i] = revive(v)
    }
    return value
  }
  if (TAG in value) return typedFrom(value)
  const obj = value as Record<string, unknown>
  for (const k in obj) {
    // assigning to "__proto__" would swap the object's prototype instead of setting a key
    if (k === '__proto__') continue
    const v = obj[k]
    if (v !== null && typeof v === 'object') obj[k] = revive(v)
  }
  return obj
}

export function encodeWire(message: WireMessage): string {
  return JSON.stringify(message, replacer)
}

export function decodeWire(text: string): WireMessage {
  return revive(JSON.parse(text)) as WireMessage
}

/** Messages of the browser transport (one WebSocket per page). */
export type WireMessage =
  | { t: 'invoke'; id: number; channel: string; input: unknown }
  | { t: 'result'; id: number; envelope: Envelope<unknown> }
  | { t: 'event'; channel: EventChannel; payload: unknown }
