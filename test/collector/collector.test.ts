// The collector over real HTTP into a real store, fed by the official OpenTelemetry JS SDK.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import http from 'node:http'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { context, trace, SpanStatusCode } from '@opentelemetry/api'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceStore } from '../../src/main/store/storeApi'
import { startCollector } from '../../src/main/collector'
import type { CollectorHandle } from '../../src/main/collector'
import { otlpProtoTypes } from '../../src/main/otlp'
import { holdLock } from '../fixtures/lockHolder'

let dir: string
let store: TraceStore
let collector: CollectorHandle

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-collector-'))
  store = openStore(path.join(dir, 'traces.db'))
  collector = await startCollector({
    store,
    port: 0,
    maxBodyBytes: 256 * 1024,
    maxDecompressedBytes: 1024 * 1024,
  })
})

afterAll(async () => {
  await collector.close()
  await store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function runSwarm(
  exporter: JsonExporter | ProtoExporter,
  conversation: string,
): Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'swarm-test',
      'deployment.environment': 'test',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const tracer = provider.getTracer('swarm', '0.1.0')
  const root = tracer.startSpan('invoke_agent coordinator', {
    attributes: {
      'gen_ai.conversation.id': conversation,
      'gen_ai.agent.name': 'coordinator',
      'gen_ai.operation.name': 'invoke_agent',
    },
  })
  const rootCtx = trace.setSpan(context.active(), root)
  const llm = tracer.startSpan(
    'chat gpt-4o',
    {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 20,
        'gen_ai.conversation.id': conversation,
      },
    },
    rootCtx,
  )
  llm.end()
  const tool = tracer.startSpan(
    'execute_tool search',
    { attributes: { 'gen_ai.conversation.id': conversation, tags: ['a', 'b'] } },
    rootCtx,
  )
  const err = new TypeError('search backend unreachable')
  tool.recordException(err)
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'tool failed' })
  tool.end()
  root.end()
  await provider.forceFlush()
  await provider.shutdown()
}

async function checkTree(conversation: string): Promise<void> {
  const spans = store.listSpans({ sessionId: conversation, order: 'asc' }).items
  expect(spans.map((s) => s.name).sort()).toEqual([
    'chat gpt-4o',
    'execute_tool search',
    'invoke_agent coordinator',
  ])
  const root = spans.find((s) => s.name === 'invoke_agent coordinator')!
  expect(root.parentSpanId).toBeNull()
  expect(root.traceId).toMatch(/^[0-9a-f]{32}$/)
  for (const s of spans.filter((x) => x !== root)) {
    expect(s.parentSpanId).toBe(root.spanId)
    expect(s.traceId).toBe(root.traceId)
  }
  expect(root.agentId).toBe('coordinator')
  const llm = spans.find((s) => s.name === 'chat gpt-4o')!
  expect(llm.attributes).toMatchObject({
    'gen_ai.usage.input_tokens': 100,
    'resource.service.name': 'swarm-test',
    'otel.scope.name': 'swarm',
  })
  expect(llm.kind).toBe('internal')
  const tool = spans.find((s) => s.name === 'execute_tool search')!
  expect(tool.status).toBe('error')
  expect(tool.attributes.tags).toEqual(['a', 'b'])
  const errors = store.listErrors({ sessionId: conversation }).items
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatchObject({
    type: 'TypeError',
    message: 'search backend unreachable',
    spanId: tool.spanId,
  })
  expect(errors[0].stack).toContain('TypeError: search backend unreachable')
  const tokens = store.listMetrics({
    sessionId: conversation,
    name: 'gen_ai.usage.input_tokens',
  }).items
  expect(tokens.map((m) => m.value)).toEqual([100])
}

function post(
  pathname: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: collector.port, path: pathname, method: 'POST', headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const json = { 'Content-Type': 'application/json' }
const validSpan = (spanId: string) => ({
  traceId: 'a1'.repeat(16),
  spanId,
  name: 'x',
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000000001000000',
})
const requestOf = (spans: unknown[]) => ({
  resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }],
})

describe('OTLP/HTTP collector with the OpenTelemetry SDK', () => {
  it('stores the tree sent by the JSON exporter', async () => {
    await runSwarm(new JsonExporter({ url: `${collector.url}/v1/traces` }), 'conv-json')
    await checkTree('conv-json')
  })

  it('stores the tree sent by the protobuf exporter, gzip-compressed', async () => {
    await runSwarm(
      new ProtoExporter({
        url: `${collector.url}/v1/traces`,
        compression: CompressionAlgorithm.GZIP,
      }),
      'conv-proto',
    )
    await checkTree('conv-proto')
  })
})

