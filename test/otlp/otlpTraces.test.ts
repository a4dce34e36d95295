import { describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import {
  decodeOtlpBody,
  nanosToMillis,
  otlpId,
  otlpLogsToRecords,
  otlpProtoTypes,
  otlpTracesToRecords,
  anyValue,
} from '../../src/main/otlp'

const TRACE = '5b8efff798038103d269b633813fc60c'
const ROOT = 'eee19b7ec3c1b174'
const CHILD = 'eee19b7ec3c1b173'

type Rec<K extends TraceRecord['kind']> = Extract<TraceRecord, { kind: K }>
const of = <K extends TraceRecord['kind']>(records: TraceRecord[], kind: K): Rec<K>[] =>
  records.filter((r): r is Rec<K> => r.kind === kind)

function request(
  spans: unknown[],
  resourceAttrs: unknown[] = [{ key: 'service.name', value: { stringValue: 'planner-svc' } }],
) {
  return {
    resourceSpans: [
      {
        resource: { attributes: resourceAttrs },
        scopeSpans: [{ scope: { name: 'my.lib', version: '1.2.0' }, spans }],
      },
    ],
  }
}

describe('otlp values', () => {
  it('reads ids as hex, base64 or bytes and rejects the rest', () => {
    expect(otlpId(TRACE.toUpperCase(), 16, 'traceId')).toBe(TRACE)
    expect(otlpId(Buffer.from(TRACE, 'hex').toString('base64'), 16, 'traceId')).toBe(TRACE)
    expect(otlpId(Buffer.from(ROOT, 'hex'), 8, 'spanId')).toBe(ROOT)
    expect(otlpId('', 8, 'spanId')).toBeNull()
    expect(() => otlpId('xyz', 8, 'spanId')).toThrow(/spanId must be 16 hex/)
    expect(() => otlpId('0000000000000000', 8, 'spanId')).toThrow(/all zeros/)
    expect(() => otlpId(42, 8, 'spanId')).toThrow(/got number 42/)
  })
  it('converts nanoseconds from strings, numbers and Longs without losing the millisecond', () => {
    expect(nanosToMillis('1700000000123456789', 't')).toBeCloseTo(1700000000123.4568, 3)
    expect(nanosToMillis(1700000000123000000, 't')).toBeCloseTo(1700000000123, 0)
    expect(nanosToMillis({ low: 2000, high: 0, unsigned: true }, 't')).toBe(0.002)
    // 1700000000123456789 ns as a protobuf fixed64 Long: high 395812829, low 2147024149 (unsigned)
    const long = {
      high: Number(1700000000123456789n >> 32n),
      low: Number(1700000000123456789n & 0xffffffffn) | 0,
      unsigned: true,
    }
    expect(nanosToMillis(long, 't')).toBe(1700000000123.456)
    expect(nanosToMillis({ high: 0xfffffff0 | 0, low: 5, unsigned: true }, 't')).toBe(
      Number(((0xfffffff0n << 32n) | 5n) / 1000n) / 1000,
    )
    expect(nanosToMillis('0', 't')).toBeNull()
    expect(() => nanosToMillis('-5', 't')).toThrow(/decimal integer/)
    expect(() => nanosToMillis(Number.NaN, 't')).toThrow(/non-negative/)
    expect(() => nanosToMillis(-1, 't')).toThrow(/non-negative/)
  })
  it('maps every AnyValue form', () => {
    const v = {
      kvlistValue: {
        values: [
          { key: 's', value: { stringValue: 'x' } },
          { key: 'b', value: { boolValue: true } },
          { key: 'i', value: { intValue: '42' } },
          { key: 'big', value: { intValue: '9007199254740993' } },
          { key: 'd', value: { doubleValue: 1.5 } },
          {
            key: 'a',
            value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'two' }] } },
          },
          { key: 'bytes', value: { bytesValue: 'AQID' } },
          { key: 'empty', value: {} },
        ],
      },
    }
    expect(anyValue(v, 'v')).toEqual({
      s: 'x',
      b: true,
      i: 42,
      big: '9007199254740993',
      d: 1.5,
      a: [1, 'two'],
      bytes: 'AQID',
      empty: null,
    })
    expect(() => anyValue({ intValue: 'ten' }, 'attr')).toThrow(
      /attr.intValue must be a decimal integer/,
    )
  })
})

