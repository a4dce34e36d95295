// Run comparison at scale: `npx tsx bench/compareBench.ts [spans]` (default 10,000 per session).
// Writes two sessions of N spans each (a planner with steps, three agents' tool and LLM calls
// with prompts, run B slower in places, with failures, steps added and removed) into a native
// store, then measures, 5 times each, the median of:
//  1. reading both sessions' spans and message events through the read-only opener;
//  2. aligning and diffing them (diffRuns + ranking);
//  3. `tracescope diff A B --json` end to end in a child process (Node start-up included), and
//     `tracescope sessions --json` on the same file as the start-up baseline.
// Target: the two 10K-span sessions diff in ≤ 1 s.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../src/main/store/traceStore'
import { openSource } from '../src/main/sources/openSource'
import { readRun } from '../src/main/compare/readRun'
import { diffRuns, rankByImpact } from '../src/shared/compare/runDiff'
import type { TraceRecord } from '../src/shared/domain'

const SPANS = Number(process.argv[2] ?? 10_000)
const RUNS = 5
const BIN = path.join(__dirname, '..', 'bin', 'tracescope.cjs')

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function session(id: string, variant: 0 | 1): TraceRecord[] {
  const base = Date.parse('2026-11-30T09:00:00Z') + variant * 3_600_000
  const r: TraceRecord[] = []
  const span = (
    spanId: string,
    parent: string | null,
    name: string,
    agentId: string,
    at: number,
    ms: number,
    attributes: Record<string, unknown> = {},
    error = false,
  ): void => {
    r.push({
      kind: 'span',
      sessionId: id,
      spanId: `${id}-${spanId}`,
      parentSpanId: parent && `${id}-${parent}`,
      name,
      agentId,
      startTime: base + at,
      endTime: base + at + ms,
      status: error ? 'error' : 'ok',
      statusMessage: error ? 'tool timed out' : null,
      attributes,
    })
  }
  span('root', null, 'swarm.run', 'planner', 0, SPANS * 10)
  let n = 1
  for (let step = 0; n < SPANS; step++) {
    const stepId = `s${step}`
    span(stepId, 'root', 'plan.step', 'planner', step * 100, 90)
    n++
    for (let k = 0; k < 9 && n < SPANS; k++, n++) {
      // run B drops every 50th step's last call and adds one elsewhere
      if (variant === 1 && step % 50 === 0 && k === 8) continue
      const agent = ['coder', 'tester', 'reviewer'][k % 3]
      const slow = variant === 1 && step % 7 === 0 ? 2 : 1
      if (k % 3 === 0)
        span(`c${step}-${k}`, stepId, 'llm.chat', agent, step * 100 + k * 10, 8 * slow, {
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.input_tokens': 900 + k,
          'gen_ai.usage.output_tokens': 100 * slow,
          'gen_ai.input.messages': JSON.stringify([
            {
              role: 'user',
              parts: [
                {
                  type: 'text',
                  content: `Step ${step}: fix file ${k}${slow > 1 ? ' again' : ''}.`,
                },
              ],
            },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'text', content: 'Done.' }] },
          ]),
        })
      else
        span(
          `t${step}-${k}`,
          stepId,
          'tool.search',
          agent,
          step * 100 + k * 10,
          5 * slow,
          { query: `q${k}` },
          variant === 1 && step % 97 === 0,
        )
    }
    if (variant === 1 && step % 50 === 25)
      span(`x${step}`, stepId, 'tool.retry', 'coder', step * 100 + 95, 3)
  }
  return r
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-compare-bench-'))
  const file = path.join(dir, 'compare.db')
  const store = openStore(file)
  for (const [id, v] of [
    ['run-a', 0],
    ['run-b', 1],
  ] as const) {
    const records = session(id, v)
    for (let i = 0; i < records.length; i += 5000) await store.write(records.slice(i, i + 5000))
  }
  await store.close()
  const read: number[] = []
  const diff: number[] = []
  const cli: number[] = []
  const startup: number[] = []
  let steps = 0
  let differing = 0
  for (let i = 0; i < RUNS; i++) {
    const opened = openSource(file, { noFollow: true })
    let t = performance.now()
    const a = readRun(opened.queries, 'run-a', 1_000_000)
    const b = readRun(opened.queries, 'run-b', 1_000_000)
    read.push(performance.now() - t)
    opened.close()
    t = performance.now()
    const d = diffRuns(a, b)
    differing = rankByImpact(d.steps).length
    diff.push(performance.now() - t)
    steps = d.steps.length
    t = performance.now()
    execFileSync(process.execPath, [BIN, 'diff', 'run-a', 'run-b', '--db', file, '--json'], {
      maxBuffer: 512 * 1024 * 1024,
    })
    cli.push(performance.now() - t)
    // the same process start, opener and JSON path without the comparison, for what diff adds
    t = performance.now()
    execFileSync(process.execPath, [BIN, 'sessions', '--db', file, '--json'])
    startup.push(performance.now() - t)
  }
  fs.rmSync(dir, { recursive: true, force: true })
  const ms = (xs: number[]): string => `${median(xs).toFixed(0)} ms`
  console.log(
    `compare: two sessions of ${SPANS.toLocaleString('en')} spans, ${steps.toLocaleString('en')} aligned steps, ${differing.toLocaleString('en')} differ`,
  )
  console.log(`  read both sessions (median of ${RUNS}):      ${ms(read)}`)
  console.log(`  align + diff + rank (median of ${RUNS}):     ${ms(diff)}`)
  console.log(
    `  in-process total:                      ${(median(read) + median(diff)).toFixed(0)} ms  (target ≤ 1000 ms)`,
  )
  console.log(
    `  tracescope diff --json, whole process: ${ms(cli)}  (Node start-up and JSON output included)`,
  )
  console.log(
    `  tracescope sessions --json (start-up baseline): ${ms(startup)}; diff adds ${(median(cli) - median(startup)).toFixed(0)} ms`,
  )
  console.log(
    `  load average: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}  (${os.cpus().length} cores)`,
  )
}

void main()
