// Store service figures (npm run bench:service):
//  1. main event-loop lag p99 while 50,000 spans/s are ingested through the worker and queries
//     are served at the same time — and the same load with the store on the main thread;
//  2. contract overhead per call (median): handler table in-process vs through the worker;
//  3. a 10,000-span page (2 × 5,000, columns) reaching the client: Electron-style structured
//     clone and browser-style WebSocket, split into query time and transport time.
// 2 cores shared with other work: figures are medians, and ratios from the same run.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import WebSocket from 'ws'
import { spanBatch } from './serviceBenchData'
import type { TraceRecord } from '../src/shared/domain'
import { createTraceApi } from '../src/shared/contract/client'
import type { ClientTransport } from '../src/shared/contract/client'
import type { Envelope } from '../src/shared/contract/errors'
import { decodeWire, encodeWire } from '../src/shared/contract/wire'
import { createAppCore } from '../src/main/service/appCore'
import type { AppCore } from '../src/main/service/appCore'
import { createOpener } from '../src/main/service/defaultOpener'
import { InProcessStoreService } from '../src/main/service/inProcessService'
import { inProcessApi } from '../src/main/service/inProcessTransport'
import type { StoreService } from '../src/main/service/storeService'
import { WorkerStoreService } from '../src/main/service/workerService'
import { startServer } from '../src/main/server/startServer'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const RATE = 50_000
const quiet = { onSlowCall: () => undefined }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const fmt = (n: number, d = 2) => n.toFixed(d)

function makeCore(service: StoreService): AppCore {
  return createAppCore({ service, mode: 'in-process', prefsDir: null })
}

async function ingestLoad(kind: 'worker' | 'in-process', dir: string) {
  const service =
    kind === 'worker'
      ? new WorkerStoreService(quiet)
      : new InProcessStoreService({ opener: createOpener(), ...quiet })
  const core = makeCore(service)
  const app = (await core.openPinned(path.join(dir, `${kind}-ingest.db`), { appStore: true }))
    .sourceId
  await service.ingest(app, [{ kind: 'session', id: 'load' }])
  const api = inProcessApi(core, 'viewer')
  const h = monitorEventLoopDelay({ resolution: 1 })
  const batch = 1000
  const intervalMs = (batch / RATE) * 1000
  let sent = 0
  let queries = 0
  let stop = false
  const t0 = performance.now()
  h.enable()
  // batches leave on a fixed schedule; up to 8 in flight, so a busy worker delays, not blocks
  let inFlight = 0
  let offered = 0
  const writer = (async () => {
    let next = performance.now()
    while (!stop) {
      if (inFlight < 8) {
        inFlight++
        const records = spanBatch('load', offered, batch) as TraceRecord[]
        offered += batch
        void service.ingest(app, records).then((r) => {
          sent += r.accepted
          inFlight--
        })
      }
      next += intervalMs
      const wait = next - performance.now()
      if (wait > 0) await new Promise((res) => setTimeout(res, wait))
    }
    while (inFlight > 0) await new Promise((res) => setTimeout(res, 5))
  })()
  const reader = (async () => {
    while (!stop) {
      await api.invoke('sessions.list', { sourceId: app, limit: 50 })
      await api.invoke('spans.columns', {
        sourceId: app,
        sessionId: 'load',
        limit: 1000,
        order: 'desc',
      })
      queries += 2
      await new Promise((res) => setTimeout(res, 50))
    }
  })()
  await new Promise((res) => setTimeout(res, SECONDS * 1000))
  stop = true
  await Promise.all([writer, reader])
  await service.flush(app)
  h.disable()
  const elapsed = (performance.now() - t0) / 1000
  const written = (await service.query(app, 'getSession', 'load'))?.spanCount ?? 0
  await api.close()
  await core.shutdown()
  return {
    kind,
    p50: h.percentile(50) / 1e6,
    p99: h.percentile(99) / 1e6,
    max: h.max / 1e6,
    offeredPerSec: offered / elapsed,
    acceptedPerSec: sent / elapsed,
    writtenPerSec: written / elapsed,
    queriesPerSec: queries / elapsed,
  }
}

/**
 * The app's real ingestion path: another process posts OTLP/HTTP to the collector, which runs
 * inside the app store's worker; main only serves the viewer's queries.
 */
