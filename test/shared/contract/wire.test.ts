// The browser transport's JSON codec: typed arrays kept exact.
import { describe, expect, it } from 'vitest'
import {
  decodeWire,
  decodeWireFrame,
  encodeWire,
  encodeWireFrame,
  encodeWireValue,
} from '../../../src/shared/contract/wire'
import { deserialize, serialize } from 'node:v8'

describe('wire codec', () => {
  it('keeps typed arrays exact through JSON, NaN and -0 included', () => {
    const value = {
      f: new Float64Array([1.5, NaN, -0, 1e300]),
      u8: new Uint8Array([0, 255]),
      i32: new Int32Array([-1, 2 ** 31 - 1]),
      nested: [{ deep: new Uint32Array([7]) }, 'text', null],
    }
    const out = decodeWire(encodeWire({ t: 'result', id: 3, envelope: { ok: true, value } }))
    expect(out.t).toBe('result')
    const v = (out as { envelope: { value: typeof value } }).envelope.value
    expect(v.f).toBeInstanceOf(Float64Array)
    expect(Array.from(v.f)).toEqual([1.5, NaN, -0, 1e300])
    expect(Object.is(v.f[2], -0)).toBe(true)
    expect(v.u8).toEqual(new Uint8Array([0, 255]))
    expect(v.i32).toEqual(new Int32Array([-1, 2 ** 31 - 1]))
    expect((v.nested[0] as { deep: Uint32Array }).deep).toEqual(new Uint32Array([7]))
  })

  it('sends integer arrays of small values narrower and gives them back as they were', () => {
    const value = {
      small: new Uint32Array([0, 7, 255]),
      mid: new Uint32Array([0, 65535]),
      wide: new Uint32Array([0, 2 ** 32 - 1]),
      signed: new Int32Array([-1, 0, 127]),
      signed16: new Int32Array([-32768, 300]),
      u16: new Uint16Array([1, 200]),
      empty: new Int32Array(0),
      view: new Uint32Array([9, 1, 2, 3]).subarray(1, 3),
    }
    const text = encodeWire({ t: 'result', id: 1, envelope: { ok: true, value } })
    const v = (decodeWire(text) as { envelope: { value: typeof value } }).envelope.value
    for (const [k, a] of Object.entries(value)) {
      const back = v[k as keyof typeof value]
      expect(back.constructor).toBe(a.constructor)
      expect(Array.from(back)).toEqual(Array.from(a))
    }
    // a page's dictionary indexes: 200,000 small values cost a quarter of their 32-bit bytes
    const indexes = new Uint32Array(200_000).map((_, i) => i % 23)
    const wire = encodeWire({ t: 'result', id: 2, envelope: { ok: true, value: indexes } })
    expect(wire.length).toBeLessThan((200_000 * 4 * 4) / 3 / 3)
  })

  it('sends a message with typed arrays as one binary frame, and one without as text', () => {
    const value = {
      f: new Float64Array([1.5, NaN, -0, 1e300]),
      small: new Uint32Array([0, 7, 255]),
      odd: new Uint8Array([1, 2, 3]),
      view: new Int32Array([9, -1, 2, 3]).subarray(1, 3),
      nested: [{ deep: new Uint16Array([65535]) }, 'tëxt ✓', null],
      empty: new Float32Array(0),
    }
    const frame = encodeWireFrame({ t: 'result', id: 4, envelope: { ok: true, value } })
    expect(frame).toBeInstanceOf(Uint8Array)
    // as it arrives from a socket: an ArrayBuffer in the page, a Buffer in Node (which may sit
    // at any offset of a bigger pool)
    const copy = new Uint8Array(8 + (frame as Uint8Array).length)
    copy.set(frame as Uint8Array, 8)
    const pooled = Buffer.concat([Buffer.from([1, 2, 3]), frame as Uint8Array]).subarray(3)
    for (const data of [(frame as Uint8Array).slice().buffer, copy.subarray(8), pooled]) {
      const out = decodeWireFrame(data) as { id: number; envelope: { value: typeof value } }
      expect(out.id).toBe(4)
      const v = out.envelope.value
      for (const k of ['f', 'small', 'odd', 'view', 'empty'] as const) {
        expect(v[k].constructor).toBe(value[k].constructor)
        expect(Array.from(v[k])).toEqual(Array.from(value[k]))
      }
      expect(Object.is(v.f[2], -0)).toBe(true)
      expect(v.nested).toEqual([{ deep: new Uint16Array([65535]) }, 'tëxt ✓', null])
    }
    const plain = encodeWireFrame({ t: 'event', channel: 'live.sessions', payload: { a: 1 } })
    expect(typeof plain).toBe('string')
    expect(decodeWireFrame(plain as string)).toEqual({
      t: 'event',
      channel: 'live.sessions',
      payload: { a: 1 },
    })
  })

  it('puts a value encoded elsewhere into a frame as it is, read back as the value itself', () => {
    const value = {
      ids: 'a1b22c333',
      end: new Uint32Array([2, 5, 9]),
      start: new Float64Array([1.25, NaN, 3]),
      odd: new Uint8Array([1, 2, 3]),
      names: ['x', 'tëxt ✓'],
    }
    // as a store worker hands it over: through a process's IPC (V8 serialisation)
    const encoded = deserialize(serialize(encodeWireValue(value))) as ReturnType<
      typeof encodeWireValue
    >
    const frame = encodeWireFrame({ t: 'result', id: 7, envelope: { ok: true, value: encoded } })
    const direct = encodeWireFrame({ t: 'result', id: 7, envelope: { ok: true, value } })
    expect(frame).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(frame as Uint8Array).equals(Buffer.from(direct as Uint8Array))).toBe(true)
    const out = decodeWireFrame(frame) as { id: number; envelope: { value: typeof value } }
    expect(out.id).toBe(7)
    expect(out.envelope.value.end).toEqual(new Uint32Array([2, 5, 9]))
    expect(Array.from(out.envelope.value.start)).toEqual([1.25, NaN, 3])
    expect(out.envelope.value.names).toEqual(['x', 'tëxt ✓'])
    // typed arrays after it are numbered behind its parts; before it, the message is refused
    const after = decodeWireFrame(
      encodeWireFrame({
        t: 'event',
        channel: 'live.sessions',
        payload: { page: encoded, more: new Int32Array([-4]) },
      }),
    ) as { payload: { page: typeof value; more: Int32Array } }
    expect(after.payload.more).toEqual(new Int32Array([-4]))
    expect(after.payload.page.odd).toEqual(new Uint8Array([1, 2, 3]))
    expect(() =>
      encodeWireFrame({
        t: 'event',
        channel: 'live.sessions',
        payload: { more: new Int32Array([-4]), page: encoded },
      }),
    ).toThrow(/first binary/)
  })

  it('refuses a binary frame that is cut short or whose parts do not fit', () => {
    const frame = encodeWireFrame({
      t: 'result',
      id: 1,
      envelope: { ok: true, value: new Float64Array(4) },
    }) as Uint8Array
    expect(() => decodeWireFrame(frame.subarray(0, 2))).toThrow(/shorter than its header/)
    expect(() => decodeWireFrame(frame.subarray(0, 10))).toThrow(/cut short/)
    expect(() => decodeWireFrame(frame.subarray(0, frame.length - 8))).toThrow(/do not fit/)
    const noParts = new TextEncoder().encode('{"m":{"t":"event"}}')
    const bad = new Uint8Array(4 + noParts.length)
    new DataView(bad.buffer).setUint32(0, noParts.length, true)
    bad.set(noParts, 4)
    expect(() => decodeWireFrame(bad)).toThrow(/without its parts/)
    // a part number in a text message is no typed array
    const text = decodeWire(
      '{"t":"event","channel":"x","payload":{"__typed":"Uint8Array","part":0}}',
    )
    expect((text as { payload: unknown }).payload).toEqual({ __typed: 'Uint8Array', part: 0 })
  })

  it('leaves a tag naming no typed array as the object it is', () => {
    const msg = decodeWire(
      '{"t":"invoke","id":1,"channel":"x","input":{"a":{"__typed":"constructor","b64":""},"b":{"__typed":"Uint8Array","as":"__proto__","b64":""}}}',
    )
    const input = (msg as { input: Record<string, unknown> }).input
    expect(input.a).toEqual({ __typed: 'constructor', b64: '' })
    expect(input.b).toEqual({ __typed: 'Uint8Array', as: '__proto__', b64: '' })
  })

  it('a "__proto__" key in a message cannot change an object prototype', () => {
    const msg = decodeWire(
      '{"t":"invoke","id":1,"channel":"x","input":{"__proto__":{"polluted":true}}}',
    )
    const input = (msg as { input: Record<string, unknown> }).input
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
