// OTLP/HTTP request bodies (JSON and protobuf) and a loopback POST, for the collector scenarios.
import http from 'node:http'
import { otlpProtoTypes } from '../../src/main/otlp'

export interface SimpleSpan {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  startMs: number
  endMs: number
  attributes?: Record<string, string | number | boolean>
}

const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString()

function kv(attrs: Record<string, string | number | boolean>) {
  return Object.entries(attrs).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v },
  }))
}

/** OTLP JSON (hex ids, decimal-string nanoseconds), one resource naming the session. */
export function otlpJson(sessionId: string, spans: SimpleSpan[]): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: kv({ 'service.name': 'torture', 'session.id': sessionId }) },
        scopeSpans: [
          {
            scope: { name: 'torture' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: 1,
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.endMs),
              attributes: kv(s.attributes ?? {}),
              status: { code: 1 },
            })),
          },
        ],
      },
    ],
  }
}

/** The same request as protobuf bytes. */
export function otlpProto(sessionId: string, spans: SimpleSpan[]): Buffer {
  const t = otlpProtoTypes().traceRequest
  const obj = {
    resourceSpans: [
      {
        resource: { attributes: kv({ 'service.name': 'torture', 'session.id': sessionId }) },
        scopeSpans: [
          {
            scope: { name: 'torture' },
            spans: spans.map((s) => ({
              traceId: Buffer.from(s.traceId, 'hex'),
              spanId: Buffer.from(s.spanId, 'hex'),
              ...(s.parentSpanId ? { parentSpanId: Buffer.from(s.parentSpanId, 'hex') } : {}),
              name: s.name,
              kind: 1,
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.endMs),
              attributes: kv(s.attributes ?? {}),
              status: { code: 1 },
            })),
          },
        ],
      },
    ],
  }
  return Buffer.from(t.encode(t.fromObject(obj)).finish())
}

export interface PostResult {
  status: number
  body: string
  headers: http.IncomingHttpHeaders
  /** the connection failed (refused, reset) before a status arrived */
  error?: string
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })

export function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
  timeoutMs = 30_000,
): Promise<PostResult> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        )
        res.on('error', (e) => resolve({ status: 0, body: '', headers: {}, error: e.message }))
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (e) => resolve({ status: 0, body: '', headers: {}, error: e.message }))
    req.end(body)
  })
}

export const JSON_TYPE = { 'Content-Type': 'application/json' }
export const PROTO_TYPE = { 'Content-Type': 'application/x-protobuf' }

export function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0')
}