async function collectorLoad(dir: string) {
  const service = new WorkerStoreService(quiet)
  const core = makeCore(service)
  const app = (await core.openPinned(path.join(dir, 'collector-ingest.db'), { appStore: true }))
    .sourceId
  const { url } = await service.collectorStart(app, 0)
  const api = inProcessApi(core, 'viewer')
  const h = monitorEventLoopDelay({ resolution: 1 })
  let queries = 0
  let stop = false
  h.enable()
  const t0 = performance.now()
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'otlpLoadChild.cjs'), url, String(RATE), String(SECONDS), '1000'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<void>((res) => child.on('exit', () => res()))
  const reader = (async () => {
    while (!stop) {
      await api.invoke('sessions.list', { sourceId: app, limit: 50 })
      await api.invoke('spans.columns', {
        sourceId: app,
        sessionId: 'otlp-load',
        limit: 1000,
        order: 'desc',
      })
      queries += 2
      await new Promise((res) => setTimeout(res, 50))
    }
  })()
  await exited
  stop = true
  await reader
  await service.flush(app)
  h.disable()
  const elapsed = (performance.now() - t0) / 1000
  const summary = JSON.parse(out) as { sent: number; accepted: number; throttled: number }
  const committed = (await service.query(app, 'getSession', 'otlp-load'))?.spanCount ?? 0
  await api.close()
  await core.shutdown()
  return {
    p50: h.percentile(50) / 1e6,
    p99: h.percentile(99) / 1e6,
    max: h.max / 1e6,
    offeredPerSec: summary.sent / elapsed,
    acceptedPerSec: summary.accepted / elapsed,
    committedPerSec: committed / elapsed,
    throttled: summary.throttled,
    queriesPerSec: queries / elapsed,
  }
}

async function seed(file: string, spans: number): Promise<void> {
  const service = new InProcessStoreService({ opener: createOpener(), ...quiet })
  await service.open({ sourceId: 's', path: file, appStore: true })
  await service.ingest('s', [{ kind: 'session', id: 'big' }])
  for (let i = 0; i < spans; i += 5000) {
    await service.ingest('s', spanBatch('big', i, Math.min(5000, spans - i)) as TraceRecord[])
    await service.flush('s')
  }
  await service.shutdown()
}

async function callOverhead(file: string) {
  const rounds = 2000
  const out: Record<string, number> = {}
  for (const kind of ['in-process', 'worker'] as const) {
    const service =
      kind === 'worker'
        ? new WorkerStoreService(quiet)
        : new InProcessStoreService({ opener: createOpener(), ...quiet })
    const core = makeCore(service)
    const sourceId = (await core.openPinned(file)).sourceId
    const api = inProcessApi(core, 'bench')
    const times: number[] = []
    for (let i = 0; i < rounds; i++) {
      const t = performance.now()
      await api.invoke('sessions.get', { sourceId, sessionId: 'big' })
      times.push(performance.now() - t)
    }
    out[kind] = median(times.slice(200))
    await api.close()
    await core.shutdown()
  }
  return out
}

async function wsClient(url: string, origin: string): Promise<ClientTransport & { close(): void }> {
  const ws = new WebSocket(url, { origin })
  await new Promise((res, rej) => {
    ws.once('open', res)
    ws.once('error', rej)
  })
  const pending = new Map<number, (e: Envelope<unknown>) => void>()
  let id = 0
  ws.on('message', (d) => {
    const m = decodeWire(d.toString())
    if (m.t === 'result') pending.get(m.id)?.(m.envelope)
  })
  return {
    invoke: (channel, input) =>
      new Promise((res) => {
        pending.set(++id, res)
        ws.send(encodeWire({ t: 'invoke', id, channel, input }))
      }),
    onEvent: () => () => undefined,
    close: () => ws.close(),
  }
}

