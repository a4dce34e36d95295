// The forwarder against real HTTP upstreams: a second Tracescope collector with its own store
// (as a team's OTLP Collector would be), and a plain server for answers a collector of ours
// never gives (429 with Retry-After, a 400 refusal).
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { Forwarder } from '../../src/main/forward'
import type { ForwardEvent } from '../../src/main/forward'
import type { TraceStore } from '../../src/main/store/storeApi'
import { freePort } from '../fixtures/freePort'
import { startOtlpUpstream } from '../fixtures/otlpUpstream'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-forward-'))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

function otlpJson(session: string, n: number, from = 0): Buffer {
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId: 'ab'.repeat(16),
    spanId: (from + i + 1).toString(16).padStart(16, '0'),
    name: `step-${from + i}`,
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(from + i) * 1_000_000n),
    endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(from + i + 1) * 1_000_000n),
    attributes: [{ key: 'session.id', value: { stringValue: session } }],
  }))
  return Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }))
}

function upstreamCollector(dir: string, port = 0, token?: string) {
  return startOtlpUpstream(dir, (fn) => cleanups.push(fn), { port, token })
}

function forwarder(
  dir: string,
  url: string,
  opts: Partial<ConstructorParameters<typeof Forwarder>[0]> = {},
) {
  const events: ForwardEvent[] = []
  const f = new Forwarder({
    targets: [{ url, headers: {} }],
    queueFile: path.join(dir, 'queue.db'),
    maxQueueBytes: 64 * 1024 * 1024,
    onEvent: (e) => events.push(e),
    ...opts,
  })
  cleanups.push(() => f.close())
  return { f, events }
}