describe('OTLP/HTTP responses', () => {
  it('answers partialSuccess naming the rejected span and stores the rest', async () => {
    const res = await post(
      '/v1/traces',
      JSON.stringify(
        requestOf([
          validSpan('0000000000000a01'),
          { ...validSpan('0000000000000a02'), startTimeUnixNano: 'soon' },
        ]),
      ),
      json,
    )
    expect(res.status).toBe(200)
    const body = JSON.parse(res.body.toString())
    expect(body.partialSuccess.rejectedSpans).toBe('1')
    expect(body.partialSuccess.errorMessage).toMatch(
      /spans\[1\]\.startTimeUnixNano must be a decimal integer/,
    )
    expect(store.getSpan('a1'.repeat(16), '0000000000000a01')).not.toBeNull()
    expect(store.getSpan('a1'.repeat(16), '0000000000000a02')).toBeNull()
  })

  it('takes a retried export (same spans again) without duplicating spans or errors', async () => {
    const spans = [
      {
        ...validSpan('0000000000000c01'),
        attributes: [{ key: 'session.id', value: { stringValue: 'retry' } }],
        status: { code: 2, message: 'boom' },
      },
    ]
    for (let i = 0; i < 2; i++) {
      const res = await post('/v1/traces', JSON.stringify(requestOf(spans)), json)
      expect(res.status).toBe(200)
      expect(JSON.parse(res.body.toString())).toEqual({})
    }
    expect(store.getSession('retry')).toMatchObject({ spanCount: 1, errorCount: 1 })
    expect(store.listErrors({ sessionId: 'retry' }).items).toHaveLength(1)
  })

  it('answers 400 for malformed, truncated and wrongly typed bodies', async () => {
    const bad = await post('/v1/traces', '{"resourceSpans": [', json)
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body.toString()).message).toMatch(/not valid JSON/)
    const typed = await post('/v1/traces', JSON.stringify({ resourceSpans: { spans: [] } }), json)
    expect(typed.status).toBe(400)
    expect(JSON.parse(typed.body.toString()).message).toMatch(/"resourceSpans" must be an array/)
    const t = otlpProtoTypes().traceRequest
    const full = Buffer.from(
      t
        .encode(
          t.fromObject({
            resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'a'.repeat(200) }] }] }],
          }),
        )
        .finish(),
    )
    const truncated = await post('/v1/traces', full.subarray(0, full.length - 50), {
      'Content-Type': 'application/x-protobuf',
    })
    expect(truncated.status).toBe(400)
    expect(truncated.headers['content-type']).toBe('application/x-protobuf')
    expect(otlpProtoTypes().rpcStatus.decode(truncated.body).toJSON().message).toMatch(
      /not a valid OTLP traces protobuf/,
    )
    const corruptGzip = await post('/v1/traces', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), {
      ...json,
      'Content-Encoding': 'gzip',
    })
    expect(corruptGzip.status).toBe(400)
  })

  it('answers 415 for unknown content types and encodings, 404/405 elsewhere', async () => {
    expect((await post('/v1/traces', 'x', { 'Content-Type': 'text/plain' })).status).toBe(415)
    expect((await post('/v1/traces', '{}', { ...json, 'Content-Encoding': 'br' })).status).toBe(415)
    expect((await post('/v2/traces', '{}', json)).status).toBe(404)
    const get = await fetch(`${collector.url}/v1/traces`)
    expect(get.status).toBe(405)
  })

  it('answers 413 past the size limit, declared, streamed or decompressed', async () => {
    const big = Buffer.alloc(300 * 1024, 0x20)
    expect((await post('/v1/traces', big, json)).status).toBe(413)
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: collector.port,
          path: '/v1/traces',
          method: 'POST',
          headers: { ...json, 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      for (let i = 0; i < 40; i++) req.write(Buffer.alloc(8 * 1024, 0x20))
      req.end()
    })
    expect(streamed).toBe(413)
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)) // ~8 KB on the wire
    expect(bomb.length).toBeLessThan(256 * 1024)
    const res = await post('/v1/traces', bomb, { ...json, 'Content-Encoding': 'gzip' })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body.toString()).message).toMatch(/decompressed body exceeds/)
  })

  it('accepts OTLP logs', async () => {
    const res = await post(
      '/v1/logs',
      JSON.stringify({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  {
                    timeUnixNano: '1700000000000000000',
                    severityNumber: 17,
                    body: { stringValue: 'disk full' },
                    attributes: [{ key: 'session.id', value: { stringValue: 'log-sess' } }],
                  },
                ],
              },
            ],
          },
        ],
      }),
      json,
    )
    expect(res.status).toBe(200)
    expect(store.listEvents({ sessionId: 'log-sess' }).items[0]).toMatchObject({
      level: 'error',
      message: 'disk full',
    })
  })

  it('accepts OTLP logs as protobuf and answers in protobuf', async () => {
    const t = otlpProtoTypes().logsRequest
    const body = Buffer.from(
      t
        .encode(
          t.fromObject({
            resourceLogs: [
              {
                resource: {
                  attributes: [{ key: 'session.id', value: { stringValue: 'log-proto' } }],
                },
                scopeLogs: [
                  {
                    logRecords: [
                      {
                        timeUnixNano: '1700000000000000000',
                        severityText: 'WARN',
                        body: { stringValue: 'low disk' },
                      },
                      { severityNumber: 9 },
                    ],
                  },
                ],
              },
            ],
          }),
        )
        .finish(),
    )
    const res = await post('/v1/logs', body, { 'Content-Type': 'application/x-protobuf' })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/x-protobuf')
    const answer = otlpProtoTypes().logsResponse.decode(res.body).toJSON() as {
      partialSuccess: { rejectedLogRecords: string; errorMessage: string }
    }
    expect(answer.partialSuccess.rejectedLogRecords).toBe('1') // the record without a time
    expect(answer.partialSuccess.errorMessage).toMatch(/needs timeUnixNano or observedTimeUnixNano/)
    expect(
      store.listEvents({ sessionId: 'log-proto' }).items.map((e) => `${e.level}:${e.message}`),
    ).toEqual(['warning:low disk'])
  })

  it('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    const res = await post('/v1/traces', '{}', { ...json, Host: 'evil.example:4318' })
    expect(res.status).toBe(403)
  })
})

