// Grouped statistics at scale: `npx tsx bench/statsBench.ts [spans]` (default 1,000,000).
// Writes N spans (1,000 sessions of a planner step tree, a third of the spans LLM calls with
// token counts) into a native store, then measures, with wall and CPU time:
//  1. grouped statistics by each grouping through the store's own pass (median of 3);
//  2. the same by name folding listSpans, as for other tools' files (once);
//  3. a cohort comparison of the failed spans, by the store's own pass and folding listSpans
//     (once each);
//  3b. statistics of the spans a filter expression selects (`--where`: listSpans with
//      SpanQuery.where, compiled to SQL) and a cohort of them (the store's pass: SQL for the
//      row's fields, the evaluator for the attributes), one expression on the span index, one on
//      the attributes (once each);
//  4. `tracescope stats --group-by name --json` end to end in a child process (median of 3).
// Targets over 1M spans: statistics ≤ 2 s, cohort comparison ≤ 3 s.
// STATS_BENCH_FILE=path keeps the store there and reuses it on the next run of the same size
// (writing 1M spans takes longer than measuring them).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../src/main/store/traceStore'
import { openSource } from '../src/main/sources/openSource'
import { readStats } from '../src/main/stats/readStats'
import { readCohort } from '../src/main/stats/readCohort'
import type { TraceQueries } from '../src/shared/queries'
import type { GroupBy } from '../src/shared/stats/groupStats'
import type { TraceRecord } from '../src/shared/domain'

const SPANS = Number(process.argv[2] ?? 1_000_000)
const RUNS = 3
const BIN = path.join(__dirname, '..', 'bin', 'tracescope.cjs')
const SESSIONS = 1000

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function write(file: string): Promise<void> {
  const store = openStore(file)
  const base = Date.now() - 86_400_000
  const perSession = Math.ceil(SPANS / SESSIONS)
  let batch: TraceRecord[] = []
  let n = 0
  for (let s = 0; s < SESSIONS && n < SPANS; s++) {
    const sessionId = `run-${s}`
    batch.push({
      kind: 'session',
      id: sessionId,
      name: `workflow-${s % 7}`,
      startTime: base + s * 60_000,
    })
    for (let i = 0; i < perSession && n < SPANS; i++, n++) {
      const t = base + s * 60_000 + i * 10
      const llm = i % 3 === 1
      batch.push({
        kind: 'span',
        sessionId,
        spanId: `s${i}`,
        parentSpanId: i === 0 ? null : i % 10 === 0 ? 's0' : `s${i - (i % 10)}`,
        name: i === 0 ? 'swarm.run' : i % 10 === 0 ? 'plan.step' : llm ? 'llm.chat' : 'tool.call',
        agentId: ['planner', 'coder', 'tester', 'reviewer'][i % 4],
        startTime: t,
        endTime: t + 5 + (i % 17),
        status: i % 53 === 0 ? 'error' : 'ok',
        attributes: llm
          ? {
              'gen_ai.request.model': 'gpt-4o-mini',
              'gen_ai.usage.input_tokens': 900 + (i % 100),
              'gen_ai.usage.output_tokens': 80 + (i % 40),
            }
          : { 'tool.name': 'search' },
      })
      if (batch.length >= 5000) {
        await store.write(batch)
        batch = []
      }
    }
  }
  await store.write(batch)
  await store.close()
}

async function main(): Promise<void> {
  const kept = process.env.STATS_BENCH_FILE
  const dir = kept ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'ts-stats-bench-'))
  const file = kept ?? path.join(dir!, 'stats.db')
  if (!kept || !fs.existsSync(file)) {
    const t = performance.now()
    await write(file)
    console.log(
      `wrote ${SPANS.toLocaleString('en')} spans in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
  }
  // wall time on a loaded 2-core machine says little: CPU time of this process (SQLite runs in
  // it) is reported beside it
  const timed = (fn: () => void): { wall: number; cpu: number } => {
    const c = process.cpuUsage()
    const t0 = performance.now()
    fn()
    const u = process.cpuUsage(c)
    return { wall: performance.now() - t0, cpu: (u.user + u.system) / 1000 }
  }
  const rows: Array<[string, Array<{ wall: number; cpu: number }>]> = []
  const opened = openSource(file, { noFollow: true })
  const q = opened.queries
  // the same file seen without the store's own passes: what other tools' files get
  const generic = Object.create(q, {
    groupStats: { value: undefined },
    cohort: { value: undefined },
  }) as TraceQueries
  for (const groupBy of ['name', 'agent', 'workflow', 'user', 'window'] as GroupBy[]) {
    const runs = []
    for (let i = 0; i < RUNS; i++)
      runs.push(
        timed(() => {
          const r = readStats(q, { groupBy })
          if (r.spans !== SPANS) throw new Error(`read ${r.spans} spans, expected ${SPANS}`)
        }),
      )
    rows.push([`stats --group-by ${groupBy}, the store's own pass`, runs])
  }
  rows.push([
    'stats --group-by name, folding listSpans (other sources)',
    [timed(() => readStats(generic, { groupBy: 'name' }))],
  ])
  rows.push([
    "cohort --failed, the store's own pass",
    [timed(() => readCohort(q, { selection: { kind: 'failed' } }))],
  ])
  rows.push([
    'cohort --failed, folding listSpans (other sources)',
    [timed(() => readCohort(generic, { selection: { kind: 'failed' } }))],
  ])
  // a quarter of the spans (agent), a third (the LLM calls' model and tokens, in the attributes)
  for (const where of ['agent:coder', 'model:gpt-4o-mini tokens>1000']) {
    rows.push([
      `stats --group-by name --where '${where}'`,
      [timed(() => readStats(q, { groupBy: 'name', where }))],
    ])
    rows.push([
      `cohort --where '${where}'`,
      [timed(() => readCohort(q, { selection: { kind: 'where', where } }))],
    ])
  }
  opened.close()
  const cli = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    execFileSync(process.execPath, [BIN, 'stats', '--group-by', 'name', '--db', file, '--json'], {
      maxBuffer: 64 * 1024 * 1024,
    })
    cli.push({ wall: performance.now() - t0, cpu: NaN })
  }
  rows.push(['tracescope stats --group-by name --json, whole process', cli])
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  console.log(
    `over ${SPANS.toLocaleString('en')} spans (medians; targets: statistics ≤ 2000 ms, cohort ≤ 3000 ms):`,
  )
  for (const [label, xs] of rows) {
    const cpu = median(xs.map((x) => x.cpu))
    console.log(
      `  ${label.padEnd(60)} ${median(xs.map((x) => x.wall))
        .toFixed(0)
        .padStart(6)} ms wall${Number.isNaN(cpu) ? '' : `, ${cpu.toFixed(0)} ms CPU`}`,
    )
  }
  console.log(
    `  load average: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}  (${os.cpus().length} cores)`,
  )
}

void main()
