// The critical path of a big session: `npx tsx bench/criticalPathBench.ts [spans]` (default
// 1,000,000). The session is bigSession.ts's swarm (a root, tasks of ten steps, leaves under
// each step) plus cross-agent waits (one in 10 steps waits on a step of another agent that
// ended before it). Prints the median of 7 runs of criticalPath() alone (the tree it reads is
// built once, as the viewer has it), and the same run without waits for comparison.
// Target: ≤ 1 s at 1M spans.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { bigSession } from './bigSession'
import { appendSpans, emptyTable } from '../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../src/renderer/timeline/spanTree'
import { criticalPath, type PathInput } from '../src/renderer/timeline/criticalPath'
import type { Span } from '../src/shared/domain'

const SPANS = Number(process.argv[2] ?? 1_000_000)
const RUNS = 7

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function sessionTable() {
  const spans: Span[] = []
  for (const r of bigSession('bench', SPANS, Date.UTC(2026, 0, 1))) {
    if (r.kind !== 'span') continue
    spans.push({
      sessionId: 'bench',
      traceId: 't',
      spanId: r.spanId,
      parentSpanId: r.parentSpanId ?? null,
      name: r.name,
      kind: 'internal',
      agentId: r.agentId ?? null,
      startTime: r.startTime,
      endTime: r.endTime ?? null,
      durationMs: null,
      status: r.status ?? 'unset',
      statusMessage: null,
      attributes: {},
    })
  }
  return appendSpans(emptyTable(spans.length), spans)
}

/** Wall time and this process's CPU time (user + system): on a shared machine the CPU time
 * says what the walk costs, the wall time what a person waits. */
function time(input: PathInput): { ms: number; cpu: number; steps: number } {
  const ms: number[] = []
  const cpu: number[] = []
  let steps = 0
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    steps = criticalPath(input).count
    ms.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  return { ms: median(ms), cpu: median(cpu), steps }
}

const table = sessionTable()
const tree = buildSpanTree(table)
// steps (children of tasks) that wait on a step of another task that ended before they did
const steps: number[] = []
for (let i = 0; i < table.count; i++) if (/^t\d+s\d$/.test(table.ids[i])) steps.push(i)
const waiter: number[] = []
const on: number[] = []
const at: number[] = []
for (let k = 40; k < steps.length; k += 10) {
  const s = steps[k]
  const d = steps[k - 37]
  if (table.agentIds[s] === table.agentIds[d] || table.end[d] > table.end[s]) continue
  waiter.push(s)
  on.push(d)
  at.push(table.end[d])
}
const base: PathInput = {
  count: table.count,
  start: table.start,
  end: table.end,
  parent: tree.parent,
}
const plain = time(base)
const withWaits = time({
  ...base,
  waits: { waiter: Int32Array.from(waiter), on: Int32Array.from(on), at: Float64Array.from(at) },
})
const load = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')
console.log(`critical path, ${table.count.toLocaleString()} spans, median of ${RUNS} runs`)
const row = (label: string, r: ReturnType<typeof time>): string =>
  `  ${label.padEnd(18)} ${r.ms.toFixed(0).padStart(5)} ms wall, ${r.cpu.toFixed(0).padStart(5)} ms CPU (${r.steps.toLocaleString()} steps)`
console.log(row('tree only', plain))
console.log(row(`with ${waiter.length} waits`, withWaits))
console.log(`  target ≤ 1000 ms at 1M spans; load average ${load} on ${os.cpus().length} cores`)
