// Fuzzed OTLP/HTTP bodies. Mixed requests carry good spans (ids the checker looks for) next to
// spans broken in one way each; whole-body mutations break the request itself.
import { hex, otlpJson, otlpProto, type SimpleSpan } from './otlpBodies'

type Json = Record<string, unknown>

export const GOOD_PER_REQUEST = 5

export function goodSpanId(req: number, i: number): string {
  return hex(req, 8) + hex(i + 1, 8)
}

export function goodSpans(req: number, base: number): SimpleSpan[] {
  return Array.from({ length: GOOD_PER_REQUEST }, (_, i) => ({
    traceId: hex(req, 16) + hex(0xabc, 16),
    spanId: goodSpanId(req, i),
    parentSpanId: i === 0 ? undefined : goodSpanId(req, i - 1),
    name: `good ${i}`,
    startMs: base + req * 10 + i,
    endMs: base + req * 10 + i + 1,
  }))
}

/** An AnyValue nested `depth` kvlists deep, as JSON text (too deep for JSON.stringify). */
export function deepKvText(depth: number): string {
  return (
    '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth) +
    '{"stringValue":"bottom"}' +
    '}]}}'.repeat(depth)
  )
}

const DEEP_MARK = '__DEEP_KV_3000__'

/** One broken span per case, as OTLP JSON objects (built on a valid span, one field wrong). */
export function badSpanCases(req: number, base: number): Array<{ label: string; span: Json }> {
  const ok = (n: number): Json => ({
    traceId: hex(req, 16) + hex(0xbad, 16),
    spanId: hex(req, 8) + hex(0xf000 + n, 8),
    name: 'bad',
    startTimeUnixNano: String(BigInt(base) * 1_000_000n),
    endTimeUnixNano: String(BigInt(base + 1) * 1_000_000n),
  })
  const cycleA = hex(req, 8) + hex(0xc1, 8)
  const cycleB = hex(req, 8) + hex(0xc2, 8)
  return [
    { label: 'name is a number', span: { ...ok(1), name: 123 } },
    { label: 'traceId not hex', span: { ...ok(2), traceId: 'zz'.repeat(16) } },
    { label: 'spanId wrong length', span: { ...ok(3), spanId: 'abc' } },
    { label: 'all-zero spanId', span: { ...ok(4), spanId: '0'.repeat(16) } },
    { label: 'start NaN', span: { ...ok(5), startTimeUnixNano: 'NaN' } },
    { label: 'start negative', span: { ...ok(6), startTimeUnixNano: '-5000000' } },
    { label: 'start an object', span: { ...ok(7), startTimeUnixNano: { n: 1 } } },
    { label: 'end before start', span: { ...ok(8), endTimeUnixNano: '1' } },
    { label: 'start beyond 2^64', span: { ...ok(9), startTimeUnixNano: '9'.repeat(40) } },
    { label: 'attributes not an array', span: { ...ok(10), attributes: 'nope' } },
    {
      label: 'attribute value 3000 levels deep',
      span: { ...ok(11), attributes: [{ key: 'deep', value: DEEP_MARK }] },
    },
    {
      label: 'huge attribute (2 MB)',
      span: {
        ...ok(12),
        attributes: [{ key: 'huge', value: { stringValue: 'h'.repeat(2 * 1024 * 1024) } }],
      },
    },
    { label: 'huge name (1.5 MB)', span: { ...ok(13), name: 'n'.repeat(1.5 * 1024 * 1024) } },
    {
      label: 'lone surrogates',
      span: {
        ...ok(14),
        name: 'bad \ud800 \udfff',
        attributes: [{ key: '\ud800', value: { stringValue: '\udc00' } }],
      },
    },
    { label: 'parent cycle A→B', span: { ...ok(15), spanId: cycleA, parentSpanId: cycleB } },
    { label: 'parent cycle B→A', span: { ...ok(16), spanId: cycleB, parentSpanId: cycleA } },
    { label: 'self parent', span: { ...ok(17), parentSpanId: hex(req, 8) + hex(0xf000 + 17, 8) } },
    {
      label: 'duplicate of a good span id',
      span: { ...ok(18), spanId: goodSpanId(req, 0), name: 'duplicate' },
    },
    { label: 'kind out of range', span: { ...ok(19), kind: 99 } },
    { label: 'status code a string', span: { ...ok(20), status: { code: 'broken' } } },
    { label: 'events not an array', span: { ...ok(21), events: { time: 1 } } },
    { label: 'span is null', span: null as unknown as Json },
    {
      label: '__proto__ attribute',
      span: JSON.parse(
        `{"traceId":"${hex(req, 16)}${hex(0xbad, 16)}","spanId":"${hex(req, 8)}${hex(0xf016, 8)}","name":"proto","startTimeUnixNano":"${BigInt(base) * 1_000_000n}","attributes":[{"key":"__proto__","value":{"stringValue":"polluted"}}],"__proto__":{"polluted":true}}`,
      ) as Json,
    },
  ]
}

