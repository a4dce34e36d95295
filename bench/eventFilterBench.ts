// events.list filtered by the source (text, agentId, level) on one session of N log lines in a
// native store (default 1,000,000; BENCH_LINES to change), read through openSource as `serve`
// and the app read it. Prints the median of 5 runs of each read, beside an unfiltered first page
// measured in the same run, and the load average.   npx tsx bench/eventFilterBench.ts
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TraceRecord } from '../src/shared/domain'
import type { EventQuery, TraceQueries } from '../src/shared/queries'
import { openStore } from '../src/main/store/traceStore'
import { openSource } from '../src/main/sources/openSource'

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000)
const RUNS = 5
const S = 'bench-filter'
const PAGE = 5000

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function writeFixture(file: string): Promise<void> {
  const store = openStore(file)
  const t0 = Date.now() - LINES
  let batch: TraceRecord[] = [{ kind: 'session', id: S, name: S, status: 'completed' }]
  for (let i = 0; i < LINES; i++) {
    batch.push({
      kind: 'event',
      id: `l${i}`,
      sessionId: S,
      time: t0 + i,
      name: 'log',
      level: i % 50 === 0 ? 'error' : 'info',
      agentId: `agent-${i % 8}`,
      // two lines in the whole session mention the needle, the oldest ones
      message: i < 2 ? `needle ${i}` : `step ${i} of the run: tool call returned ${i % 997}`,
    })
    if (batch.length >= 50_000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
  await store.close()
}

/** every page of the query (up to `max` lines); returns ms and lines */
function read(q: TraceQueries, query: EventQuery, max: number): { ms: number; n: number } {
  const t = performance.now()
  let n = 0
  let cursor: string | null = null
  do {
    const page = q.listEvents({ ...query, sessionId: S, limit: PAGE, cursor })
    n += page.items.length
    cursor = page.nextCursor
  } while (cursor && n < max)
  return { ms: performance.now() - t, n }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-evfilter-'))
  const file = path.join(dir, 'bench.db')
  try {
    const w = performance.now()
    await writeFixture(file)
    console.log(
      `${LINES.toLocaleString()} lines written in ${((performance.now() - w) / 1000).toFixed(1)} s`,
    )
    const src = openSource(file, { overlay: false })
    const cases: Array<[string, EventQuery, number]> = [
      ['unfiltered, first page (5,000)', {}, PAGE],
      ['text, rare (2 lines in the session), all', { text: 'needle' }, Infinity],
      ['text, common, first page', { text: 'tool call' }, PAGE],
      ['agent, first page', { agentId: 'agent-3' }, PAGE],
      ['agent + text, rare, all', { agentId: 'agent-1', text: 'needle' }, Infinity],
      ['level error, first page', { level: 'error' }, PAGE],
    ]
    for (const [what, query, max] of cases) {
      const runs = Array.from({ length: RUNS }, () => read(src.queries, query, max))
      console.log(
        `  ${what.padEnd(44)} median ${median(runs.map((r) => r.ms)).toFixed(1)} ms  (${runs[0].n.toLocaleString()} lines)`,
      )
    }
    src.close()
    console.log(
      `load average: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} cores`,
    )
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
