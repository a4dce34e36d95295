// OTLP/HTTP ingest benchmark: a local load generator (this process) against the collector and
// store in a child process (the same file with --serve), loopback only, bounded in count and time.
//   npm run bench:otlp [-- --spans 50000 --batch 500 --concurrency 8 --rounds 3 --map-workers 1
//                          --flood-requests 300 --flood-concurrency 128 --max-in-flight 50000
//                          --phases store,json0,jsonW,proto0,protoW --cpu-prof-dir /tmp/prof]
// Phases: the store alone (the ceiling), JSON and protobuf inline and with map workers (spans/s
// end to end: a 2xx comes only after the store committed), then a flood past capacity, checking
// that every request got 2xx or 429/503 and that the store holds exactly the spans of the 2xx
// requests. Each phase also prints CPU per span (collector process, its main thread, and this
// load generator) and what the store did after the run (catching its search index up), since
// spans/s on a shared machine moves with everyone else's load.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { otlpProtoTypes } from '../src/main/otlp'

const { values: args } = parseArgs({
  options: {
    serve: { type: 'string' },
    'store-only': { type: 'string' },
    'max-in-flight': { type: 'string', default: '50000' },
    'map-workers': { type: 'string', default: '1' },
    spans: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
    'flood-requests': { type: 'string', default: '300' },
    'flood-concurrency': { type: 'string', default: '128' },
    'time-limit-s': { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    /** which phases to run (store,json0,jsonW,proto0,protoW); the medians name what ran */
    phases: { type: 'string', default: 'store,json0,jsonW,proto0,protoW' },
    /** write a V8 CPU profile of each collector child here (chrome://inspect, or a script) */
    'cpu-prof-dir': { type: 'string' },
  },
})

// ---- server side ------------------------------------------------------------------------------
async function serve(db: string): Promise<void> {
  const { openStore } = await import('../src/main/store/traceStore')
  const { startCollector } = await import('../src/main/collector')
  const store = openStore(db)
  const collector = await startCollector({
    store,
    port: 0,
    maxInFlightRecords: Number(args['max-in-flight']),
    mapWorkers: Number(args['map-workers']),
  })
  process.stdout.write(`${JSON.stringify({ port: collector.port })}\n`)
  process.once('SIGTERM', () => {
    void (async () => {
      // closing commits what is queued and catches the search index up: work the store
      // defers while writes keep coming, reported apart from the ingest window
      const t0 = performance.now()
      const cpu0 = process.cpuUsage()
      await collector.close()
      await store.flush()
      await store.close()
      const cpu = process.cpuUsage(cpu0)
      const closing = { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 }
      process.stdout.write(`${JSON.stringify({ stopped: collector.stats(), closing })}\n`)
      process.exit(0)
    })()
  })
}

/** The ceiling: the same spans mapped and written straight into a store, no HTTP, no decoding. */
async function storeOnly(db: string): Promise<void> {
  const { openStore } = await import('../src/main/store/traceStore')
  const { otlpTracesToRecords } = await import('../src/main/otlp')
  const batch = Number(args.batch)
  const requests = Math.ceil(Number(args.spans) / batch)
  const mapped = Array.from(
    { length: requests },
    (_, r) => otlpTracesToRecords(requestOf(spansOf(r, batch, `store-s${r % 10}`))).records,
  )
  const store = openStore(db)
  const concurrency = Number(args.concurrency)
  const t0 = performance.now()
  for (let i = 0; i < mapped.length; i += concurrency)
    await Promise.all(mapped.slice(i, i + concurrency).map((m) => store.write(m)))
  const ms = performance.now() - t0
  await store.close()
  process.stdout.write(`${JSON.stringify({ spans: requests * batch, ms })}\n`)
}

// ---- load generator ---------------------------------------------------------------------------
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0')

function spansOf(request: number, batch: number, sessionId: string): unknown[] {
  const traceId = hex(request + 1, 32)
  const t0 = 1_700_000_000_000 + request * 1000
  return Array.from({ length: batch }, (_, j) => ({
    traceId,
    spanId: hex(request * 100_000 + j + 1, 16),
    parentSpanId: j === 0 ? '' : hex(request * 100_000 + 1, 16),
    name:
      j === 0 ? 'invoke_agent researcher' : j % 3 === 0 ? 'chat gpt-4o' : 'execute_tool web_search',
    kind: j % 3 === 0 ? 3 : 1,
    startTimeUnixNano: `${t0 + j}000000`,
    endTimeUnixNano: `${t0 + j + 3}000000`,
    attributes: [
      { key: 'session.id', value: { stringValue: sessionId } },
      { key: 'gen_ai.agent.name', value: { stringValue: `agent-${j % 7}` } },
      {
        key: 'gen_ai.operation.name',
        value: { stringValue: j % 3 === 0 ? 'chat' : 'execute_tool' },
      },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: 100 + j } },
      { key: 'tool.query', value: { stringValue: `query number ${j} about something` } },
    ],
    status: { code: j % 50 === 49 ? 2 : 1, message: j % 50 === 49 ? 'tool timed out' : '' },
  }))
}

