// Tokens and cost of files Tracescope only reads (readTimeUsage.ts, usageIndex.ts), on flujo
// files in flujo's own schema: `npx tsx bench/foreignTokenBench.ts [runs] [spans]`.
//  1. a file of N runs (default 10,000), 7 step spans each with token_counts (every other one
//     with a recorded cost_usd): the first pass over the whole file (what the first sessions
//     page waits for at most 50 ms, then the background finishes), and the viewer's page of
//     200 sessions with complete tokens and cost once it is done;
//  2. a file with one run of M spans (default 1,000,000, every one a step with token_counts):
//     the first pass, then the run's header (getSession) and its rollups (usageRollup: session,
//     model, agent from the pass; Σ of parent spans from all its spans) once it is done.
// Figures are medians of repeated runs; CPU time is the process's user+system time.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openSource } from '../src/main/sources/openSource'
import { FlujoSource } from '../src/main/sources/flujoSource'
import { safeOpen } from '../src/main/sources/safeOpen'
import { withReadTimeUsage } from '../src/main/sources/readTimeUsage'
import { activePrices } from '../src/shared/genai/pricing'
import { runIdOf, writeFlujoTokenRuns } from '../test/fixtures/flujoTokenRuns'

const RUNS = Number(process.argv[2] ?? 10_000)
const SPANS = Number(process.argv[3] ?? 1_000_000)

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** wall and CPU ms of `fn` */
function timed<T>(fn: () => T): { ms: number; cpu: number; value: T } {
  const c = cpuMs()
  const t = performance.now()
  const value = fn()
  return { ms: performance.now() - t, cpu: cpuMs() - c, value }
}

/**
 * The same call on flujo's adapter alone and with the read-time totals laid over it (after
 * their pass), alternating: medians [without, with] in ms.
 */
function withAndWithout<T>(
  file: string,
  fn: (f: Pick<FlujoSource, 'listSessions' | 'getSession'>) => T,
  n: number,
): [number, number] {
  const conn = safeOpen(file)
  try {
    const f = new FlujoSource(conn)
    const w = withReadTimeUsage(f)
    fn(f)
    fn(w)
    const a: number[] = []
    const b: number[] = []
    for (let i = 0; i < n; i++) {
      a.push(timed(() => fn(f)).ms)
      b.push(timed(() => fn(w)).ms)
    }
    return [median(a), median(b)]
  } finally {
    conn.close()
  }
}

/** a fresh open of the file with the pass run at once (as the CLI does), timed */
function firstPass(file: string): { ms: number; cpu: number } {
  const src = openSource(file, { overlay: false, noFollow: true })
  try {
    // the whole file's totals: the pass and nothing else
    return timed(() => src.queries.usageRollup().session.calls)
  } finally {
    src.close()
  }
}

function manySessions(dir: string): void {
  const file = path.join(dir, 'runs.db')
  const w = timed(() => writeFlujoTokenRuns(file, { runs: RUNS, steps: 7, recordedEvery: 2 }))
  const passes = Array.from({ length: 5 }, () => firstPass(file))
  const src = openSource(file, { overlay: false, noFollow: true })
  try {
    src.queries.listSessions({ limit: 200 })
    const pages = Array.from({ length: 9 }, () =>
      timed(() => {
        const page = src.queries.listSessions({ limit: 200 })
        if (page.items[0]?.usage?.calls !== 7) throw new Error('no complete usage on the page')
        return page
      }),
    )
    const [without, withTokens] = withAndWithout(file, (f) => f.listSessions({ limit: 200 }), 9)
    // the totals' own part: 200 sessions' sums priced from the pass
    const conn = safeOpen(file)
    const wrapped = withReadTimeUsage(new FlujoSource(conn))
    const ids = Array.from({ length: 200 }, (_, i) => runIdOf(i))
    const table = activePrices()
    wrapped.usageIndex.totals(ids, table)
    const own = median(
      Array.from({ length: 9 }, () => timed(() => wrapped.usageIndex.totals(ids, table)).ms),
    )
    conn.close()
    console.log(
      `flujo file of ${RUNS.toLocaleString()} runs × 7 token steps (${((RUNS * 8) / 1e3).toFixed(0)}K spans, written in ${(w.ms / 1000).toFixed(1)} s): ` +
        `first pass median ${median(passes.map((p) => p.ms)).toFixed(0)} ms wall, ${median(passes.map((p) => p.cpu)).toFixed(0)} ms CPU; ` +
        `then the viewer's page of 200 sessions with tokens and cost: median ${median(pages.map((p) => p.ms)).toFixed(1)} ms ` +
        `(runs ${pages.map((p) => p.ms.toFixed(1)).join(', ')}); the adapter's page alone ${without.toFixed(1)} ms, with the totals ${withTokens.toFixed(1)} ms (ratio ${(withTokens / without).toFixed(2)}; the totals' own part ${own.toFixed(2)} ms); load average ${load()}`,
    )
  } finally {
    src.close()
  }
}

function oneBigSession(dir: string): void {
  const file = path.join(dir, 'big.db')
  const w = timed(() => writeFlujoTokenRuns(file, { runs: 1, steps: SPANS, recordedEvery: 2 }))
  const passes = Array.from({ length: 3 }, () => firstPass(file))
  const src = openSource(file, { overlay: false, noFollow: true })
  try {
    const id = runIdOf(0)
    src.queries.getSession(id)
    const heads = Array.from({ length: 7 }, () => timed(() => src.queries.getSession(id)))
    // the first rollup walks all the run's spans for the Σ of parents; later ones reuse it
    const first = timed(() => src.queries.usageRollup(id))
    const rollups = [
      first,
      ...Array.from({ length: 5 }, () => timed(() => src.queries.usageRollup(id))),
    ]
    const r = rollups[0].value
    const [headWithout, headWith] = withAndWithout(file, (f) => f.getSession(id), 7)
    if (r.session.calls !== SPANS) throw new Error(`rollup has ${r.session.calls} calls`)
    console.log(
      `flujo run of ${SPANS.toLocaleString()} token spans (written in ${(w.ms / 1000).toFixed(1)} s): ` +
        `first pass median ${median(passes.map((p) => p.ms)).toFixed(0)} ms wall, ${median(passes.map((p) => p.cpu)).toFixed(0)} ms CPU ` +
        `(runs ${passes.map((p) => p.ms.toFixed(0)).join(', ')}); then the header (getSession) median ${median(heads.map((h) => h.ms)).toFixed(1)} ms (the adapter's alone ${headWithout.toFixed(1)} ms, with the totals ${headWith.toFixed(1)} ms: flujo's own span count over the run), ` +
        `every rollup (session, model, agent and Σ of parents complete) the first ${first.ms.toFixed(0)} ms wall, ${first.cpu.toFixed(0)} ms CPU, again median ${median(rollups.slice(1).map((x) => x.ms)).toFixed(1)} ms; ` +
        `load average ${load()}`,
    )
  } finally {
    src.close()
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-foreign-token-bench-'))
try {
  manySessions(dir)
  oneBigSession(dir)
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
