// Benchmark (not a test): query times of the readers of other tools' files on generated files,
// and the session-keyed trace store's recent-spans query before/after `upgradeSessionStore`.
// Prints medians of N runs.
//   npx tsx bench/sourcesBench.ts [--scale 1]
import path from 'node:path'
import { openSource, type OpenedSource } from '../src/main/sources/openSource'
import { safeOpen } from '../src/main/sources/safeOpen'
import { SessionStoreSource } from '../src/main/sources/sessionStoreSource'
import { upgradeSessionStore } from '../src/main/sources/upgradeSessionStore'
import {
  tempDir,
  writeClaudeFlowDb,
  writeDdeutilDb,
  writeSessionStoreDb,
} from '../test/fixtures/seedWriters'

const scale = Number(process.argv[process.argv.indexOf('--scale') + 1]) || 1
const RUNS = 21

function median(fn: () => unknown, runs = RUNS): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint()
    fn()
    times.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]
}

const rows: Array<[string, string, string]> = []
const report = (file: string, what: string, ms: number) =>
  rows.push([file, what, `${ms.toFixed(2)} ms`])

function timeOpen(file: string): OpenedSource {
  const t = process.hrtime.bigint()
  const src = openSource(file, { overlay: false })
  report(
    path.basename(file),
    'openSource (header, snapshot if needed, detect)',
    Number(process.hrtime.bigint() - t) / 1e6,
  )
  return src
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('ts-bench-')
  try {
    // ---- Claude-Flow ------------------------------------------------------------------------------
    const cfFile = path.join(dir, 'claude-flow.db')
    let t = Date.now()
    const cf = writeClaudeFlowDb(cfFile, { sessions: 20 * scale, spansPerSession: 2500 })
    console.error(`wrote ${cf.spans.length} Claude-Flow traces in ${Date.now() - t} ms`)
    const cfSrc = timeOpen(cfFile)
    const sid = cf.sessionIds[3]
    report(
      'claude-flow.db',
      'listSessions (first page, counts per session)',
      median(() => cfSrc.queries.listSessions({ limit: 50 })),
    )
    report(
      'claude-flow.db',
      'listSpans one session, first 500',
      median(() => cfSrc.queries.listSpans({ sessionId: sid, limit: 500 })),
    )
    const last = (() => {
      let c: string | null = null
      let prev: string | null = null
      do {
        prev = c
        c = cfSrc.queries.listSpans({ sessionId: sid, limit: 500, cursor: c }).nextCursor
      } while (c)
      return prev
    })()
    report(
      'claude-flow.db',
      'listSpans one session, last page (keyset cursor)',
      median(() => cfSrc.queries.listSpans({ sessionId: sid, limit: 500, cursor: last })),
    )
    report(
      'claude-flow.db',
      'getSpan (detail, parent, children, errors)',
      median(() => cfSrc.queries.getSpan(sid, cf.spans.find((s) => s.sessionId === sid)!.spanId)),
    )
    report(
      'claude-flow.db',
      'listErrors unresolved',
      median(() => cfSrc.queries.listErrors({ resolved: false })),
    )
    report(
      'claude-flow.db',
      'sessionGraph (2,500 spans)',
      median(() => cfSrc.queries.sessionGraph(sid), 5),
    )
    report(
      'claude-flow.db',
      'stats (5,000 most recent spans)',
      median(() => cfSrc.queries.stats(), 5),
    )
    cfSrc.close()

    // ---- ddeutil ----------------------------------------------------------------------------------
    const ddFile = path.join(dir, 'ddeutil.db')
    t = Date.now()
    const dd = writeDdeutilDb(ddFile, { sessions: 1000 * scale, spansPerSession: 10 })
    console.error(`wrote ${dd.sessionIds.length} ddeutil runs in ${Date.now() - t} ms`)
    const ddSrc = timeOpen(ddFile)
    report(
      'ddeutil.db',
      'listSessions (grouped from log rows)',
      median(() => ddSrc.queries.listSessions({ limit: 50 }), 5),
    )
    report(
      'ddeutil.db',
      'listSpans one run (grouped by span_id)',
      median(() => ddSrc.queries.listSpans({ sessionId: dd.sessionIds[5] })),
    )
    report(
      'ddeutil.db',
      'listEvents one run',
      median(() => ddSrc.queries.listEvents({ sessionId: dd.sessionIds[5] })),
    )
    ddSrc.close()

    // ---- session-keyed trace store before / after the upgrade ---------------------------------
    const ssFile = path.join(dir, 'session-store.db')
    t = Date.now()
    const ss = writeSessionStoreDb(ssFile, { sessions: 20 * scale, spansPerSession: 10_000 })
    console.error(
      `wrote ${ss.spans.length} session-keyed trace store traces in ${Date.now() - t} ms`,
    )
    const target = ss.sessionIds[Math.min(10, ss.sessionIds.length - 1)]
    const lastSpan = ss.spans
      .filter((s) => s.sessionId === target)
      .reduce((a, b) => (a.startMs > b.startMs ? a : b))
    const since = lastSpan.startMs - 600_000 // "the last 10 minutes" of that session
    const before = new SessionStoreSource(safeOpen(ssFile))
    const beforeMs = median(() => before.recentSpans(target, since, 100))
    before.close()
    t = Date.now()
    const up = await upgradeSessionStore(ssFile, {
      copyTo: path.join(dir, 'session-store-optimized.db'),
    })
    const upgradeMs = Date.now() - t
    const after = new SessionStoreSource(safeOpen(up.target))
    const afterMs = median(() => after.recentSpans(target, since, 100))
    after.close()
    report(
      'session-store.db',
      `recent 100 spans of one session (${ss.spans.length / (20 * scale)} in it), before upgrade`,
      beforeMs,
    )
    report('session-store.db', 'same query after upgrade (composite index)', afterMs)
    report(
      'session-store.db',
      `upgradeSessionStore copy + backfill ${up.links} links + index`,
      upgradeMs,
    )
    console.log(
      `\nsession-keyed trace store speed-up: ${(beforeMs / afterMs).toFixed(1)}x; plan after: ${up.plan.join(' | ')}`,
    )
  } finally {
    cleanup()
  }
}

main()
  .then(() => printTable())
  .catch((err) => {
    console.error(err)
    process.exitCode = 1
  })

function printTable(): void {
  const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)))
  console.log()
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2]}`)
}
