// `npm run bench` — the trace store's figures. A script that prints numbers, not a test.
//   BENCH_SPANS=1000000 (default)  spans ingested through the full writer queue, on disk
//   BENCH_SPANS=10000000           the 10M run (the naive comparison then uses the first 1M)
//   BENCH_SEARCH=0                 skip the search-index catch-up (and its bytes)
//   --json                         the last line is one JSON object with every figure
// Records come from bench/syntheticSwarm.ts; they are generated in chunks outside the timed parts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import type { TraceRecord } from '../src/shared/domain'
import { openStore, STORE_DEFAULTS } from '../src/main/store/traceStore'
import { openNaiveInsert } from './naiveInsert'
import { swarmRecords, type SwarmOptions } from './syntheticSwarm'

const SPANS = Number(process.env.BENCH_SPANS ?? 1_000_000)
const NAIVE_SPANS = Math.min(SPANS, Number(process.env.BENCH_NAIVE_SPANS ?? 1_000_000))
const CHUNK_SPANS = 100_000
const JSON_OUT = process.argv.includes('--json')
const QUERY_RUNS = 2000
const T0 = Date.UTC(2026, 0, 1)

const swarmOptions = (spans: number): SwarmOptions => ({
  spans,
  spansPerSession: 10_000,
  concurrentSessions: 20,
  agentsPerSession: 5,
  spanGapMs: 5,
  startTime: T0,
})

function log(line: string): void {
  if (JSON_OUT) process.stderr.write(`${line}\n`)
  else process.stdout.write(`${line}\n`)
}

function fileBytes(file: string): number {
  return ['', '-wal'].reduce(
    (n, s) => n + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0),
    0,
  )
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits))

/** Pulls the generator in chunks of ~CHUNK_SPANS spans (generation is not timed). */
function* chunks(opts: SwarmOptions): Generator<TraceRecord[]> {
  let chunk: TraceRecord[] = []
  let spans = 0
  for (const r of swarmRecords(opts)) {
    chunk.push(r)
    if (r.kind === 'span' && ++spans % CHUNK_SPANS === 0) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length) yield chunk
}

interface IngestFigures {
  seconds: number
  cpuSeconds: number
  records: number
  spans: number
  jsonSpanBytes: number
  batches: number
  naiveSeconds: number
  naiveCpuSeconds: number
  naiveRecords: number
}

const cpuNow = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1e6
}

/**
 * Store and naive insert take turns chunk by chunk on the same records, so a change in machine
 * load hits both alike (other processes share these 2 cores); wall and CPU time are both kept.
 */
async function ingest(storeFile: string, naiveFile: string): Promise<IngestFigures> {
  // the search index catches up after the ingest, measured on its own (see searchIndexer.ts)
  const store = openStore(storeFile, { indexSearchWhenIdle: false })
  const naive = openNaiveInsert(naiveFile)
  const f: IngestFigures = {
    seconds: 0,
    cpuSeconds: 0,
    records: 0,
    spans: 0,
    jsonSpanBytes: 0,
    batches: 0,
    naiveSeconds: 0,
    naiveCpuSeconds: 0,
    naiveRecords: 0,
  }
  for (const chunk of chunks(swarmOptions(SPANS))) {
    for (const r of chunk) {
      if (r.kind === 'span') {
        f.spans++
        f.jsonSpanBytes += Buffer.byteLength(JSON.stringify(r)) + 1
      }
    }
    if (f.spans <= NAIVE_SPANS) {
      const t = performance.now()
      const c = cpuNow()
      for (let i = 0; i < chunk.length; i += 1000) naive.insert(chunk.slice(i, i + 1000))
      f.naiveSeconds += (performance.now() - t) / 1000
      f.naiveCpuSeconds += cpuNow() - c
      f.naiveRecords += chunk.length
    }
    const t = performance.now()
    const c = cpuNow()
    // producers feed the queue in batches as a collector would, waiting on back-pressure
    for (let i = 0; i < chunk.length; i += 1000) {
      const res = store.enqueue(chunk.slice(i, i + 1000))
      if (res.rejected.length) throw new Error(`rejected: ${JSON.stringify(res.rejected[0])}`)
      if (res.backpressure) await store.drained()
    }
    while (store.counters().written + store.counters().rejected < f.records + chunk.length) {
      await new Promise((r) => setImmediate(r))
    }
    f.seconds += (performance.now() - t) / 1000
    f.cpuSeconds += cpuNow() - c
    f.records += chunk.length
    if (!JSON_OUT) process.stdout.write(`\r  ${f.spans.toLocaleString()} spans`)
  }
  if (!JSON_OUT) process.stdout.write('\n')
  f.batches = store.counters().batches
  await store.close()
  naive.close()
  return f
}

