// `tracescope tail`: commit in another process → record handed to the printer, p50/p95, with a
// writer in another process (the native store through the SDK's path, and a Claude-Flow file
// written with plain SQL). Run: npm run bench:tail [-- --count 300 --interval 20]
// Target: p95 ≤ 500 ms, aim ≤ 100 ms.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { openStore } from '../src/main/store/traceStore'
import { tailRecords } from '../src/main/tail'
import { writeClaudeFlowDb } from '../test/fixtures/seedWriters'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const COUNT = arg('count', 300)
const INTERVAL = arg('interval', 20)

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))]
}

async function run(label: string, file: string, mode: 'native' | 'sql'): Promise<void> {
  const printedAt = new Map<string, number>()
  const ctl = new AbortController()
  const tailing = tailRecords(file, {
    signal: ctl.signal,
    onRecords: (records) => {
      const at = Date.now()
      for (const r of records) {
        const id = r.kind === 'span' ? r.record.spanId : r.kind === 'event' ? r.text : null
        if (id && !printedAt.has(id)) printedAt.set(id, at)
      }
    },
  })
  await new Promise((r) => setTimeout(r, 300)) // the tail is up before the writer starts
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, 'tailWriter.ts'),
      file,
      mode,
      String(COUNT),
      String(INTERVAL),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const committedAt = new Map<string, number>()
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const [id, t] = line.split(' ')
    committedAt.set(id, Number(t))
  }
  const code = await new Promise<number | null>((r) =>
    child.exitCode !== null ? r(child.exitCode) : child.on('exit', r),
  )
  const deadline = Date.now() + 5000
  while (printedAt.size < committedAt.size && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  ctl.abort()
  const stats = await tailing
  const lat = [...committedAt].flatMap(([id, t]) => {
    const p = printedAt.get(id)
    return p === undefined ? [] : [Math.max(0, p - t)]
  })
  console.log(
    `${label}: ${committedAt.size} commits, ${lat.length} printed, writer exit ${code}${err ? ` (${err.trim().split('\n')[0]})` : ''}; commit → printed p50 ${pct(lat, 0.5)} ms, p95 ${pct(lat, 0.95)} ms, max ${Math.max(...lat)} ms; ${stats.polls} polls, ${stats.changes} changes`,
  )
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-tail-bench-'))
  try {
    console.log(
      `tail bench: ${COUNT} commits ${INTERVAL} ms apart, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}`,
    )
    const native = path.join(dir, 'native.db')
    const s = openStore(native, { compressInWorker: false })
    await s.write([{ kind: 'session', id: 'bench', name: 'bench' }])
    await s.close()
    await run('native store (WAL, SDK writer)', native, 'native')
    const cf = path.join(dir, 'claude-flow.db')
    writeClaudeFlowDb(cf, { sessions: 1, spansPerSession: 5, wal: true })
    await run('Claude-Flow (WAL, plain SQL writer)', cf, 'sql')
    const cfj = path.join(dir, 'claude-flow-journal.db')
    writeClaudeFlowDb(cfj, { sessions: 1, spansPerSession: 5, wal: false })
    await run('Claude-Flow (rollback journal, plain SQL writer)', cfj, 'sql')
    console.log(
      `target p95 ≤ 500 ms (aim ≤ 100 ms); load average now ${os.loadavg()[0].toFixed(1)}`,
    )
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
