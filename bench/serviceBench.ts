// Store service figures (npm run bench:service [-- --only lag,overhead,page] [--json]):
//  1. main event-loop lag p50/p99 while another process offers 50,000 spans/s of OTLP/protobuf
//     to the collector in the app store's worker (the app's ingest path) and a viewer's queries
//     run through the worker — and the same with the store and collector on the main thread;
//     offered, accepted, throttled (back-pressure) and committed rates are all printed;
//  2. contract overhead per call (median): handler table in-process vs through the worker;
//  3. 10,000 spans (2 pages of 5,000, the largest page) reaching the client on the channels a
//     client uses: `spans.columns` (the timeline) and `spans.list`, in-process, through the
//     worker with an Electron-like clone to the renderer, and over WebSocket (browser mode);
//     median and p95, and where the time goes (store query, columns, clone, JSON).
// 2 cores shared with other work: figures are medians, and ratios from the same run.
// BENCH_SECONDS (default 8) sets each load run's length; the last line is JSON.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { spanBatch } from './serviceBenchData'
import type { GeneratorSummary } from './serviceBenchData'
import type { TraceRecord } from '../src/shared/domain'
import type { TraceApi } from '../src/shared/contract/api'
import { createTraceApi } from '../src/shared/contract/client'
import type { ClientTransport } from '../src/shared/contract/client'
import type { Envelope } from '../src/shared/contract/errors'
import { spansToColumns } from '../src/shared/contract/spanColumns'
import { decodeWire, encodeWire } from '../src/shared/contract/wire'
import { createAppCore } from '../src/main/service/appCore'
import type { AppCore } from '../src/main/service/appCore'
import { createOpener } from '../src/main/service/defaultOpener'
import { InProcessStoreService } from '../src/main/service/inProcessService'
import { inProcessApi } from '../src/main/service/inProcessTransport'
import type { StoreService } from '../src/main/service/storeService'
import { WorkerStoreService } from '../src/main/service/workerService'
import { startServer } from '../src/main/server/startServer'

const { values: args } = parseArgs({
  options: { only: { type: 'string' }, json: { type: 'boolean' } },
})
const only = new Set((args.only ?? 'lag,overhead,page').split(','))
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const RATE = Number(process.env.BENCH_RATE ?? 50_000)
const BATCH = 1000
const quiet = { onSlowCall: () => undefined }

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]
}
const median = (xs: number[]) => pct(xs, 50)
const fmt = (n: number, d = 2) => n.toFixed(d)
const int = (n: number) => Math.round(n).toLocaleString('en-US')

function makeCore(service: StoreService): AppCore {
  return createAppCore({ service, mode: 'in-process', prefsDir: null })
}
const newService = (kind: 'worker' | 'in-process'): StoreService =>
  kind === 'worker'
    ? new WorkerStoreService(quiet)
    : new InProcessStoreService({ opener: createOpener(), ...quiet })

/** The load generator process, its bodies encoded; resolves once it is ready to send. */
async function startGenerator(url: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, 'serviceBenchData.ts'),
      '--otlp-generator',
      url,
      String(RATE),
      String(SECONDS),
      String(BATCH),
      '32',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  let out = ''
  let onReady = () => undefined as void
  const ready = new Promise<void>((res) => (onReady = res))
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
    if (out.startsWith('ready\n')) onReady()
  })
  const finished = new Promise<GeneratorSummary>((res, rej) =>
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? ''
      if (code === 0 && last.startsWith('{')) res(JSON.parse(last) as GeneratorSummary)
      else rej(new Error(`load generator exited with ${code}: ${out}`))
    }),
  )
  await ready
  return { go: () => child.stdin.end('go\n'), finished }
}

/** What a viewer of a live session asks while it runs (~15 calls/s), each call timed. */
function viewerQueries(api: TraceApi, sourceId: string) {
  let stop = false
  const times: Record<string, number[]> = {
    'sessions.list': [],
    'spans.columns': [],
    'errors.list': [],
  }
  const call = async (channel: keyof typeof times, run: () => Promise<unknown>) => {
    const t = performance.now()
    await run()
    times[channel].push(performance.now() - t)
  }
  const loop = (async () => {
    while (!stop) {
      await call('sessions.list', () => api.invoke('sessions.list', { sourceId, limit: 50 }))
      await call('spans.columns', () =>
        api.invoke('spans.columns', { sourceId, sessionId: 'otlp-load', limit: 1000 }),
      )
      await call('errors.list', () =>
        api.invoke('errors.list', { sourceId, sessionId: 'otlp-load', limit: 100 }),
      )
      await new Promise((res) => setTimeout(res, 150))
    }
  })()
  return {
    times,
    stop: async () => {
      stop = true
      await loop
    },
  }
}