/** A request with the good spans and one bad span (JSON text). */
export function mixedJson(req: number, base: number, bad: Json): string {
  const body = otlpJson(`fuzz-${req % 5}`, goodSpans(req, base)) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }>
  }
  body.resourceSpans[0].scopeSpans[0].spans.push(bad)
  return JSON.stringify(body).replace(`"${DEEP_MARK}"`, () => deepKvText(3000))
}

/** Invalid UTF-8 bytes inside a string value of an otherwise good JSON request. */
export function invalidUtf8Json(req: number, base: number): Buffer {
  const text = mixedJson(req, base, { name: 'MARK' })
  const [a, b] = text.split('MARK')
  return Buffer.concat([
    Buffer.from(a),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
    Buffer.from(b),
  ])
}

/** Protobuf of the good spans plus one span whose name bytes are not UTF-8. */
export function invalidUtf8Proto(req: number, base: number): Buffer {
  const spans = goodSpans(req, base)
  spans.push({
    ...spans[0],
    spanId: hex(req, 8) + hex(0xe0, 8),
    parentSpanId: undefined,
    name: 'MARKMARK',
  })
  const buf = otlpProto(`fuzz-${req % 5}`, spans)
  const at = buf.indexOf('MARKMARK')
  if (at >= 0) Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xc0]).copy(buf, at)
  return buf
}

/** A whole-body mutation of a valid request: flips, truncation, insertion, junk, wrong shapes. */
export function mutateBody(
  valid: Buffer,
  random: () => number,
  json: boolean,
): { body: Buffer; label: string } {
  const int = (n: number) => Math.floor(random() * n)
  const pick = int(json ? 8 : 5)
  const buf = Buffer.from(valid)
  switch (pick) {
    case 0: {
      const n = 1 + int(8)
      for (let i = 0; i < n; i++) buf[int(buf.length)] ^= 1 << int(8)
      return { body: buf, label: 'bit flips' }
    }
    case 1:
      return { body: buf.subarray(0, int(buf.length)), label: 'truncated' }
    case 2: {
      const at = int(buf.length)
      const junk = Buffer.from(Array.from({ length: 1 + int(64) }, () => int(256)))
      return {
        body: Buffer.concat([buf.subarray(0, at), junk, buf.subarray(at)]),
        label: 'bytes inserted',
      }
    }
    case 3:
      return {
        body: Buffer.from(Array.from({ length: int(4096) }, () => int(256))),
        label: 'random bytes',
      }
    case 4: {
      // the same bytes repeated: a protobuf with repeated fields, or JSON with trailing garbage
      return { body: Buffer.concat([buf, buf]), label: 'doubled' }
    }
    case 5: {
      const shapes = [
        '[]',
        'null',
        '42',
        '"text"',
        '{"resourceSpans":{}}',
        '{"resourceSpans":[null]}',
        '{"resourceSpans":[{"scopeSpans":"x"}]}',
        '{"resourceSpans":[{"scopeSpans":[{"spans":[1,2,3]}]}]}',
      ]
      return { body: Buffer.from(shapes[int(shapes.length)]), label: 'wrong shape' }
    }
    case 6: {
      const depth = 5000 + int(200_000)
      return {
        body: Buffer.from('['.repeat(depth) + ']'.repeat(depth)),
        label: 'deeply nested JSON',
      }
    }
    default: {
      const depth = 10 + int(50)
      const text = `{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":${deepKvText(depth * 100)}}]},"scopeSpans":[]}]}`
      return { body: Buffer.from(text), label: 'deep resource attribute' }
    }
  }
}