function compressionRatio(file: string): { ratio: number; compressedShare: number } {
  const db = new Database(file, { readonly: true })
  let raw = 0
  let stored = 0
  let n = 0
  for (const row of db
    .prepare("SELECT attributes FROM spans WHERE typeof(attributes) = 'blob'")
    .iterate()) {
    const blob = (row as { attributes: Buffer }).attributes
    stored += blob.length
    raw += gunzipSync(blob).length
    n++
  }
  const total = db.prepare('SELECT count(*) FROM spans').pluck().get() as number
  db.close()
  return { ratio: stored ? raw / stored : 0, compressedShare: n / total }
}

/** `withAttributes: false` is the list-view form (the timeline's `spans.columns` needs no attributes) */
function recentSessionQuery(
  file: string,
  withAttributes: boolean,
): {
  p50: number
  p99: number
  rows: number
  cpuMs: number
} {
  const store = openStore(file, { readOnly: true })
  const sessions = store
    .listSessions({ sort: 'spans', limit: 5000 })
    .items.filter((s) => s.spanCount > 0)
  const times: number[] = []
  let rows = 0
  const cpu0 = cpuNow()
  for (let i = 0; i < QUERY_RUNS; i++) {
    const s = sessions[(i * 7919) % sessions.length]
    const since = (s.lastActivity ?? 0) - 10 * 60_000
    const t = performance.now()
    const page = store.listSpans({
      sessionId: s.id,
      since,
      limit: 1000,
      order: 'desc',
      withAttributes,
    })
    times.push(performance.now() - t)
    rows += page.items.length
  }
  const cpuMs = ((cpuNow() - cpu0) / QUERY_RUNS) * 1000
  void store.close()
  times.sort((a, b) => a - b)
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), rows: rows / QUERY_RUNS, cpuMs }
}