describe('binding', () => {
  it('needs --allow-remote and a token for a non-loopback host, then checks the token', async () => {
    await expect(startCollector({ store, port: 0, host: '0.0.0.0' })).rejects.toThrow(
      /not a loopback address/,
    )
    await expect(
      startCollector({ store, port: 0, host: '0.0.0.0', allowRemote: true }),
    ).rejects.toThrow(/needs a token/)
    const remote = await startCollector({
      store,
      port: 0,
      host: '0.0.0.0',
      allowRemote: true,
      token: 's3cret-token',
    })
    try {
      const url = `http://127.0.0.1:${remote.port}/v1/traces`
      expect((await fetch(url, { method: 'POST', headers: json, body: '{}' })).status).toBe(401)
      expect(
        (
          await fetch(url, {
            method: 'POST',
            headers: { ...json, Authorization: 'Bearer wrong-token!' },
            body: '{}',
          })
        ).status,
      ).toBe(401)
      expect(
        (
          await fetch(url, {
            method: 'POST',
            headers: { ...json, Authorization: 'Bearer s3cret-token' },
            body: '{}',
          })
        ).status,
      ).toBe(200)
    } finally {
      await remote.close()
    }
  })
})

describe('map workers', () => {
  it('stores the same records and rejections from a worker as inline, JSON and protobuf', async () => {
    const inline = await startCollector({ store, port: 0, mapWorkers: 0 })
    const pooled = await startCollector({ store, port: 0, mapWorkers: 1 })
    const body = (session: string, idBase: number, proto: boolean): Buffer => {
      const spans = Array.from({ length: 300 }, (_, j) => ({
        traceId: (idBase + 1).toString(16).padStart(32, '0'),
        spanId: (idBase + j + 1).toString(16).padStart(16, '0'),
        name: `s${j}`,
        startTimeUnixNano: j === 7 ? '0' : `${1_700_000_000_000 + j}000000`,
        endTimeUnixNano: `${1_700_000_000_002 + j}000000`,
        status: { code: j % 10 === 9 ? 2 : 1, message: j % 10 === 9 ? 'bad' : '' },
        attributes: [
          { key: 'session.id', value: { stringValue: session } },
          { key: 'gen_ai.usage.prompt_tokens', value: { intValue: j } },
          { key: 'ratio', value: { doubleValue: j / 3 } },
          {
            key: 'list',
            value: { arrayValue: { values: [{ boolValue: true }, { intValue: -j }] } },
          },
          { key: 'pad', value: { stringValue: 'y'.repeat(80) } },
        ],
        events: j % 50 === 0 ? [{ name: 'exception', attributes: [] }] : [],
      }))
      const req = requestOf(spans)
      if (!proto) return Buffer.from(JSON.stringify(req))
      const t = otlpProtoTypes().traceRequest
      const withBytes = JSON.parse(JSON.stringify(req), (k, v: unknown) =>
        (k === 'traceId' || k === 'spanId') && typeof v === 'string' ? Buffer.from(v, 'hex') : v,
      ) as Record<string, unknown>
      return Buffer.from(t.encode(t.fromObject(withBytes)).finish())
    }
    const strip = (session: string) =>
      store
        .listSpans({ sessionId: session, order: 'asc', limit: 1000 })
        .items.map(({ spanId: _s, traceId: _t, sessionId: _x, attributes, ...rest }) => ({
          ...rest,
          attributes: { ...attributes, 'session.id': null },
        }))
    try {
      for (const proto of [false, true]) {
        const type = proto ? 'application/x-protobuf' : 'application/json'
        const tag = proto ? 'p' : 'j'
        const answers: string[] = []
        for (const [c, session, base] of [
          [inline, `inline-${tag}`, proto ? 0x30000 : 0x10000],
          [pooled, `pooled-${tag}`, proto ? 0x40000 : 0x20000],
        ] as const) {
          const b = body(session, base, proto)
          expect(b.length).toBeGreaterThan(32 * 1024)
          const res = await fetch(`${c.url}/v1/traces`, {
            method: 'POST',
            headers: { 'Content-Type': type },
            body: new Uint8Array(b),
          })
          expect(res.status).toBe(200)
          if (!proto) answers.push(JSON.stringify(await res.json()).replace(/spans\[\d+\]/g, ''))
        }
        if (!proto) expect(answers[0]).toBe(answers[1])
        const a = strip(`inline-${tag}`)
        expect(a).toHaveLength(299)
        expect(strip(`pooled-${tag}`)).toEqual(a)
        expect(store.getSession(`pooled-${tag}`)!.errorCount).toBe(
          store.getSession(`inline-${tag}`)!.errorCount,
        )
      }
      expect(pooled.stats().mappedOffThread).toBe(2)
      expect(pooled.stats().rejectedSpans).toBe(2)
    } finally {
      await inline.close()
      await pooled.close()
    }
  })

  it('decodes and maps large bodies on a worker thread with the same result and errors', async () => {
    const pooled = await startCollector({ store, port: 0, mapWorkers: 1 })
    try {
      const spans = Array.from({ length: 400 }, (_, j) => ({
        ...validSpan((0xb0000 + j).toString(16).padStart(16, '0')),
        attributes: [
          { key: 'session.id', value: { stringValue: 'pooled' } },
          { key: 'pad', value: { stringValue: 'x'.repeat(100) } },
        ],
      }))
      const body = JSON.stringify(requestOf(spans))
      expect(body.length).toBeGreaterThan(32 * 1024) // past the inline threshold
      const res = await fetch(`${pooled.url}/v1/traces`, { method: 'POST', headers: json, body })
      expect(res.status).toBe(200)
      expect(store.getSession('pooled')!.spanCount).toBe(400)
      expect(pooled.stats().mappedOffThread).toBe(1)
      const bad = await fetch(`${pooled.url}/v1/traces`, {
        method: 'POST',
        headers: json,
        body: `${body.slice(0, -10)}`,
      })
      expect(bad.status).toBe(400)
      expect(((await bad.json()) as { message: string }).message).toMatch(/not valid JSON/)
    } finally {
      await pooled.close()
    }
  })
})