describe('otlpTracesToRecords', () => {
  const root = {
    traceId: TRACE,
    spanId: ROOT,
    name: 'invoke_agent planner',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
    attributes: [
      { key: 'gen_ai.agent.name', value: { stringValue: 'planner' } },
      { key: 'gen_ai.conversation.id', value: { stringValue: 'conv-1' } },
      { key: 'gen_ai.operation.name', value: { stringValue: 'invoke_agent' } },
    ],
    status: { code: 1 },
  }
  const child = {
    traceId: TRACE,
    spanId: CHILD,
    parentSpanId: ROOT,
    name: 'chat gpt-4o',
    kind: 'SPAN_KIND_CLIENT',
    startTimeUnixNano: 1700000000100000000,
    endTimeUnixNano: 1700000000900000000,
    attributes: [
      { key: 'gen_ai.system', value: { stringValue: 'openai' } },
      { key: 'gen_ai.usage.prompt_tokens', value: { intValue: 120 } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: '30' } },
      { key: 'error.type', value: { stringValue: 'RateLimit' } },
    ],
    events: [
      {
        name: 'exception',
        timeUnixNano: '1700000000500000000',
        attributes: [
          { key: 'exception.type', value: { stringValue: 'RateLimitError' } },
          { key: 'exception.message', value: { stringValue: 'slow down' } },
          { key: 'exception.stacktrace', value: { stringValue: 'at call()' } },
        ],
      },
    ],
    links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) }],
    status: { code: 2, message: 'rate limited' },
  }

  it('maps spans, sessions, agents, tokens, exceptions and links', () => {
    const { records, rejected, accepted } = otlpTracesToRecords(request([child, root]))
    expect(rejected).toEqual([])
    expect(accepted).toBe(2)
    const spans = of(records, 'span')
    expect(spans.map((s) => s.sessionId)).toEqual(['conv-1', 'conv-1']) // the child joins its trace's session
    const c = spans.find((s) => s.spanId === CHILD)!
    expect(c.parentSpanId).toBe(ROOT)
    expect(c.status).toBe('error')
    expect(c.startTime).toBe(1700000000100)
    expect(c.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.prompt_tokens': 120,
      'gen_ai.provider.name': 'openai',
      'resource.service.name': 'planner-svc',
      'otel.scope.name': 'my.lib',
      'otel.scope.version': '1.2.0',
    })
    expect(c.spanKind).toBe('client')
    expect(c.links).toEqual([{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) }])
    expect(c.agentId).toBe('planner-svc')
    const r = spans.find((s) => s.spanId === ROOT)!
    expect(r.agentId).toBe('planner')
    expect(of(records, 'session')).toEqual([
      {
        kind: 'session',
        id: 'conv-1',
        name: 'invoke_agent planner',
        attributes: { source: 'otlp', 'service.name': 'planner-svc' },
      },
    ])
    expect(of(records, 'agent').map((a) => [a.id, a.type])).toEqual([
      ['planner-svc', 'service'],
      ['planner', 'gen_ai.agent'],
    ])
    const errors = of(records, 'error')
    expect(errors).toHaveLength(1) // the exception event stands for the error status
    expect(errors[0]).toMatchObject({
      type: 'RateLimitError',
      message: 'slow down',
      stack: 'at call()',
      spanId: CHILD,
      sessionId: 'conv-1',
    })
    expect(of(records, 'event')[0]).toMatchObject({
      name: 'exception',
      level: 'error',
      time: 1700000000500,
    })
    expect(of(records, 'metric').map((m) => [m.name, m.value])).toEqual([
      ['gen_ai.usage.input_tokens', 120],
      ['gen_ai.usage.output_tokens', 30],
    ])
  })

  it('gives a trace without session attributes its own session, and an error status an error record', () => {
    const { records } = otlpTracesToRecords(
      request(
        [
          {
            traceId: TRACE,
            spanId: ROOT,
            name: 'work',
            startTimeUnixNano: '5000000',
            attributes: [{ key: 'error.type', value: { stringValue: 'Timeout' } }],
            status: { code: 2 },
          },
        ],
        [],
      ),
    )
    expect(of(records, 'span')[0].sessionId).toBe(TRACE)
    expect(of(records, 'error')[0]).toMatchObject({ type: 'Timeout', message: 'work failed' })
    expect(of(records, 'agent')).toEqual([])
  })

  it('rejects bad spans with reasons and keeps the rest', () => {
    const good = { traceId: TRACE, spanId: ROOT, name: 'ok', startTimeUnixNano: '1000000' }
    const { records, rejected, accepted } = otlpTracesToRecords(
      request([
        good,
        { ...good, spanId: 'nothex!!nothex!!' },
        { ...good, startTimeUnixNano: 'NaN' },
        { ...good, startTimeUnixNano: -5 },
        { ...good, endTimeUnixNano: '1' },
        { ...good, name: 7 },
        { ...good, attributes: [{ key: 'n', value: { intValue: 'x' } }] },
        { ...good, traceId: undefined },
        'not a span',
      ]),
    )
    expect(accepted).toBe(1)
    expect(of(records, 'span')).toHaveLength(1)
    expect(rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(rejected[0].reason).toMatch(
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[1\]\.spanId must be 16 hex/,
    )
    expect(rejected[1].reason).toMatch(
      /startTimeUnixNano must be a decimal integer of nanoseconds, got "NaN"/,
    )
    expect(rejected[2].reason).toMatch(/startTimeUnixNano must be a non-negative/)
    expect(rejected[3].reason).toMatch(/before startTimeUnixNano/)
    expect(rejected[4].reason).toMatch(/name must be a string, got number 7/)
    expect(rejected[5].reason).toMatch(/attributes\[0\]\.value\.intValue/)
    expect(rejected[6].reason).toMatch(/traceId is required/)
  })

  it('sums token usage per session, agent and model into one metric per request', () => {
    const llm = (spanId: string, tokens: number, end: string) => ({
      traceId: TRACE,
      spanId,
      name: 'chat',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: end,
      attributes: [
        { key: 'session.id', value: { stringValue: 's1' } },
        { key: 'gen_ai.request.model', value: { stringValue: 'm' } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: tokens } },
      ],
    })
    const { records } = otlpTracesToRecords(
      request([llm(ROOT, 10, '1700000000005000000'), llm(CHILD, 32, '1700000000009000000')]),
    )
    expect(of(records, 'metric')).toEqual([
      {
        kind: 'metric',
        sessionId: 's1',
        agentId: 'planner-svc',
        time: 1700000000009,
        name: 'gen_ai.usage.input_tokens',
        value: 42,
        attributes: { spans: 2, 'gen_ai.request.model': 'm' },
      },
    ])
  })

  it('refuses a request that is not OTLP', () => {
    expect(() => otlpTracesToRecords([])).toThrow(/must be an object/)
    expect(() => otlpTracesToRecords({ resourceSpans: 'x' })).toThrow(
      /"resourceSpans" must be an array/,
    )
    expect(otlpTracesToRecords({}).records).toEqual([])
  })

  it('reads the protobuf encoding the same way as JSON', () => {
    const t = otlpProtoTypes().traceRequest
    const msg = t.fromObject({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: Buffer.from(TRACE, 'hex'),
                  spanId: Buffer.from(ROOT, 'hex'),
                  name: 'p',
                  kind: 3,
                  startTimeUnixNano: '1700000000000000001',
                  endTimeUnixNano: '1700000000002000000',
                  attributes: [
                    { key: 'n', value: { intValue: -3 } },
                    { key: 'b', value: { bytesValue: Buffer.from([1, 2, 3]) } },
                    { key: 'e', value: { stringValue: '' } },
                  ],
                  status: { code: 0 },
                },
              ],
            },
          ],
        },
      ],
    })
    const body = Buffer.from(t.encode(msg).finish())
    const { records, rejected } = otlpTracesToRecords(decodeOtlpBody('traces', 'protobuf', body))
    expect(rejected).toEqual([])
    const span = of(records, 'span')[0]
    expect(span).toMatchObject({
      traceId: TRACE,
      spanId: ROOT,
      parentSpanId: null,
      status: 'unset',
      endTime: 1700000000002,
    })
    expect(span.attributes).toMatchObject({ n: -3, b: 'AQID', e: '' })
    expect(span.spanKind).toBe('client')
    expect(() => decodeOtlpBody('traces', 'protobuf', body.subarray(0, body.length - 5))).toThrow(
      /not a valid OTLP traces protobuf/,
    )
  })
})

