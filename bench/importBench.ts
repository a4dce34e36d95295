// `tracescope import` end to end, as a user runs it (the CLI in a child process), on OTLP files
// generated into a temp folder: JSON Lines of Collector-sized requests (each line far past
// 64 KB) and one JSON document whose single ResourceSpans holds every span. For each it prints
// spans/s, the ratio to a naive insert of the same span records measured just before (one JSON
// text column, no index: bench/naiveInsert.ts), the CLI's peak RSS and the load average, which
// moves every figure on a shared machine.
//   npm run bench:import
//   IMPORT_BENCH_MB=100 npm run bench:import          (size of each input; default 1024)
//   IMPORT_BENCH_CPU_PROF=/tmp/prof npm run bench:import (V8 CPU profile of each import)
//   IMPORT_BENCH_RSS_BOUND_MB=400 (the peak RSS an import must stay under; exit 1 past it)
//   IMPORT_BENCH_FROM_SOURCE=1 (run the TypeScript sources under tsx instead of the build)
// The CLI runs as the package ships it: compiled by tsc (tsconfig.build.json) into .cache/, so
// start-up is not tsx compiling the sources. `import` returns once the spans are committed and
// a background process indexes them for search: "searchable" is the time until
// `maintain --index-search`, started as the import exits, returns (the index is complete).
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TraceRecord } from '../src/shared/domain'
import { otlpTracesToRecords } from '../src/main/otlp'
import { openNaiveInsert } from './naiveInsert'

const MB = Number(process.env.IMPORT_BENCH_MB ?? 1024)
const PROF = process.env.IMPORT_BENCH_CPU_PROF
/** spans per JSON Lines request: the Collector's file exporter writes one export per line */
const PER_LINE = 500
/** spans the naive insert is timed on (a sample: its rate does not depend on the table size) */
const NAIVE_SPANS = 200_000
/** The import streams (one chunk, one batch, the store's bounded queue): its memory must not
 * grow with the file. 200 MB inputs peaked at 231–237 MB; the bound leaves room for V8's heap
 * sizing on a busier or larger run. */
const RSS_BOUND_MB = Number(process.env.IMPORT_BENCH_RSS_BOUND_MB ?? 400)
const ROOT = path.join(__dirname, '..')
const FROM_SOURCE = process.env.IMPORT_BENCH_FROM_SOURCE === '1'
const BUILT = path.join(ROOT, '.cache', 'bench-cli')
const BIN = FROM_SOURCE
  ? path.join(ROOT, 'bin', 'tracescope.cjs')
  : path.join(BUILT, 'cli', 'index.js')

/** Compiles the CLI as `npm run build:package` does, into .cache/ (dist/ is left alone). */
function buildCli(): void {
  fs.rmSync(BUILT, { recursive: true, force: true })
  const tsc = require.resolve('typescript/bin/tsc')
  const args = ['-p', 'tsconfig.build.json', '--outDir', BUILT, '--declaration', 'false']
  execFileSync(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: 'inherit' })
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0')

function span(i: number): Record<string, unknown> {
  const trace = Math.floor(i / 100)
  const j = i % 100
  const t0 = 1_700_000_000_000 + trace * 1000
  return {
    traceId: hex(trace + 1, 32),
    spanId: hex(i + 1, 16),
    parentSpanId: j === 0 ? '' : hex(trace * 100 + 1, 16),
    name:
      j === 0 ? 'invoke_agent researcher' : j % 3 === 0 ? 'chat gpt-4o' : 'execute_tool web_search',
    kind: j % 3 === 0 ? 3 : 1,
    startTimeUnixNano: `${t0 + j}000000`,
    endTimeUnixNano: `${t0 + j + 3}000000`,
    attributes: [
      { key: 'gen_ai.conversation.id', value: { stringValue: `run-${trace % 40}` } },
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
  }
}

const RESOURCE = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'bench-swarm' } },
    { key: 'host.name', value: { stringValue: 'laptop' } },
  ],
}
const head = `{"resourceSpans":[{"resource":${JSON.stringify(RESOURCE)},"scopeSpans":[{"scope":{"name":"bench","version":"1.0.0"},"spans":[`
const tail = ']}]}]}'