/** The collector in `kind`'s thread; a generator process posts OTLP; main serves queries. */
async function collectorLoad(kind: 'worker' | 'in-process', dir: string) {
  const service = newService(kind)
  const core = makeCore(service)
  const app = (await core.openPinned(path.join(dir, `${kind}-collector.db`), { appStore: true }))
    .sourceId
  const { url } = await service.collectorStart(app, 0)
  const api = inProcessApi(core, 'viewer')
  const gen = await startGenerator(url)
  const h = monitorEventLoopDelay({ resolution: 1 })
  const elu0 = performance.eventLoopUtilization()
  const cpu0 = process.cpuUsage()
  h.enable()
  const t0 = performance.now()
  gen.go()
  const viewer = viewerQueries(api, app)
  const g = await gen.finished
  await viewer.stop()
  const elapsed = (performance.now() - t0) / 1000
  h.disable()
  const elu = performance.eventLoopUtilization(elu0)
  const cpu = process.cpuUsage(cpu0)
  // what the store committed while the run lasted, then the backlog it still had
  const committedInRun = (await service.query(app, 'getSession', 'otlp-load'))?.spanCount ?? 0
  await service.flush(app)
  const committed = (await service.query(app, 'getSession', 'otlp-load'))?.spanCount ?? 0
  await api.close()
  await core.shutdown()
  return {
    kind,
    lagP50: h.percentile(50) / 1e6,
    lagP99: h.percentile(99) / 1e6,
    lagMax: h.max / 1e6,
    seconds: elapsed,
    offeredPerSec: g.offered / g.offerSeconds,
    sentPerSec: g.sent / g.offerSeconds,
    acceptedPerSec: g.accepted / g.seconds,
    throttled: g.throttled,
    notSent: g.offered - g.sent,
    failed: g.failed,
    committedPerSec: committedInRun / elapsed,
    committed,
    generatorCpuUsPerSpan: g.cpuUsPerSpan,
    mainBusyPct: elu.utilization * 100,
    // every thread of this process (main, store worker, map worker): what a span costs the app
    appCpuUsPerSpan: (cpu.user + cpu.system) / Math.max(1, committedInRun),
    appCores: (cpu.user + cpu.system) / 1e6 / elapsed,
    queryMs: Object.fromEntries(
      Object.entries(viewer.times).map(([k, t]) => [k, { median: median(t), p95: pct(t, 95) }]),
    ),
    queriesPerSec: Object.values(viewer.times).reduce((n, t) => n + t.length, 0) / elapsed,
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
    const core = makeCore(newService(kind))
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

type Stat = { median: number; p95: number; cpu?: number }
const ROUNDS = 31

/** wall time, and CPU of every thread of this process (steadier when the machine is busy) */
async function timed(fn: () => Promise<unknown> | unknown): Promise<Stat> {
  await fn() // warm-up
  const times: number[] = []
  const cpus: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const c = process.cpuUsage()
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
    const used = process.cpuUsage(c)
    cpus.push((used.user + used.system) / 1000)
  }
  return { median: median(times), p95: pct(times, 95), cpu: median(cpus) }
}

/** 10,000 spans as the timeline loads them: page 1, then page 2 with its cursor. */
async function twoPages<T extends { nextCursor: string | null }>(
  get: (c: string | null) => Promise<T>,
): Promise<T[]> {
  const a = await get(null)
  const b = await get(a.nextCursor)
  if (!b.nextCursor && a.nextCursor === null) throw new Error('expected two pages')
  return [a, b]
}

const PAGE = { sessionId: 'big', limit: 5000, order: 'asc' as const }
const CHANNELS = ['spans.columns', 'spans.list'] as const

async function endToEnd(api: TraceApi, sourceId: string): Promise<Record<string, Stat>> {
  const out: Record<string, Stat> = {}
  for (const channel of CHANNELS)
    out[channel] = await timed(() =>
      twoPages((cursor) => api.invoke(channel, { sourceId, ...PAGE, cursor })),
    )
  return out
}

async function bigPage(file: string) {
  // where the time goes, each step alone on this thread
  const direct = new InProcessStoreService({ opener: createOpener(), ...quiet })
  await direct.open({ sourceId: 'd', path: file })
  const list = (withAttributes: boolean) =>
    twoPages((cursor) => direct.query('d', 'listSpans', { ...PAGE, cursor, withAttributes }))
  const full = await list(true)
  const lean = await list(false)
  const cols = lean.map((p) => spansToColumns(p.items, p.nextCursor))
  const wire = (value: unknown) =>
    decodeWire(encodeWire({ t: 'result', id: 1, envelope: { ok: true, value } }))
  const steps: Record<string, Stat> = {
    "store listSpans with attributes (spans.list's query)": await timed(() => list(true)),
    "store listSpans without attributes (spans.columns' query)": await timed(() => list(false)),
    'spans → columns': await timed(() => lean.map((p) => spansToColumns(p.items, p.nextCursor))),
    'structured clone, columns': await timed(() => cols.map((p) => structuredClone(p))),
    'structured clone, span objects': await timed(() => full.map((p) => structuredClone(p))),
    'JSON wire encode+decode, columns': await timed(() => cols.map(wire)),
    'JSON wire encode+decode, span objects': await timed(() => full.map(wire)),
  }
  await direct.shutdown()

  const paths: Record<string, Record<string, Stat>> = {}
  for (const kind of ['in-process', 'worker'] as const) {
    const core = makeCore(newService(kind))
    const sourceId = (await core.openPinned(file)).sourceId
    // inProcessApi clones input and answer: the hop to an Electron renderer
    const api = inProcessApi(core, 'bench')
    paths[kind === 'worker' ? 'worker → main → renderer clone (Electron)' : 'in-process'] =
      await endToEnd(api, sourceId)
    await api.close()
    await core.shutdown()
  }
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
  paths['worker → main → WebSocket (browser mode)'] = await endToEnd(
    createTraceApi(client, 'browser'),
    server.sources[0].sourceId,
  )
  client.close()
  await server.close()
  return { steps, paths }
}

const stat = (s: Stat, d = 1) =>
  `median ${fmt(s.median, d)} ms, p95 ${fmt(s.p95, d)} ms` +
  (s.cpu === undefined ? '' : `, CPU ${fmt(s.cpu, d)} ms`)

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-servicebench-'))
  const json: Record<string, unknown> = { load: os.loadavg()[0], seconds: SECONDS, rate: RATE }
  try {
    console.log(`service bench: ${os.cpus().length} cores, load ${fmt(os.loadavg()[0], 1)}\n`)
    if (only.has('lag')) {
      console.log(
        `1. main event-loop lag while another process offers ${int(RATE)} spans/s of OTLP/protobuf (${BATCH} per request, ${SECONDS} s) and a viewer queries`,
      )
      const runs = []
      for (const kind of ['worker', 'in-process'] as const) {
        const r = await collectorLoad(kind, dir)
        runs.push(r)
        const where =
          kind === 'worker'
            ? 'store + collector in a worker (the app)'
            : 'store + collector on main'
        console.log(
          `   ${where}:\n` +
            `      main lag p50 ${fmt(r.lagP50)} ms, p99 ${fmt(r.lagP99)} ms, max ${fmt(r.lagMax)} ms; main thread busy ${fmt(r.mainBusyPct, 0)}% of the time\n` +
            `      offered ${int(r.offeredPerSec)}/s, sent ${int(r.sentPerSec)}/s (${int(r.notSent)} spans held back by 32 requests in flight), accepted ${int(r.acceptedPerSec)}/s, ` +
            `told to retry (429) ${int(r.throttled)}, failed ${int(r.failed)}\n` +
            `      committed ${int(r.committedPerSec)}/s during the run (${int(r.committed)} after the final flush); app process CPU ${fmt(r.appCpuUsPerSpan, 1)} µs per committed span (${fmt(r.appCores)} cores busy); generator CPU ${fmt(r.generatorCpuUsPerSpan)} µs/span\n` +
            `      viewer, ${fmt(r.queriesPerSec, 1)} queries/s: ` +
            Object.entries(r.queryMs)
              .map(([k, s]) => `${k} ${stat(s)}`)
              .join('; '),
        )
      }
      json.lag = runs
    }
    const big = path.join(dir, 'big.db')
    if (only.has('overhead') || only.has('page')) await seed(big, 10_000)
    if (only.has('overhead')) {
      console.log(
        '\n2. contract overhead per call (sessions.get through the handler table, median)',
      )
      const o = await callOverhead(big)
      console.log(
        `   in-process ${fmt(o['in-process'], 3)} ms, through the worker ${fmt(o.worker, 3)} ms, worker overhead ${fmt(o.worker - o['in-process'], 3)} ms`,
      )
      json.overhead = o
    }
    if (only.has('page')) {
      console.log(`\n3. 10,000 spans (2 pages of 5,000) reaching the client, ${ROUNDS} rounds`)
      const { steps, paths } = await bigPage(big)
      for (const [label, byChannel] of Object.entries(paths))
        for (const [channel, s] of Object.entries(byChannel))
          console.log(`   ${`${label}, ${channel}`.padEnd(62)} ${stat(s)}`)
      console.log('   where the time goes (each step alone, 10,000 spans):')
      for (const [label, s] of Object.entries(steps))
        console.log(`     ${label.padEnd(58)} ${stat(s)}`)
      json.page = { paths, steps }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  if (args.json) console.log(JSON.stringify(json))
}

void main()
