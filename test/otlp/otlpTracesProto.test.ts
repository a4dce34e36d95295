// The direct protobuf reader against the reference: protobufjs decoding the same bytes into
// messages, then the shared mapping. Same records, same rejections, same 400s. (One known
// difference: protobufjs refuses a whole body nesting more than 100 messages deep, where the
// direct reader rejects only the span whose attribute nests past 32 levels.)
import { describe, expect, it } from 'vitest'
import {
  OtlpRequestError,
  otlpProtoTypes,
  otlpTraceProtoToRecords,
  otlpTracesToRecords,
} from '../../src/main/otlp'
import type { OtlpMapResult } from '../../src/main/otlp'

const types = otlpProtoTypes()
const hex = (s: string): Buffer => Buffer.from(s, 'hex')
const T = 'ab'.repeat(16)
const nanos = (ms: number): string => `${ms}000000`

function encode(req: unknown): Buffer {
  const t = types.traceRequest
  return Buffer.from(t.encode(t.fromObject(req as Record<string, unknown>)).finish())
}

function reference(body: Buffer): OtlpMapResult | string {
  let request: unknown
  try {
    request = types.traceRequest.decode(body)
  } catch {
    return '400'
  }
  try {
    return otlpTracesToRecords(request)
  } catch (e) {
    if (e instanceof OtlpRequestError) return '400'
    throw e
  }
}

function direct(body: Buffer): OtlpMapResult | string {
  try {
    return otlpTraceProtoToRecords(body)
  } catch (e) {
    if (e instanceof OtlpRequestError) return '400'
    throw e
  }
}

const kv = (key: string, value: unknown) => ({ key, value })
const nest = (depth: number): unknown =>
  depth === 0 ? { stringValue: 'leaf' } : { arrayValue: { values: [nest(depth - 1)] } }
const nestKv = (depth: number): unknown =>
  depth === 0 ? { intValue: 1 } : { kvlistValue: { values: [kv(`k${depth}`, nestKv(depth - 1))] } }

function span(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: hex(T),
    spanId: hex((i + 1).toString(16).padStart(16, '0')),
    parentSpanId: i === 0 ? undefined : hex('0000000000000001'),
    name: `span ${i}`,
    kind: i % 6,
    startTimeUnixNano: nanos(1_700_000_000_000 + i),
    endTimeUnixNano: nanos(1_700_000_000_005 + i),
    attributes: [
      kv('gen_ai.agent.name', { stringValue: `agent-${i % 3}` }),
      kv('gen_ai.usage.prompt_tokens', { intValue: 10 + i }),
      kv('gen_ai.system', { stringValue: 'openai' }),
      kv('flag', { boolValue: i % 2 === 0 }),
      kv('ratio', { doubleValue: i / 7 }),
      kv('blob', { bytesValue: Buffer.from([i, 255, 0]) }),
      kv('list', { arrayValue: { values: [{ stringValue: 'a' }, { intValue: -5 }, {}] } }),
      kv('map', { kvlistValue: { values: [kv('x', { doubleValue: 1.5 }), kv('y', {})] } }),
      kv('big', { intValue: '9007199254740993' }),
      kv('neg', { intValue: '-9223372036854775808' }),
      kv('empty', {}),
    ],
    status: { code: i % 3, message: i % 3 === 2 ? 'failed' : '' },
    ...extra,
  }
}

function request(spans: unknown[], more: Record<string, unknown>[] = []): unknown {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            kv('service.name', { stringValue: 'svc' }),
            kv('session.id', { stringValue: 'sess-1' }),
          ],
        },
        scopeSpans: [
          {
            scope: { name: 'lib', version: '2.0', attributes: [kv('s', { boolValue: true })] },
            spans,
          },
          { scope: { name: 'other' }, spans: [span(90)] },
        ],
      },
      ...more,
    ],
  }
}