async function sessionList(
  dir: string,
): Promise<{ ms: number; p99: number; bySpansMs: number; sessions: number }> {
  const file = path.join(dir, 'sessions.db')
  const store = openStore(file)
  await store.write([
    ...swarmRecords({
      spans: 50_000,
      spansPerSession: 5,
      concurrentSessions: 50,
      agentsPerSession: 2,
      startTime: T0,
    }),
  ])
  await store.close()
  const ro = openStore(file, { readOnly: true })
  const sessions = ro.stats().counts.sessions
  const time = (fn: () => unknown) => {
    const ts: number[] = []
    for (let i = 0; i < 50; i++) {
      const t = performance.now()
      fn()
      ts.push(performance.now() - t)
    }
    return ts.sort((a, b) => a - b)
  }
  const byActivity = time(() => ro.listSessions({ limit: 500 }))
  const bySpans = time(() => ro.listSessions({ limit: 500, sort: 'spans' }))
  await ro.close()
  return {
    ms: quantile(byActivity, 0.5),
    p99: quantile(byActivity, 0.99),
    bySpansMs: quantile(bySpans, 0.5),
    sessions,
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'tracescope-bench-'))
  try {
    log(
      `Tracescope store bench: ${SPANS.toLocaleString()} spans, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, ${dir}`,
    )
    const storeFile = path.join(dir, 'store.db')
    const naiveFile = path.join(dir, 'naive.db')
    const ingested = await ingest(storeFile, naiveFile)
    const spansPerSec = ingested.spans / ingested.seconds
    const recordsPerSec = ingested.records / ingested.seconds
    const naivePerSec = ingested.naiveRecords / ingested.naiveSeconds
    const cpuUs = (ingested.cpuSeconds / ingested.records) * 1e6
    const naiveCpuUs = (ingested.naiveCpuSeconds / ingested.naiveRecords) * 1e6
    log(
      `ingest (writer queue, validated, batches of ${STORE_DEFAULTS.batchSize}, 4× while a backlog waits, WAL): ${round(spansPerSec).toLocaleString()} spans/s, ${round(recordsPerSec).toLocaleString()} records/s incl. events/errors/messages/metrics (${ingested.records.toLocaleString()} records in ${ingested.seconds.toFixed(1)} s, ${ingested.batches} batches, ${round(ingested.records / ingested.batches).toLocaleString()} records each on average; ${cpuUs.toFixed(1)} µs CPU per record)`,
    )
    log(
      `naive insert (one JSON text column, no index, same records, alternating chunks${NAIVE_SPANS < SPANS ? `, first ${NAIVE_SPANS.toLocaleString()} spans` : ''}): ${round(naivePerSec).toLocaleString()} rows/s (${naiveCpuUs.toFixed(1)} µs CPU per record) → store/naive = ${(recordsPerSec / naivePerSec).toFixed(2)}× by wall time, ${(naiveCpuUs / cpuUs).toFixed(2)}× by CPU time`,
    )
    const bytesBeforeSearch = fileBytes(storeFile)

    // BENCH_SEARCH=0 skips the search-index catch-up (the 10M run on a busy machine)
    let searchSeconds = Number.NaN
    if (process.env.BENCH_SEARCH !== '0') {
      const search = openStore(storeFile, { indexSearchWhenIdle: false })
      const t = performance.now()
      await search.flush()
      searchSeconds = (performance.now() - t) / 1000
      await search.maintain({ vacuum: true })
      await search.close()
      log(
        `search index catch-up: ${round(ingested.records / searchSeconds).toLocaleString()} records/s (${searchSeconds.toFixed(1)} s after the ingest; search lags ingest only while a burst lasts)`,
      )
    }

    const q = recentSessionQuery(storeFile, true)
    log(
      `"last 10 minutes of one session, newest first, limit 1000": p50 ${q.p50.toFixed(2)} ms, p99 ${q.p99.toFixed(2)} ms, ${q.cpuMs.toFixed(2)} ms CPU per query (${QUERY_RUNS} runs, ${round(q.rows)} rows each)`,
    )
    const lean = recentSessionQuery(storeFile, false)
    log(
      `  the same without attributes (withAttributes: false, list views): p50 ${lean.p50.toFixed(2)} ms, p99 ${lean.p99.toFixed(2)} ms, ${lean.cpuMs.toFixed(2)} ms CPU per query`,
    )

    const bytes = fileBytes(storeFile)
    const bytesPerSpan = bytes / ingested.spans
    const jsonBytesPerSpan = ingested.jsonSpanBytes / ingested.spans
    const comp = compressionRatio(storeFile)
    log(
      `bytes on disk per span: ${bytesPerSpan.toFixed(0)} with the search index (${(bytesBeforeSearch / ingested.spans).toFixed(0)} before it; both include the events/errors/messages/metrics) vs ${jsonBytesPerSpan.toFixed(0)} per span as a JSON line; naive file ${(fileBytes(naiveFile) / ingested.naiveRecords).toFixed(0)} per record`,
    )
    log(
      `compressed payloads: ${(comp.compressedShare * 100).toFixed(1)}% of spans, ratio ${comp.ratio.toFixed(2)}× (gzip level 1, 4 KiB window)`,
    )
    fs.rmSync(naiveFile, { force: true })

    const list = await sessionList(dir)
    log(
      `session list (${list.sessions.toLocaleString()} sessions with counts, page of 500): ${list.ms.toFixed(2)} ms median, ${list.p99.toFixed(2)} ms p99; sorted by span count ${list.bySpansMs.toFixed(2)} ms`,
    )

    const figures = {
      spans: ingested.spans,
      records: ingested.records,
      ingestSpansPerSec: round(spansPerSec),
      ingestRecordsPerSec: round(recordsPerSec),
      naiveInsertRowsPerSec: round(naivePerSec),
      ingestVsNaive: round(recordsPerSec / naivePerSec, 2),
      ingestCpuUsPerRecord: round(cpuUs, 1),
      naiveCpuUsPerRecord: round(naiveCpuUs, 1),
      ingestVsNaiveByCpu: round(naiveCpuUs / cpuUs, 2),
      searchIndexRecordsPerSec: round(ingested.records / searchSeconds),
      recentSessionQueryP50Ms: round(q.p50, 3),
      recentSessionQueryP99Ms: round(q.p99, 3),
      recentSessionQueryCpuMs: round(q.cpuMs, 3),
      recentSessionQueryLeanP50Ms: round(lean.p50, 3),
      recentSessionQueryLeanP99Ms: round(lean.p99, 3),
      recentSessionQueryLeanCpuMs: round(lean.cpuMs, 3),
      sessionListMs: round(list.ms, 2),
      sessionListP99Ms: round(list.p99, 2),
      sessionListSessions: list.sessions,
      bytesPerSpan: round(bytesPerSpan),
      bytesPerSpanBeforeSearchIndex: round(bytesBeforeSearch / ingested.spans),
      jsonBytesPerSpan: round(jsonBytesPerSpan),
      compressedPayloadRatio: round(comp.ratio, 2),
      loadAverage: round(os.loadavg()[0], 1),
    }
    if (JSON_OUT) process.stdout.write(`${JSON.stringify(figures)}\n`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