describe('back-pressure', () => {
  it('answers 429 with Retry-After past the in-flight bound, and stores exactly what got 2xx', async () => {
    // requests big enough that their bodies stream in while others are being written
    const tight = await startCollector({ store, port: 0, maxInFlightRecords: 2500 })
    try {
      const sessions = Array.from({ length: 12 }, (_, i) => `bp-${i}`)
      const results = await Promise.all(
        sessions.map(async (sid, i) => {
          const spans = Array.from({ length: 2000 }, (_, j) => ({
            ...validSpan((i * 10000 + j + 1).toString(16).padStart(16, '0')),
            attributes: [{ key: 'session.id', value: { stringValue: sid } }],
          }))
          const res = await fetch(`${tight.url}/v1/traces`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify(requestOf(spans)),
          })
          return { sid, status: res.status, retryAfter: res.headers.get('retry-after') }
        }),
      )
      const ok = results.filter((r) => r.status === 200)
      const throttled = results.filter((r) => r.status === 429)
      expect(ok.length + throttled.length).toBe(results.length)
      expect(throttled.length).toBeGreaterThan(0)
      expect(ok.length).toBeGreaterThan(0)
      for (const r of throttled) expect(r.retryAfter).toBe('1')
      for (const r of results)
        expect(store.listSpans({ sessionId: r.sid, limit: 5000 }).items.length).toBe(
          r.status === 200 ? 2000 : 0,
        )
    } finally {
      await tight.close()
    }
  })
})

