// Data for the service bench: span records for seeding a store, and the OTLP load generator
// that plays a swarm on the same laptop. The generator runs as its own process (this file with
// `--otlp-generator`), pre-encodes every protobuf request before the clock starts, and then
// only sends buffers on a fixed schedule, so what it offers is not limited by its own CPU.
import http from 'node:http'
import { otlpProtoTypes } from '../src/main/otlp'

export interface SpanRecordLike {
  kind: 'span'
  sessionId: string
  traceId: string
  spanId: string
  parentSpanId: string | null
  name: string
  agentId: string
  startTime: number
  endTime: number
  status: 'ok' | 'error'
  attributes: Record<string, unknown>
}

const TRACE = 'f'.repeat(32)
const NAMES = ['llm.call', 'tool.search', 'tool.write', 'plan', 'review', 'agent.run', 'memory.get']

export function spanBatch(sessionId: string, start: number, n: number): SpanRecordLike[] {
  const base = Date.UTC(2025, 0, 1)
  const out: SpanRecordLike[] = new Array(n)
  for (let k = 0; k < n; k++) {
    const i = start + k
    out[k] = {
      kind: 'span',
      sessionId,
      traceId: TRACE,
      spanId: i.toString(16).padStart(16, '0'),
      parentSpanId: i % 10 === 0 ? null : (i - (i % 10)).toString(16).padStart(16, '0'),
      name: NAMES[i % NAMES.length],
      agentId: `agent-${i % 8}`,
      startTime: base + i * 2,
      endTime: base + i * 2 + 15,
      status: i % 97 === 0 ? 'error' : 'ok',
      attributes: { 'gen_ai.usage.input_tokens': i % 500, 'tool.name': NAMES[i % NAMES.length] },
    }
  }
  return out
}

/** Stands for the request number in the template's ids; patched in each request's copy. */
const MARK = 0xfeedface

/** an id of `bytes` bytes: the request number (MARK in the template) then `n` */
function idBytes(bytes: number, n: number): Buffer {
  const b = Buffer.alloc(bytes)
  b.writeUInt32BE(MARK, 0)
  b.writeUInt32BE(n, bytes - 4)
  return b
}

/**
 * OTLP/protobuf ExportTraceServiceRequests of `n` spans each, all encoded once: request `r` is
 * the template with `r` written where the template's ids hold MARK, so every span id is unique
 * and making a request costs a copy, not an encode (protobufjs takes ~30 ms per 1,000 spans).
 */
export function otlpProtoBodies(sessionId: string, requests: number, n: number): Buffer[] {
  const t0 = Date.UTC(2025, 0, 1) * 1e6
  const spans = []
  for (let i = 0; i < n; i++) {
    const t = t0 + i * 2e6
    spans.push({
      traceId: idBytes(16, 1 + (i >> 8)),
      spanId: idBytes(8, i + 1),
      parentSpanId: i % 10 === 0 ? undefined : idBytes(8, i - (i % 10) + 1),
      name: NAMES[i % NAMES.length],
      kind: 1,
      startTimeUnixNano: t,
      endTimeUnixNano: t + 15e6,
      attributes: [
        { key: 'gen_ai.conversation.id', value: { stringValue: sessionId } },
        { key: 'gen_ai.agent.name', value: { stringValue: `agent-${i % 8}` } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: i % 500 } },
      ],
      status: { code: i % 97 === 0 ? 2 : 1 },
    })
  }
  const type = otlpProtoTypes().traceRequest
  const template = Buffer.from(
    type
      .encode({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
            scopeSpans: [{ scope: { name: 'bench' }, spans }],
          },
        ],
      })
      .finish(),
  )
  const marks: number[] = []
  const needle = idBytes(4, MARK)
  for (let at = template.indexOf(needle); at >= 0; at = template.indexOf(needle, at + 4))
    marks.push(at)
  const expected = spans.length * 2 + spans.filter((sp) => sp.parentSpanId).length
  if (marks.length !== expected)
    throw new Error(`template: ${marks.length} marks, expected ${expected}`)
  const times = timeOffsets(template, type.decode(template) as unknown as DecodedRequest)
  // request r's spans start where request r - 1's ended, as a running swarm's would: equal times
  // in every request would make each batch insert between the store's existing index entries
  const requestNs = BigInt(n) * 2_000_000n
  return Array.from({ length: requests }, (_, r) => {
    const body = Buffer.from(template)
    for (const at of marks) body.writeUInt32BE(r, at)
    const shift = BigInt(r) * requestNs
    for (const at of times) body.writeBigUInt64LE(body.readBigUInt64LE(at) + shift, at)
    return body
  })
}