describe('protobuf traces read straight off the wire', () => {
  it('gives the same records as decoding into messages and mapping those', () => {
    const spans = Array.from({ length: 12 }, (_, i) => span(i))
    spans.push(
      span(20, {
        events: [
          {
            name: 'exception',
            timeUnixNano: nanos(1_700_000_000_001),
            attributes: [
              kv('exception.type', { stringValue: 'TypeError' }),
              kv('exception.message', { stringValue: 'boom' }),
            ],
          },
          { name: 'note', attributes: [kv('n', { intValue: 3 })] },
        ],
        links: [
          { traceId: hex('cd'.repeat(16)), spanId: hex('0000000000000abc') },
          {
            traceId: hex('cd'.repeat(16)),
            spanId: hex('0000000000000abd'),
            attributes: [kv('why', { stringValue: 'retry' })],
          },
        ],
      }),
      span(21, {
        attributes: [
          kv('gen_ai.conversation.id', { stringValue: 'conv-9' }),
          kv('deep', nest(32)),
          kv('deepKv', nestKv(25)),
          kv('gen_ai.usage.input_tokens', { intValue: 7 }),
          kv('gen_ai.usage.output_tokens', { intValue: 9 }),
          kv('gen_ai.request.model', { stringValue: 'gpt' }),
        ],
      }),
    )
    const body = encode(
      request(spans, [{ resource: {}, scopeSpans: [{ spans: [span(40), span(41)] }] }]),
    )
    const got = direct(body)
    expect(got).toEqual(reference(body))
    expect((got as OtlpMapResult).accepted).toBe(17)
  })

  it('rejects the same spans with the same reasons', () => {
    const bad = [
      span(1, { traceId: Buffer.alloc(0) }),
      span(2, { traceId: hex('ab'.repeat(8)) }),
      span(3, { traceId: Buffer.alloc(16) }),
      span(4, { spanId: undefined }),
      span(5, { spanId: Buffer.alloc(8) }),
      span(6, { parentSpanId: hex('0102') }),
      span(7, { startTimeUnixNano: 0 }),
      span(8, { endTimeUnixNano: nanos(1_600_000_000_000) }),
      span(9, { status: { code: 5 } }),
      span(10, { status: { code: -1 } }),
      span(11, { attributes: [kv('ok', { intValue: 1 }), kv('deep', nest(33))] }),
      span(12, { attributes: [kv('deepKv', nestKv(20)), kv('deep', nest(40))] }),
      span(13, { links: [{ spanId: hex('0000000000000001') }] }),
      span(14, { links: [{ traceId: hex('cd'.repeat(16)), spanId: hex('01') }] }),
      span(15, {
        links: [
          { traceId: hex(T), spanId: hex('0000000000000003'), attributes: [kv('d', nest(35))] },
        ],
      }),
      span(16, { events: [{ name: 'e', attributes: [kv('d', nest(34))] }] }),
      span(17, { traceId: Buffer.alloc(0), startTimeUnixNano: 0, status: { code: 9 } }),
      span(18),
    ]
    const body = encode(request(bad))
    const got = direct(body) as OtlpMapResult
    const want = reference(body) as OtlpMapResult
    expect(got.rejected).toEqual(want.rejected)
    expect(got.rejected).toHaveLength(17)
    expect(got.rejected[0].reason).toMatch(/spans\[0\]\.traceId is required/)
    expect(got.rejected[10].reason).toMatch(
      /attributes\[1\]\.value(\.arrayValue\.values\[0\])+ nests deeper/,
    )
    expect(got).toEqual(want)
  })

  it('answers 400 where the reference does: truncated bodies, bad resource attributes', () => {
    const body = encode(request(Array.from({ length: 5 }, (_, i) => span(i))))
    for (let cut = 1; cut < body.length; cut += 7) {
      const part = body.subarray(0, cut)
      const want = reference(part)
      const got = direct(part)
      if (want === '400') expect(got, `cut at ${cut}`).toBe('400')
      else expect(got, `cut at ${cut}`).toEqual(want)
    }
    const deepResource = encode({
      resourceSpans: [
        { resource: { attributes: [kv('r', nest(40))] }, scopeSpans: [{ spans: [span(1)] }] },
      ],
    })
    expect(direct(deepResource)).toBe('400')
    expect(() => otlpTraceProtoToRecords(deepResource)).toThrow(
      /resourceSpans\[0\]\.resource\.attributes\[0\]\.value.* nests deeper than 32 levels/,
    )
    expect(() => otlpTraceProtoToRecords(Buffer.from([0x0a, 0x05, 0x01]))).toThrow(
      /not a valid OTLP traces protobuf message/,
    )
    expect(direct(Buffer.alloc(0))).toEqual(reference(Buffer.alloc(0)))
  })

  it('never throws anything but a request error on damaged bodies', () => {
    const body = encode(request(Array.from({ length: 4 }, (_, i) => span(i))))
    let seed = 42
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    let agreed = 0
    for (let round = 0; round < 400; round++) {
      const copy = Buffer.from(body)
      for (let k = 0; k <= rand(4); k++) copy[rand(copy.length)] = rand(256)
      const got = direct(copy)
      const want = reference(copy)
      if (got !== '400' && want !== '400' && JSON.stringify(got) === JSON.stringify(want)) agreed++
    }
    // the reference ignores wire types of known fields; the rest must agree
    expect(agreed).toBeGreaterThan(100)
  })

  it('reads fields in any order and skips unknown ones', () => {
    const w = types.traceRequest
    const one = encode(request([span(3)]))
    // unknown field 99 (varint) and 98 (length-delimited) appended to the request
    const extra = Buffer.concat([
      one,
      Buffer.from([0x98, 0x06, 0x07, 0x92, 0x06, 0x02, 0x61, 0x62]),
    ])
    expect(direct(extra)).toEqual(reference(one))
    expect(w).toBeDefined()
  })
})