describe('back-pressure from other writers', () => {
  it('counts the store queue filled by another writer against the budget (429), then accepts', async () => {
    const c = await startCollector({ store, port: 0, maxInFlightRecords: 1000 })
    try {
      const now = Date.now()
      const bulk = Array.from({ length: 30_000 }, (_, i) => ({
        kind: 'span' as const,
        sessionId: 'bulk',
        spanId: `b${i}`,
        name: 'bulk',
        startTime: now + i,
      }))
      expect(store.enqueue(bulk).accepted).toBe(30_000)
      const body = JSON.stringify(
        requestOf([
          {
            ...validSpan('0000000000000e01'),
            attributes: [{ key: 'session.id', value: { stringValue: 'after-bulk' } }],
          },
        ]),
      )
      const busy = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: json, body })
      expect(busy.status).toBe(429)
      expect(busy.headers.get('retry-after')).toBe('1')
      expect(store.getSession('after-bulk')).toBeNull()
      await store.flush()
      const ok = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: json, body })
      expect(ok.status).toBe(200)
      expect(store.getSession('after-bulk')!.spanCount).toBe(1)
    } finally {
      await c.close()
    }
  })
})

describe('commit timing', () => {
  it("commits a request smaller than the store's own batch size at once, not on the flush timer", async () => {
    // batches of 5000 and a 20 s timer: 1500 spans fill no batch, so only the receiver's
    // commit-now answers them in time (it once compared with the default 1000 and waited)
    const big = openStore(path.join(dir, 'big-batches.db'), {
      batchSize: 5000,
      flushIntervalMs: 20_000,
    })
    const c = await startCollector({ store: big, port: 0 })
    try {
      expect(big.batchSize).toBe(5000)
      const spans = Array.from({ length: 1500 }, (_, j) => ({
        ...validSpan((j + 1).toString(16).padStart(16, '0')),
        attributes: [{ key: 'session.id', value: { stringValue: 'partial-batch' } }],
      }))
      const started = performance.now()
      const res = await fetch(`${c.url}/v1/traces`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(requestOf(spans)),
      })
      expect(res.status).toBe(200)
      expect(performance.now() - started).toBeLessThan(10_000)
      expect(big.getSession('partial-batch')!.spanCount).toBe(1500)
    } finally {
      await c.close()
      await big.close()
    }
  })
})

describe('store trouble', () => {
  it('answers 503 with Retry-After when the store cannot write, and nothing is claimed stored', async () => {
    const closedStore = openStore(path.join(dir, 'closed.db'))
    const c = await startCollector({ store: closedStore, port: 0 })
    try {
      await closedStore.close()
      const res = await fetch(`${c.url}/v1/traces`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(requestOf([validSpan('0000000000000d01')])),
      })
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('1')
      expect(((await res.json()) as { message: string }).message).toMatch(/store could not write/)
    } finally {
      await c.close()
    }
  })

  it('answers 503 when another process holds the write lock past the retry budget, then stores the retry', async () => {
    const lockedStore = openStore(path.join(dir, 'locked.db'), { busyRetries: 2 })
    await lockedStore.write([]) // the file exists with its schema before the other process opens it
    const c = await startCollector({ store: lockedStore, port: 0 })
    const body = JSON.stringify(requestOf([validSpan('0000000000000d02')]))
    try {
      const lock = await holdLock(path.join(dir, 'locked.db'), 'write')
      let res: Response
      try {
        res = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: json, body })
      } finally {
        await lock.release()
      }
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('1')
      expect(((await res.json()) as { message: string }).message).toMatch(
        /store could not write: database stayed busy after 2 retries/,
      )
      const retry = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: json, body })
      expect(retry.status).toBe(200)
      expect(lockedStore.listSpans({}).items.map((s) => s.spanId)).toEqual(['0000000000000d02'])
    } finally {
      await c.close()
      await lockedStore.close()
    }
  })
})
