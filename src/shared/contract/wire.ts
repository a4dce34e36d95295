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

function replacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const kind = value.constructor.name as Kind
    if (kind in KINDS) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      return { [TAG]: kind, b64: toBase64(bytes) }
    }
  }
  return value
}

function typedFrom(value: object): unknown {
  const v = value as { [TAG]: Kind; b64: string }
  const Ctor = KINDS[v[TAG]]
  return Ctor ? new Ctor(fromBase64(v.b64)) : value
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
