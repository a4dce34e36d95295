// `tracescope collect --forward` as a user runs it: the real CLI in its own process, the
// official OpenTelemetry SDK as the client, a second Tracescope collector as the team's
// upstream — down while the swarm sends, the local collector restarted, then the upstream up.
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { startCollector } from '../../src/main/collector'
import { openStore } from '../../src/main/store/traceStore'
import { freePort } from '../fixtures/freePort'
import { BIN, ROOT, tracescope } from './cliHelpers'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

interface Running {
  child: ChildProcessWithoutNullStreams
  events: Array<Record<string, unknown>>
  next(event: string, ms?: number): Promise<Record<string, unknown>>
}

function collect(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, 'collect', '--json', ...args], { cwd: ROOT })
  const events: Array<Record<string, unknown>> = []
  const waiters: Array<() => void> = []
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    events.push(JSON.parse(line) as Record<string, unknown>)
    for (const w of waiters.splice(0)) w()
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  return {
    child,
    events,
    async next(event, ms = 20_000) {
      const end = Date.now() + ms
      for (;;) {
        const found = events.find((e) => e.event === event)
        if (found) return found
        if (Date.now() > end || child.exitCode !== null)
          throw new Error(`no ${event} event from collect (stderr: ${stderr})`)
        await new Promise<void>((r) => {
          waiters.push(r)
          setTimeout(r, 100)
        })
      }
    },
  }
}

async function stop(r: Running): Promise<Record<string, unknown>> {
  r.child.kill('SIGINT')
  return r.next('stopped')
}

describe('tracescope collect --forward', () => {
  it('stores at once, keeps what the upstream missed across a restart, sends it once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-collect-forward-'))
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const db = path.join(dir, 'laptop.db')
    const upstreamPort = await freePort()
    const token = 'team-secret-token'
    const args = [
      '--db',
      db,
      '--port',
      '0',
      '--forward',
      `http://127.0.0.1:${upstreamPort}`,
      '--forward-header',
      `authorization=Bearer ${token}`,
    ]

    // the swarm runs while the team's collector is down
    const first = collect(args)
    const listening = await first.next('listening')
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'swarm' }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: String(listening.traces) })),
      ],
    })
    const tracer = provider.getTracer('forward-test')
    for (let i = 0; i < 12; i++)
      tracer.startSpan(`task-${i}`, { attributes: { 'session.id': 'offline-run' } }).end()
    await provider.forceFlush()
    await provider.shutdown()
    await first.next('forward-retrying')

    // stored locally at once, whatever the upstream does
    const local = await tracescope(['spans', 'offline-run', '--db', db, '--json'])
    expect(local.code).toBe(0)
    expect((JSON.parse(local.stdout) as unknown[]).length).toBe(12)
    const stopped = await stop(first)
    expect(stopped.forward).toEqual([
      expect.objectContaining({ queued: 1, forwarded: 0, dropped: 0, rejected: 0 }),
    ])
    expect(fs.existsSync(`${db}.forward-queue.db`)).toBe(true)

    // Tracescope restarts; later the upstream comes up (and wants the token)
    const second = collect(args)
    await second.next('listening')
    const upDb = path.join(dir, 'team.db')
    const upStore = openStore(upDb)
    const upstream = await startCollector({ store: upStore, port: upstreamPort, token })
    cleanups.push(async () => {
      await upstream.close()
      await upStore.close()
    })
    const cameUp = Date.now()
    while (upstream.stats().requests === 0 && Date.now() - cameUp < 30_000)
      await new Promise((r) => setTimeout(r, 25))
    const drainedAfter = Date.now() - cameUp
    const done = await stop(second)
    expect(done.forward).toEqual([
      expect.objectContaining({ queued: 0, forwarded: 1, dropped: 0, rejected: 0 }),
    ])
    expect(drainedAfter).toBeLessThan(10_000)
    await upStore.flush()
    const names = upStore
      .listSpans({ sessionId: 'offline-run', limit: 100 })
      .items.map((s) => s.name)
      .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `task-${i}`))
    expect(upstream.stats().requests).toBe(1)
  }, 90_000)

  it('names a bad --forward or --forward-header and does not start', async () => {
    const bad = await tracescope(['collect', '--db', '/tmp/x.db', '--forward', 'collector:4318'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/only http:\/\/ and https:\/\//)
    const header = await tracescope([
      'collect',
      '--db',
      '/tmp/x.db',
      '--forward',
      'http://127.0.0.1:1',
      '--forward-header',
      'nope',
    ])
    expect(header.code).toBe(2)
    expect(header.stderr).toMatch(/expected name=value/)
  })
})
