// Peak memory of `tracescope export` at scale: builds a store of N realistic spans (default 1M,
// BENCH_SPANS or --spans to change), then runs the real CLI (a fresh process) exporting it as
// ndjson and reads the process's peak RSS from its --json summary. Also measures `sessions` on
// the same file as the baseline of a process that has the store open.
//   npm run bench:export [-- --spans 1000000 --format ndjson --json --db keep.db]
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { TraceRecord } from '../src/shared/domain'
import { openStore } from '../src/main/store/traceStore'
import { swarmRecords } from './syntheticSwarm'

const run = promisify(execFile)
const ROOT = path.resolve(__dirname, '..')
const CLI = path.join(ROOT, 'bin', 'tracescope.cjs')

/** Writes `spans` synthetic spans (plus their sessions, agents, events…) through the store's queue. */
export async function buildStore(
  file: string,
  spans: number,
): Promise<{ records: number; ms: number }> {
  const started = Date.now()
  const store = openStore(file)
  let batch: TraceRecord[] = []
  let records = 0
  for (const r of swarmRecords({ spans, seed: 7 })) {
    batch.push(r)
    if (batch.length === 5000) {
      records += batch.length
      if (store.enqueue(batch).backpressure) await store.drained()
      batch = []
    }
  }
  records += batch.length
  store.enqueue(batch)
  await store.close()
  return { records, ms: Date.now() - started }
}

export interface ExportRun {
  records: number
  spans: number
  bytes: number
  ms: number
  maxRssBytes: number
}

/** Runs the real CLI in a fresh process and returns its --json summary. */
export async function cliExport(
  db: string,
  format: string,
  out: string,
  extra: string[] = [],
): Promise<ExportRun> {
  const { stdout } = await run(
    process.execPath,
    [CLI, 'export', '--db', db, '--format', format, '--out', out, '--json', ...extra],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  )
  return JSON.parse(stdout) as ExportRun
}

/** Peak RSS of a CLI process that opens the store and lists sessions: the floor under any command. */
export async function cliBaselineRss(db: string): Promise<number> {
  const { stdout } = await run(process.execPath, ['-e', baselineScript(db)], { cwd: ROOT })
  return Number(stdout.trim())
}

function baselineScript(db: string): string {
  return `require('tsx/cjs/api').register();
const { openStore } = require('./src/main/store/traceStore.ts');
const s = openStore(${JSON.stringify(db)}, { readOnly: true });
s.listSessions({ limit: 50 });
s.close();
const m = /VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(String(m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024));`
}

const mb = (n: number): string => (n / 1024 / 1024).toFixed(1)

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`)
    return i >= 0 ? args[i + 1] : undefined
  }
  const spans = Number(arg('spans') ?? process.env.BENCH_SPANS ?? 1_000_000)
  const format = arg('format') ?? 'ndjson'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-export-bench-'))
  try {
    // --db FILE keeps the built store for the next run (building 1M spans takes minutes)
    const keep = arg('db')
    const db = keep ? path.resolve(keep) : path.join(dir, 'bench.db')
    if (!keep || !fs.existsSync(db)) {
      const built = await buildStore(db, spans)
      console.error(
        `built ${built.records.toLocaleString('en')} records (${spans.toLocaleString('en')} spans) in ${built.ms} ms`,
      )
    }
    const baseline = await cliBaselineRss(db)
    const out = path.join(dir, `export.${format}`)
    const res = await cliExport(db, format, out)
    const figures = {
      format,
      spans: res.spans,
      records: res.records,
      exportMs: res.ms,
      recordsPerSec: Math.round(res.records / (res.ms / 1000)),
      outputBytes: res.bytes,
      peakRssMB: Number(mb(res.maxRssBytes)),
      baselineRssMB: Number(mb(baseline)),
      growthMB: Number(mb(res.maxRssBytes - baseline)),
      underLimit200MB: res.maxRssBytes < 200 * 1024 * 1024,
    }
    console.log(
      `export ${format}: ${res.spans.toLocaleString('en')} spans, ${res.records.toLocaleString('en')} records, ${mb(res.bytes)} MB in ${res.ms} ms (${figures.recordsPerSec.toLocaleString('en')} records/s)`,
    )
    console.log(
      `peak RSS ${figures.peakRssMB} MB (a process that only opens the store: ${figures.baselineRssMB} MB; growth ${figures.growthMB} MB)`,
    )
    if (args.includes('--json')) console.log(JSON.stringify(figures))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) void main()