async function until<T>(what: string, fn: () => T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

function spanNames(store: TraceStore, session: string): string[] {
  return store
    .listSpans({ sessionId: session, limit: 10_000 })
    .items.map((s) => s.name)
    .sort()
}

describe('Forwarder', () => {
  it('sends each request once, gzipped or not as it came in', async () => {
    const dir = tmp()
    const up = await upstreamCollector(dir)
    const { f } = forwarder(dir, up.collector.url)
    f.enqueue({
      path: '/v1/traces',
      contentType: 'application/json',
      contentEncoding: null,
      body: otlpJson('s', 3),
    })
    f.enqueue({
      path: '/v1/traces',
      contentType: 'application/json',
      contentEncoding: 'gzip',
      body: gzipSync(otlpJson('s', 2, 3)),
    })
    await until('5 spans upstream', () => {
      return f.stats()[0].forwarded === 2
    })
    await up.store.flush()
    expect(spanNames(up.store, 's')).toEqual(['step-0', 'step-1', 'step-2', 'step-3', 'step-4'])
    expect(up.collector.stats().requests).toBe(2)
    expect(f.stats()[0]).toMatchObject({ queued: 0, forwarded: 2, dropped: 0, rejected: 0 })
  })

  it('queues while the upstream is down and drains within 10 s of it coming back, no duplicates', async () => {
    const dir = tmp()
    const port = await freePort()
    const { f, events } = forwarder(dir, `http://127.0.0.1:${port}`)
    for (let i = 0; i < 20; i++)
      f.enqueue({
        path: '/v1/traces',
        contentType: 'application/json',
        contentEncoding: null,
        body: otlpJson('down', 5, i * 5),
      })
    // the upstream is down for a few attempts: the backoff has grown
    await until(
      'three failed attempts',
      () => events.filter((e) => e.type === 'retrying').length >= 3,
    )
    expect(f.stats()[0]).toMatchObject({ queued: 20, forwarded: 0 })
    expect(f.stats()[0].lastError).toMatch(/ECONNREFUSED/)
    const cameBack = Date.now()
    const up = await upstreamCollector(dir, port)
    await until('the first request upstream', () => up.collector.stats().requests > 0, 10_000)
    const started = Date.now() - cameBack
    await until('the queue drained', () => f.stats()[0].queued === 0, 30_000)
    const drained = Date.now() - cameBack
    await up.store.flush()
    expect(spanNames(up.store, 'down')).toHaveLength(100)
    expect(up.collector.stats().requests).toBe(20)
    expect(events.some((e) => e.type === 'recovered')).toBe(true)
    expect(started).toBeLessThan(10_000)
    expect(drained).toBeLessThan(30_000)
  })

  it('keeps the queue across a restart and sends it when the upstream is up', async () => {
    const dir = tmp()
    const port = await freePort()
    const first = new Forwarder({
      targets: [{ url: `http://127.0.0.1:${port}`, headers: {} }],
      queueFile: path.join(dir, 'queue.db'),
      maxQueueBytes: 1 << 20,
    })
    first.enqueue({
      path: '/v1/traces',
      contentType: 'application/json',
      contentEncoding: null,
      body: otlpJson('restart', 4),
    })
    await first.close()
    expect(first.stats()[0]).toMatchObject({ queued: 1, forwarded: 0 })
    const up = await upstreamCollector(dir, port)
    const { f } = forwarder(dir, `http://127.0.0.1:${port}`)
    await until('the queued request sent', () => f.stats()[0].forwarded === 1, 10_000)
    await up.store.flush()
    expect(spanNames(up.store, 'restart')).toEqual(['step-0', 'step-1', 'step-2', 'step-3'])
  })

  it('honours Retry-After on 429 and refuses a 400 for good, counting it', async () => {
    const dir = tmp()
    const seen: Array<{
      at: number
      auth: string | undefined
      type: string | undefined
      body: string
    }> = []
    let answers = [429, 200, 400]
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        seen.push({
          at: Date.now(),
          auth: req.headers.authorization,
          type: req.headers['content-type'],
          body: Buffer.concat(chunks).toString(),
        })
        const status = answers.shift() ?? 200
        res.writeHead(status, status === 429 ? { 'Retry-After': '2' } : {})
        res.end(status === 400 ? 'bad data' : '')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const events: ForwardEvent[] = []
    const f = new Forwarder({
      targets: [{ url, headers: { authorization: 'Bearer team-token' } }],
      queueFile: path.join(dir, 'queue.db'),
      maxQueueBytes: 1 << 20,
      onEvent: (e) => events.push(e),
    })
    cleanups.push(() => f.close())
    f.enqueue({
      path: '/v1/traces',
      contentType: 'application/json',
      contentEncoding: null,
      body: otlpJson('a', 1),
    })
    f.enqueue({
      path: '/v1/logs',
      contentType: 'application/x-protobuf',
      contentEncoding: null,
      body: Buffer.from([1, 2, 3]),
    })
    await until('both settled', () => f.stats()[0].queued === 0, 15_000)
    expect(seen).toHaveLength(3)
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(1900)
    expect(seen.every((s) => s.auth === 'Bearer team-token')).toBe(true)
    expect(seen.map((s) => s.type)).toEqual([
      'application/json',
      'application/json',
      'application/x-protobuf',
    ])
    expect(f.stats()[0]).toMatchObject({ forwarded: 1, rejected: 1, queued: 0 })
    expect(events.find((e) => e.type === 'rejected')).toMatchObject({
      detail: 'HTTP 400: bad data',
    })
    answers = []
  })

  it('drops and counts what does not fit the queue, never silently', async () => {
    const dir = tmp()
    const port = await freePort()
    const body = otlpJson('full', 10)
    const { f, events } = forwarder(dir, `http://127.0.0.1:${port}`, {
      maxQueueBytes: body.length * 2 + 10,
    })
    for (let i = 0; i < 5; i++)
      f.enqueue({
        path: '/v1/traces',
        contentType: 'application/json',
        contentEncoding: null,
        body,
      })
    expect(f.stats()[0]).toMatchObject({ queued: 2, dropped: 3, droppedBytes: body.length * 3 })
    expect(
      events.filter((e) => e.type === 'dropped').map((e) => e.type === 'dropped' && e.dropped),
    ).toEqual([1, 2, 3])
  })
})