async function bigPage(file: string) {
  const rounds = 15
  const timed = async (fn: () => Promise<unknown> | unknown) => {
    const times: number[] = []
    for (let r = 0; r < rounds; r++) {
      const t = performance.now()
      await fn()
      times.push(performance.now() - t)
    }
    return median(times)
  }
  const twoPages = async <T extends { nextCursor: string | null }>(
    get: (c: string | null) => Promise<T>,
  ) => {
    const a = await get(null)
    return [a, await get(a.nextCursor)]
  }

  // the store's own query time and the payloads, straight from the source on this thread
  const direct = new InProcessStoreService({ opener: createOpener(), ...quiet })
  await direct.open({ sourceId: 'd', path: file })
  const queryMs = await timed(() =>
    twoPages((cursor) => direct.query('d', 'listSpans', { sessionId: 'big', limit: 5000, cursor })),
  )
  const objectPages = await twoPages((cursor) =>
    direct.query('d', 'listSpans', { sessionId: 'big', limit: 5000, cursor }),
  )
  const columnPages = await twoPages((cursor) =>
    direct.spanColumns('d', { sessionId: 'big', limit: 5000, cursor }),
  )
  await direct.shutdown()
  const wire = (value: unknown) =>
    decodeWire(encodeWire({ t: 'result', id: 1, envelope: { ok: true, value } }))
  const transport = {
    'structured clone, columns': await timed(() => columnPages.map((p) => structuredClone(p))),
    'structured clone, span objects': await timed(() => objectPages.map((p) => structuredClone(p))),
    'WebSocket JSON, columns': await timed(() => columnPages.map(wire)),
    'WebSocket JSON, span objects': await timed(() => objectPages.map(wire)),
  }

  // end to end: worker → main → client
  const endToEnd: Record<string, number> = {}
  const worker = new WorkerStoreService(quiet)
  const core = makeCore(worker)
  const sourceId = (await core.openPinned(file)).sourceId
  const electronLike = inProcessApi(core, 'electron-like')
  endToEnd['worker → structured clone (Electron-like)'] = await timed(() =>
    twoPages((cursor) =>
      electronLike.invoke('spans.columns', { sourceId, sessionId: 'big', limit: 5000, cursor }),
    ),
  )
  await electronLike.close()
  await core.shutdown()
  const server = await startServer({
    dbPath: file,
    appStorePath: null,
    rendererDir: os.tmpdir(),
    onSlowCall: () => undefined,
  })
  const client = await wsClient(
    `ws://127.0.0.1:${server.port}/ws?token=${server.token}`,
    `http://127.0.0.1:${server.port}`,
  )
  const browser = createTraceApi(client, 'browser')
  const src = server.sources[0].sourceId
  endToEnd['worker → WebSocket (browser mode)'] = await timed(() =>
    twoPages((cursor) =>
      browser.invoke('spans.columns', { sourceId: src, sessionId: 'big', limit: 5000, cursor }),
    ),
  )
  client.close()
  await server.close()
  return { queryMs, transport, endToEnd }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-servicebench-'))
  try {
    console.log(`service bench: ${os.cpus().length} cores, ${SECONDS} s per load run\n`)
    console.log(
      `1. main event-loop lag while ${RATE.toLocaleString()} spans/s are offered and queries served`,
    )
    const c = await collectorLoad(dir)
    console.log(
      `   OTLP/HTTP from another process into the collector in the store worker (the app's path):\n` +
        `              lag p50 ${fmt(c.p50)} ms  p99 ${fmt(c.p99)} ms  max ${fmt(c.max)} ms | offered ${Math.round(c.offeredPerSec).toLocaleString()}/s, accepted ${Math.round(c.acceptedPerSec).toLocaleString()}/s (${c.throttled.toLocaleString()} told to retry), committed ${Math.round(c.committedPerSec).toLocaleString()}/s, ${fmt(c.queriesPerSec, 1)} queries/s`,
    )
    console.log('   records posted from main (main pays the structured clone of every batch):')
    for (const kind of ['worker', 'in-process'] as const) {
      const r = await ingestLoad(kind, dir)
      console.log(
        `   ${kind.padEnd(10)} lag p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms  max ${fmt(r.max)} ms | offered ${Math.round(r.offeredPerSec).toLocaleString()}/s, accepted ${Math.round(r.acceptedPerSec).toLocaleString()}/s, committed ${Math.round(r.writtenPerSec).toLocaleString()}/s, ${fmt(r.queriesPerSec, 1)} queries/s`,
      )
    }
    const big = path.join(dir, 'big.db')
    await seed(big, 10_000)
    console.log('\n2. contract overhead per call (sessions.get through the handler table, median)')
    const o = await callOverhead(big)
    console.log(
      `   in-process ${fmt(o['in-process'], 3)} ms, through the worker ${fmt(o.worker, 3)} ms, worker overhead ${fmt(o.worker - o['in-process'], 3)} ms`,
    )
    console.log('\n3. a 10,000-span page (2 × 5,000) reaching the client (median)')
    const pages = await bigPage(big)
    console.log(
      `   the store's query (listSpans, 2 pages, this thread)   ${fmt(pages.queryMs, 1)} ms`,
    )
    for (const [label, ms] of Object.entries(pages.transport))
      console.log(`   transport only: ${label.padEnd(36)} ${fmt(ms, 1)} ms`)
    for (const [label, ms] of Object.entries(pages.endToEnd))
      console.log(`   end to end: ${label.padEnd(40)} ${fmt(ms, 1)} ms`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
