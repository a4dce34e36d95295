// Grouped statistics at scale: `npx tsx bench/statsBench.ts [spans]` (default 1,000,000).
// Writes N spans (1,000 sessions of a planner step tree, a third of the spans LLM calls with
// token counts) into a native store, then measures, 3 times each, the median of:
//  1. readStats in-process, grouped by name, agent and workflow (every span read, with its
//     attributes for tokens and cost);
//  2. `tracescope stats --group-by name --json` end to end in a child process.
// Target: statistics over 1M spans ≤ 2 s.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../src/main/store/traceStore'
import { openSource } from '../src/main/sources/openSource'
import { readStats } from '../src/main/stats/readStats'
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-stats-bench-'))
  const file = path.join(dir, 'stats.db')
  let t = performance.now()
  await write(file)
  console.log(
    `wrote ${SPANS.toLocaleString('en')} spans in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  )
  const figures: Array<[string, number[]]> = []
  for (const groupBy of ['name', 'agent', 'workflow'] as GroupBy[]) {
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const opened = openSource(file, { noFollow: true })
      t = performance.now()
      const r = readStats(opened.queries, { groupBy })
      times.push(performance.now() - t)
      opened.close()
      if (r.spans !== SPANS) throw new Error(`read ${r.spans} spans, expected ${SPANS}`)
    }
    figures.push([`readStats --group-by ${groupBy} (in-process)`, times])
  }
  const cli: number[] = []
  for (let i = 0; i < RUNS; i++) {
    t = performance.now()
    execFileSync(process.execPath, [BIN, 'stats', '--group-by', 'name', '--db', file, '--json'], {
      maxBuffer: 64 * 1024 * 1024,
    })
    cli.push(performance.now() - t)
  }
  figures.push(['tracescope stats --group-by name --json (whole process)', cli])
  fs.rmSync(dir, { recursive: true, force: true })
  console.log(
    `statistics over ${SPANS.toLocaleString('en')} spans (median of ${RUNS}; target ≤ 2000 ms):`,
  )
  for (const [label, xs] of figures)
    console.log(`  ${label.padEnd(58)} ${median(xs).toFixed(0)} ms`)
  console.log(
    `  load average: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}  (${os.cpus().length} cores)`,
  )
}

void main()