interface DecodedRequest {
  resourceSpans: Array<{
    scopeSpans: Array<{
      spans: Array<{
        startTimeUnixNano: { toString(): string }
        endTimeUnixNano: { toString(): string }
      }>
    }>
  }>
}

/** Where each span's start and end time (fixed64) sit in the encoded template, in span order. */
function timeOffsets(template: Buffer, decoded: DecodedRequest): number[] {
  const out: number[] = []
  let from = 0
  for (const sp of decoded.resourceSpans[0].scopeSpans[0].spans) {
    for (const t of [sp.startTimeUnixNano, sp.endTimeUnixNano]) {
      const needle = Buffer.alloc(8)
      needle.writeBigUInt64LE(BigInt(t.toString()))
      const at = template.indexOf(needle, from)
      if (at < 0) throw new Error('template: a span time was not found')
      out.push(at)
      from = at + 8
    }
  }
  return out
}

export interface GeneratorSummary {
  /** spans the schedule called for */
  offered: number
  /** spans actually posted (the rest waited on the in-flight cap: back-pressure) */
  sent: number
  accepted: number
  /** spans answered 429/503: the collector's back-pressure */
  throttled: number
  failed: number
  /** from the first send to the end of the schedule */
  offerSeconds: number
  /** until the last answer came */
  seconds: number
  /** generator CPU per offered span, µs (proves it is not the bottleneck) */
  cpuUsPerSpan: number
  encodeMs: number
}

/** Posts pre-encoded bodies at `rate` spans/s for `seconds`, at most `maxInFlight` at once. */
async function generate(
  url: string,
  rate: number,
  seconds: number,
  batch: number,
  maxInFlight: number,
): Promise<GeneratorSummary> {
  const te = performance.now()
  const count = Math.ceil((rate * seconds) / batch)
  const bodies = otlpProtoBodies('otlp-load', count, batch)
  const encodeMs = performance.now() - te
  process.stdout.write('ready\n')
  await new Promise<void>((res) => process.stdin.once('data', () => res()))
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight })
  const target = new URL('/v1/traces', url)
  const s = { offered: 0, sent: 0, accepted: 0, throttled: 0, failed: 0 }
  let inFlight = 0
  const done: Array<Promise<void>> = []
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const intervalMs = (batch / rate) * 1000
  for (let r = 0; r < count; r++) {
    const wait = t0 + r * intervalMs - performance.now()
    if (wait > 1) await new Promise((res) => setTimeout(res, wait))
    s.offered += batch
    if (inFlight >= maxInFlight) continue
    inFlight++
    s.sent += batch
    const body = bodies[r]
    done.push(
      new Promise<void>((res) => {
        const req = http.request(
          target,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
          },
          (resp) => {
            resp.resume()
            resp.on('end', () => {
              if (resp.statusCode === 200) s.accepted += batch
              else if (resp.statusCode === 429 || resp.statusCode === 503) s.throttled += batch
              else s.failed += batch
              inFlight--
              res()
            })
          },
        )
        req.on('error', () => {
          s.failed += batch
          inFlight--
          res()
        })
        req.end(body)
      }),
    )
  }
  const offerSeconds = Math.max(performance.now() - t0, count * intervalMs) / 1000
  await Promise.all(done)
  const elapsed = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  agent.destroy()
  return {
    ...s,
    offerSeconds,
    seconds: elapsed,
    cpuUsPerSpan: (cpu.user + cpu.system) / Math.max(1, s.offered),
    encodeMs,
  }
}

if (process.argv[2] === '--otlp-generator') {
  const [url, rate, seconds, batch, maxInFlight] = process.argv.slice(3)
  void generate(url, Number(rate), Number(seconds), Number(batch), Number(maxInFlight)).then(
    (summary) => {
      process.stdout.write(JSON.stringify(summary) + '\n')
      process.exit(0)
    },
  )
}