describe('otlpLogsToRecords', () => {
  it('maps log records to events, exceptions to errors', () => {
    const { records, accepted, rejected } = otlpLogsToRecords({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '1700000000000000000',
                  severityNumber: 13,
                  body: { stringValue: 'slow' },
                  traceId: TRACE,
                  spanId: ROOT,
                },
                {
                  observedTimeUnixNano: '1700000000001000000',
                  severityText: 'ERROR',
                  body: { kvlistValue: { values: [{ key: 'a', value: { intValue: 1 } }] } },
                  attributes: [{ key: 'exception.type', value: { stringValue: 'Boom' } }],
                },
                { severityNumber: 9 },
              ],
            },
          ],
        },
      ],
    })
    expect(accepted).toBe(2)
    expect(rejected[0]).toMatchObject({ index: 2 })
    const events = of(records, 'event')
    expect(events[0]).toMatchObject({
      sessionId: TRACE,
      spanId: ROOT,
      level: 'warning',
      message: 'slow',
      agentId: 'api',
    })
    expect(events[1]).toMatchObject({ sessionId: 'logs:api', level: 'error', message: '{"a":1}' })
    expect(of(records, 'error')[0]).toMatchObject({ type: 'Boom', message: '{"a":1}' })
    expect(of(records, 'session').map((s) => s.id)).toEqual([TRACE, 'logs:api'])
  })
})