/** Writes spans until the file reaches `bytes`; returns the span count. */
function generate(file: string, bytes: number, lines: boolean): number {
  const fd = fs.openSync(file, 'w')
  let written = 0
  let n = 0
  const parts: string[] = []
  let pending = 0
  // flushed by size, not count: 2,000 JSON Lines requests of 500 spans would be one string past
  // V8's maximum length
  const write = (s: string): void => {
    parts.push(s)
    written += s.length
    pending += s.length
    if (pending >= 8 * 1024 * 1024) {
      fs.writeSync(fd, parts.splice(0).join(''))
      pending = 0
    }
  }
  if (!lines) write(head)
  while (written < bytes) {
    if (lines) {
      const spans = Array.from({ length: PER_LINE }, (_, k) => JSON.stringify(span(n + k)))
      write(`${head}${spans.join(',')}${tail}\n`)
      n += PER_LINE
    } else write((n ? ',' : '') + JSON.stringify(span(n++)))
  }
  if (!lines) write(`${tail}\n`)
  fs.writeSync(fd, parts.join(''))
  fs.closeSync(fd)
  return n
}

/** Rows per second (wall and CPU) of the naive insert of the span records of the first spans. */
function naiveRate(dir: string): { wall: number; cpu: number } {
  const records: TraceRecord[] = []
  for (let i = 0; i < NAIVE_SPANS; i += PER_LINE) {
    const req = JSON.parse(
      `${head}${Array.from({ length: PER_LINE }, (_, k) => JSON.stringify(span(i + k))).join(',')}${tail}`,
    ) as unknown
    for (const r of otlpTracesToRecords(req).records) if (r.kind === 'span') records.push(r)
  }
  const file = path.join(dir, 'naive.db')
  fs.rmSync(file, { force: true })
  const naive = openNaiveInsert(file)
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  for (let i = 0; i < records.length; i += 1000) naive.insert(records.slice(i, i + 1000))
  const ms = performance.now() - t0
  const c = process.cpuUsage(c0)
  const cpuMs = (c.user + c.system) / 1000
  naive.close()
  for (const f of fs.readdirSync(dir)) if (f.startsWith('naive.db')) fs.rmSync(path.join(dir, f))
  return { wall: (records.length * 1000) / ms, cpu: (records.length * 1000) / cpuMs }
}

interface CliRun {
  ms: number
  cpuMs: number
  /** CPU of the CLI's main thread (the store's writer) and of its busiest other thread */
  mainThreadCpuMs: number
  busiestOtherThreadCpuMs: number
  spans: number
  peakRssBytes: number
  code: number | null
  stderr: string
}

function runImport(file: string, db: string, label: string): Promise<CliRun> {
  return runCli(['import', file, '--db', db, '--json'], `import-${label}`)
}

function runCli(args: string[], label: string): Promise<CliRun> {
  const node = PROF
    ? ['--cpu-prof', '--cpu-prof-dir', PROF, '--cpu-prof-name', `${label}.cpuprofile`]
    : []
  return new Promise((resolve) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [...node, BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const threads = new Map<string, number>()
    const sample = setInterval(() => sampleThreads(child.pid, threads), 100)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
    child.on('close', (code) => {
      const ms = performance.now() - t0
      clearInterval(sample)
      const main = threads.get(String(child.pid)) ?? 0
      let busiest = 0
      for (const [tid, t] of threads) if (tid !== String(child.pid)) busiest = Math.max(busiest, t)
      let spans = 0
      let peakRssBytes = 0
      let cpuMs = 0
      try {
        const out = JSON.parse(stdout) as {
          files?: Array<{ spans: number }>
          peakRssBytes: number
          cpuMs: number
        }
        spans = out.files?.[0].spans ?? 0
        peakRssBytes = out.peakRssBytes
        cpuMs = out.cpuMs
      } catch {
        // reported below with the CLI's stderr
      }
      resolve({
        ms,
        cpuMs,
        mainThreadCpuMs: main,
        busiestOtherThreadCpuMs: busiest,
        spans,
        peakRssBytes,
        code,
        stderr,
      })
    })
  })
}

/** ms per clock tick of /proc's CPU times (USER_HZ, 100 on Linux) */
const TICK_MS = 10

/**
 * The CPU each thread of `pid` has used so far, from /proc (Linux; elsewhere nothing): whether
 * the import's reading thread and its writer overlap, and which one the import waits for.
 */