function requestOf(spans: unknown[]): { resourceSpans: unknown[] } {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'bench-swarm' } },
            { key: 'host.name', value: { stringValue: 'laptop' } },
          ],
        },
        scopeSpans: [{ scope: { name: 'bench', version: '1.0.0' }, spans }],
      },
    ],
  }
}

function toProto(req: { resourceSpans: unknown[] }): Buffer {
  const t = otlpProtoTypes().traceRequest
  const withBytes = JSON.parse(JSON.stringify(req), (key, value: unknown) =>
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && typeof value === 'string'
      ? Buffer.from(value, 'hex')
      : value,
  ) as Record<string, unknown>
  return Buffer.from(t.encode(t.fromObject(withBytes)).finish())
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })

function post(port: number, body: Buffer, type: string): Promise<number> {
  const headers = { 'Content-Type': type, 'Content-Length': body.length }
  const opts = { host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', agent, headers }
  return new Promise((resolve, reject) => {
    const req = http.request(opts, (res) =>
      res.resume().on('end', () => resolve(res.statusCode ?? 0)),
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Sends every body with `concurrency` requests in flight; returns each status and the wall time. */
async function send(
  port: number,
  bodies: Buffer[],
  type: string,
  concurrency: number,
  limitMs: number,
): Promise<{ statuses: number[]; ms: number }> {
  // the time limit starts when sending does (building the bodies is not part of it)
  const end = Date.now() + limitMs
  const statuses = new Array<number>(bodies.length).fill(0)
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length && Date.now() < end) {
        const i = next++
        statuses[i] = await post(port, bodies[i], type)
      }
    }),
  )
  return { statuses, ms: performance.now() - t0 }
}

function startServer(
  db: string,
  maxInFlight: number,
  mapWorkers = Number(args['map-workers']),
): Promise<{ child: ChildProcess; port: number }> {
  const argv = [
    '--serve',
    db,
    '--max-in-flight',
    String(maxInFlight),
    '--map-workers',
    String(mapWorkers),
  ]
  const prof = args['cpu-prof-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof-dir']}`] : []
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', __filename, ...argv], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let buf = ''
    const onData = (d: Buffer): void => {
      buf += d.toString()
      const line = buf.split('\n')[0]
      if (buf.includes('\n')) {
        child.stdout!.off('data', onData)
        resolve({ child, port: (JSON.parse(line) as { port: number }).port })
      }
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`collector exited early (${code})`)))
  })
}

/** What the collector child reported on stop: time and CPU spent closing (index catch-up). */
interface Closing {
  ms: number
  cpuMs: number
}

function stopServer(child: ChildProcess): Promise<Closing | null> {
  return new Promise((resolve) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    child.removeAllListeners('exit')
    child.once('exit', () => {
      const line = out.split('\n').find((l) => l.includes('"closing"'))
      resolve(line ? (JSON.parse(line) as { closing: Closing }).closing : null)
    })
    child.kill('SIGTERM')
  })
}

/** utime + stime of a /proc stat line, in ms (clock ticks of 10 ms) */
function statCpuMs(file: string): number {
  const stat = fs.readFileSync(file, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields 14 and 15 (utime, stime), counted from field 3 after the name
  return (Number(f[11]) + Number(f[12])) * 10
}

/** CPU ms used so far by a process: all threads, and its main thread (Linux /proc; else null). */
function cpuMsOf(pid: number | undefined): { all: number; main: number } | null {
  try {
    return { all: statCpuMs(`/proc/${pid}/stat`), main: statCpuMs(`/proc/${pid}/task/${pid}/stat`) }
  } catch {
    return null
  }
}

async function countSpans(db: string, sessions: string[]): Promise<Map<string, number>> {
  const { openStore } = await import('../src/main/store/traceStore')
  const store = openStore(db, { readOnly: true })
  try {
    return new Map(sessions.map((s) => [s, store.getSession(s)?.spanCount ?? 0]))
  } finally {
    await store.close()
  }
}

interface Phase {
  encoding: 'json' | 'protobuf'
  total: number
  batch: number
  concurrency: number
  limitMs: number
  mapWorkers: number
}

async function throughput(label: string, p: Phase, dir: string, round: number): Promise<number> {
  const { encoding, total, batch, concurrency, limitMs, mapWorkers } = p
  const db = path.join(dir, `${encoding}-${mapWorkers}-${round}.db`)
  const requests = Math.ceil(total / batch)
  const sessions = Array.from({ length: 10 }, (_, i) => `${encoding}-s${i}`)
  const bodies = Array.from({ length: requests }, (_, r) => {
    const req = requestOf(spansOf(r, batch, sessions[r % sessions.length]))
    return encoding === 'json' ? Buffer.from(JSON.stringify(req)) : toProto(req)
  })
  const bytes = bodies.reduce((n, b) => n + b.length, 0)
  const { child, port } = await startServer(db, Number(args['max-in-flight']), mapWorkers)
  const type = encoding === 'json' ? 'application/json' : 'application/x-protobuf'
  // one request first, in its own session: the map worker starts on the first large body, and
  // its start (loading the mapping code) belongs to the collector's start, not to its rate
  const warm = requestOf(spansOf(requests + 1000, batch, `${encoding}-warm-up`))
  await post(port, encoding === 'json' ? Buffer.from(JSON.stringify(warm)) : toProto(warm), type)
  const childCpu0 = cpuMsOf(child.pid)
  const genCpu0 = process.cpuUsage()
  const { statuses, ms } = await send(port, bodies, type, concurrency, limitMs)
  const genCpu = process.cpuUsage(genCpu0)
  const childCpu1 = cpuMsOf(child.pid)
  const childCpu =
    childCpu0 && childCpu1
      ? { all: childCpu1.all - childCpu0.all, main: childCpu1.main - childCpu0.main }
      : null
  const closing = await stopServer(child)
  const ok = statuses.filter((s) => s === 200).length
  const stored = [...(await countSpans(db, sessions)).values()].reduce((a, b) => a + b, 0)
  const spans = ok * batch
  const rate = spans / (ms / 1000)
  // CPU per span is steadier than spans/s on a shared machine: other processes' load lengthens
  // the wall time but not the work done per span
  const cpu =
    childCpu === null
      ? ''
      : `collector CPU ${((childCpu.all * 1000) / spans).toFixed(1)} µs/span (${((100 * childCpu.all) / ms).toFixed(0)}% of a core; ` +
        `its main thread ${((childCpu.main * 1000) / spans).toFixed(1)} µs/span, ${((100 * childCpu.main) / ms).toFixed(0)}%), `
  const gen = (genCpu.user + genCpu.system) / 1000
  console.log(
    `${label.padEnd(9)} ${spans.toLocaleString()} spans in ${ms.toFixed(0)} ms = ${Math.round(rate).toLocaleString()} spans/s ` +
      `(${requests} requests of ${batch}, ${concurrency} in flight, ${(bytes / requests / 1024).toFixed(0)} KiB/request); ` +
      `non-200: ${statuses.filter((s) => s !== 200 && s !== 0).length}, not sent (time limit): ${statuses.filter((s) => s === 0).length}; stored: ${stored.toLocaleString()}\n` +
      `          ${cpu}load generator CPU ${((gen * 1000) / spans).toFixed(1)} µs/span (${((100 * gen) / ms).toFixed(0)}% of a core)` +
      (closing
        ? `; after the run, closing (search index catch-up) ${closing.ms.toFixed(0)} ms, ${((closing.cpuMs * 1000) / spans).toFixed(1)} µs/span CPU` +
          ` = ${fmt(spans / ((ms + closing.ms) / 1000))} spans/s counting it`
        : ''),
  )
  if (stored !== spans) throw new Error(`stored ${stored} spans, expected ${spans}`)
  return rate
}

async function flood(
  requests: number,
  batch: number,
  concurrency: number,
  dir: string,
  limitMs: number,
): Promise<void> {
  const db = path.join(dir, 'flood.db')
  const sessions = Array.from({ length: requests }, (_, r) => `flood-${r}`)
  const bodies = sessions.map((s, r) =>
    Buffer.from(JSON.stringify(requestOf(spansOf(r, batch, s)))),
  )
  const { child, port } = await startServer(db, Number(args['max-in-flight']))
  const { statuses, ms } = await send(port, bodies, 'application/json', concurrency, limitMs)
  await stopServer(child)
  const counts = await countSpans(db, sessions)
  const tally = new Map<number, number>()
  for (const s of statuses) tally.set(s, (tally.get(s) ?? 0) + 1)
  let mismatches = 0
  let expected = 0
  let stored = 0
  statuses.forEach((status, r) => {
    const want = status === 200 ? batch : 0
    expected += want
    stored += counts.get(sessions[r]) ?? 0
    if ((counts.get(sessions[r]) ?? 0) !== want) mismatches++
  })
  const unexpected = [...tally.keys()].filter((s) => s !== 200 && s !== 429 && s !== 503 && s !== 0)
  console.log(
    `flood     ${requests} requests of ${batch} spans, ${concurrency} in flight, in ${ms.toFixed(0)} ms: ` +
      [...tally].map(([s, n]) => `${s}×${n}`).join(', ') +
      `; spans of 2xx requests ${expected.toLocaleString()}, stored ${stored.toLocaleString()}, per-request mismatches ${mismatches}`,
  )
  if (unexpected.length) throw new Error(`unexpected statuses ${unexpected.join(', ')}`)
  if (mismatches || stored !== expected)
    throw new Error('the store does not hold exactly the 2xx spans')
  if (!tally.get(429) && !tally.get(503))
    console.log(
      '          (no request was throttled: raise --flood-concurrency or lower --max-in-flight)',
    )
}

function storeCeiling(
  dir: string,
  round: number,
  total: number,
  batch: number,
  concurrency: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const args2 = [
      '--store-only',
      path.join(dir, `store-only-${round}.db`),
      '--spans',
      String(total),
      '--batch',
      String(batch),
      '--concurrency',
      String(concurrency),
    ]
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, ...args2], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`store-only run failed (${code})`))
      const r = JSON.parse(out) as { spans: number; ms: number }
      const rate = r.spans / (r.ms / 1000)
      console.log(
        `store     ${r.spans.toLocaleString()} spans mapped in advance, written straight into a store: ${Math.round(rate).toLocaleString()} spans/s (the ceiling right now)`,
      )
      resolve(rate)
    })
  })
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const fmt = (n: number): string => (Number.isNaN(n) ? '–' : Math.round(n).toLocaleString())

async function main(): Promise<void> {
  if (args.serve) return serve(args.serve)
  if (args['store-only']) return storeOnly(args['store-only'])
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-otlp-bench-'))
  // each phase gets its own time limit; requests not sent by then are reported, not counted
  const limit = Number(args['time-limit-s']) * 1000
  const total = Number(args.spans)
  const batch = Number(args.batch)
  const concurrency = Number(args.concurrency)
  const workers = Number(args['map-workers'])
  const rounds = Number(args.rounds)
  console.log(
    `OTLP/HTTP ingest, loopback, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}, ${rounds} rounds, store on ${dir}`,
  )
  type PhaseKey = 'json0' | 'jsonW' | 'proto0' | 'protoW'
  const phases: Array<[PhaseKey, 'json' | 'protobuf', number]> = [
    ['json0', 'json', 0],
    ['jsonW', 'json', workers],
    ['proto0', 'protobuf', 0],
    ['protoW', 'protobuf', workers],
  ]
  const r: Record<'store' | PhaseKey, number[]> = {
    store: [],
    json0: [],
    jsonW: [],
    proto0: [],
    protoW: [],
  }
  const only = new Set(args.phases!.split(','))
  try {
    // rounds interleave the phases, so a change in the machine's load hits all of them alike
    for (let round = 0; round < rounds; round++) {
      if (only.has('store')) r.store.push(await storeCeiling(dir, round, total, batch, concurrency))
      for (const [key, enc, w] of phases) {
        if (!only.has(key)) continue
        const spans = enc === 'json' ? total : Math.round(total * 1.5)
        const label = `${enc === 'json' ? 'json ' : 'proto'}  w${w}`
        const phase = {
          encoding: enc,
          total: spans,
          batch,
          concurrency,
          limitMs: limit,
          mapWorkers: w,
        }
        r[key].push(await throughput(label, phase, dir, round))
      }
    }
    const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)])) as Record<
      keyof typeof r,
      number
    >
    const json = Math.max(m.json0, m.jsonW)
    const proto = Math.max(m.proto0, m.protoW)
    console.log(
      `medians (spans/s): store ${fmt(m.store)}; json inline ${fmt(m.json0)}, with ${workers} map worker(s) ${fmt(m.jsonW)}; protobuf inline ${fmt(m.proto0)}, with workers ${fmt(m.protoW)}`,
    )
    console.log(
      `share of the store's own rate: json ${((100 * json) / m.store).toFixed(0)}%, protobuf ${((100 * proto) / m.store).toFixed(0)}%; map workers vs inline: json ${(m.jsonW / m.json0).toFixed(2)}×, protobuf ${(m.protoW / m.proto0).toFixed(2)}×`,
    )
    console.log(
      `targets: json ≥ 30,000 spans/s ${json >= 30_000 ? 'met' : 'NOT met'}; protobuf ≥ 50,000 spans/s ${proto >= 50_000 ? 'met' : 'NOT met'} (load average now ${os.loadavg()[0].toFixed(1)})`,
    )
    if (Number(args['flood-requests']) > 0)
      await flood(
        Number(args['flood-requests']),
        1000,
        Number(args['flood-concurrency']),
        dir,
        limit,
      )
  } finally {
    agent.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