function sampleThreads(pid: number | undefined, into: Map<string, number>): void {
  const dir = `/proc/${pid}/task`
  let tids: string[]
  try {
    tids = fs.readdirSync(dir)
  } catch {
    return
  }
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`${dir}/${tid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // fields 14 and 15 of stat (utime, stime); f starts at field 3
      into.set(tid, (Number(f[11]) + Number(f[12])) * TICK_MS)
    } catch {
      // the thread ended between the listing and the read: its last sample stands
    }
  }
}

const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-import-bench-'))
  try {
    console.log(`import bench: ${MB} MB per input, ${os.cpus().length} cores, load ${load()}`)
    if (!FROM_SOURCE) {
      const b0 = performance.now()
      buildCli()
      console.log(`CLI compiled in ${((performance.now() - b0) / 1000).toFixed(1)} s`)
    }
    const tiny = path.join(dir, 'tiny.jsonl')
    generate(tiny, 1, true)
    const startup = await runImport(tiny, path.join(dir, 'tiny.db'), 'startup')
    console.log(
      `start-up: import of one ${PER_LINE}-span line takes ${Math.round(startup.ms)} ms end to end`,
    )
    const results = []
    for (const [label, lines] of [
      ['otlp-jsonl', true],
      ['otlp-json (one resource)', false],
    ] as const) {
      const file = path.join(dir, lines ? 'spans.jsonl' : 'spans.json')
      const g0 = performance.now()
      const spans = generate(file, MB * 1024 * 1024, lines)
      const bytes = fs.statSync(file).size
      console.log(
        `${label}: generated ${spans.toLocaleString('en')} spans, ${(bytes / 2 ** 20).toFixed(0)} MB in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
      )
      const loadBefore = load()
      const naive = naiveRate(dir)
      const db = path.join(dir, `${lines ? 'jsonl' : 'json'}.db`)
      const run = await runImport(file, db, lines ? 'jsonl' : 'json')
      // the index completes in the background; waiting for it keeps it out of the next input's
      // figures, and tells when search finds every span
      const indexed = await runCli(
        ['maintain', '--index-search', '--db', db, '--json'],
        `index-${lines ? 'jsonl' : 'json'}`,
      )
      const searchable = indexed.code === 0 ? +((run.ms + indexed.ms) / 1000).toFixed(1) : null
      fs.rmSync(file)
      for (const f of fs.readdirSync(dir))
        if (f.startsWith(path.basename(db))) fs.rmSync(path.join(dir, f))
      if (run.code !== 0 || run.spans !== spans) {
        console.log(`  FAILED (exit ${run.code}, ${run.spans} of ${spans} spans): ${run.stderr}`)
        process.exitCode = 1
        continue
      }
      const rate = (spans * 1000) / run.ms
      const row = {
        input: label,
        MB: Math.round(bytes / 2 ** 20),
        spans,
        seconds: +(run.ms / 1000).toFixed(1),
        searchableSeconds: searchable,
        spansPerSec: Math.round(rate),
        naiveRowsPerSec: Math.round(naive.wall),
        ratioToNaive: +(rate / naive.wall).toFixed(2),
        // the same by CPU time (all threads of the CLI), which moves less with others' load
        cpuRatioToNaive: +((spans * 1000) / run.cpuMs / naive.cpu).toFixed(2),
        peakRssMB: Math.round(run.peakRssBytes / 2 ** 20),
        rssBoundMB: RSS_BOUND_MB,
        cpuSeconds: +(run.cpuMs / 1000).toFixed(1),
        // the writer's share is the part no second core can take over
        writerThreadCpuSeconds: +(run.mainThreadCpuMs / 1000).toFixed(1),
        readerThreadCpuSeconds: +(run.busiestOtherThreadCpuMs / 1000).toFixed(1),
        loadBefore,
        loadAfter: load(),
      }
      if (row.peakRssMB > RSS_BOUND_MB) {
        console.log(`  OVER THE BOUND: peak RSS ${row.peakRssMB} MB > ${RSS_BOUND_MB} MB`)
        process.exitCode = 1
      }
      results.push(row)
      console.log(`  ${JSON.stringify(row)}`)
    }
    console.table(results)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
