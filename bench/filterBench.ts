// `npx tsx bench/filterBench.ts` — the filter language's figures. A script that prints numbers,
// not a test.
//   FILTER_SPANS=100000 (default)  spans in the native store (synthetic swarm, 20 sessions)
//   FILTER_FOREIGN=20000           spans in the session-keyed trace store file
// Prints medians (and p95) of: parsing (peggy) typical and hostile input; one page of one
// session on the native store through a flag and through the same condition as `where`, and
// through the terms SQL reads from the attributes; one filtered page of another tool's file,
// pushed down and evaluated in JS. Ratios are measured in the same run; the load average is
// printed before and after.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseFilter } from '../src/shared/filter'
import type { SpanQuery, TraceQueries } from '../src/shared/queries'
import { openStore } from '../src/main/store/traceStore'
import { openSource } from '../src/main/sources/openSource'
import { writeSessionStoreDb } from '../test/fixtures/seedWriters'
import { swarm } from './syntheticSwarm'

const SPANS = Number(process.env.FILTER_SPANS ?? 100_000)
const FOREIGN = Number(process.env.FILTER_FOREIGN ?? 20_000)
const T0 = Date.UTC(2026, 0, 1)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]
}
/** ms per call: `runs` timed calls after 5 untimed ones */
function time(fn: () => unknown, runs: number): number[] {
  for (let i = 0; i < 5; i++) fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint()
    fn()
    out.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return out
}
const f = (n: number, d = 3) => n.toFixed(d)
const row = (name: string, xs: number[]) =>
  console.log(`  ${name.padEnd(58)} median ${f(median(xs))} ms   p95 ${f(p95(xs))} ms`)

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-filter-bench-'))
  console.log(
    `filter bench: ${SPANS.toLocaleString('en')} native spans, ${FOREIGN.toLocaleString('en')} foreign spans, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}`,
  )
  try {
    console.log('\nparse (peggy parser + checks)')
    row(
      'issue example (8 terms)',
      time(
        () =>
          parseFilter(
            'agent:coder status:error duration>2s name:tool.* model:gpt-4o tokens>1000 "free text" attr.http.status_code>=500',
          ),
        5000,
      ),
    )
    row(
      'two words of free text',
      time(() => parseFilter('timeout retry'), 5000),
    )
    row(
      '64 terms joined by or, 1,000 characters',
      time(
        () => parseFilter(Array.from({ length: 64 }, (_, i) => `name:n${i}*`).join(' or ')),
        2000,
      ),
    )
    row(
      'refused: 5 MB of text (length check)',
      time(() => parseFilter('a'.repeat(5_000_000)), 50),
    )
    row(
      'refused: 2,000 open parentheses (depth check)',
      time(() => parseFilter('('.repeat(2000)), 2000),
    )
    row(
      'refused: 40 nested not (after parsing)',
      time(() => parseFilter('not '.repeat(40) + 'a'), 2000),
    )

    const file = path.join(dir, 'native.db')
    const store = openStore(file)
    const t0 = Date.now()
    await store.write(
      swarm({ spans: SPANS, spansPerSession: Math.ceil(SPANS / 20), startTime: T0 }),
    )
    await store.flush()
    await store.close()
    console.log(`\nnative store written in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const src = openSource(file, { overlay: false })
    const q = src.queries
    const session = q.listSessions({ limit: 1, sort: 'startTime', order: 'asc' }).items[0].id
    const page = (extra: Partial<SpanQuery>) => () =>
      q.listSpans({ sessionId: session, limit: 500, order: 'asc', ...extra })
    const pairs: Array<[string, Partial<SpanQuery>, Partial<SpanQuery>]> = [
      ['status error', { status: 'error' }, { where: 'status:error' }],
      ['exact name', { name: 'tool.bash' }, { where: 'name:tool.bash' }],
      ['agent', { agentIds: [`${session}-coder-1`] }, { where: `agent:${session}-coder-1` }],
    ]
    console.log(
      `\nnative, one session (${session}), first page of ≤ 500 spans, lean (no attributes)`,
    )
    for (const [name, flag, where] of pairs) {
      const a = time(page({ ...flag, withAttributes: false }), 200)
      const b = time(page({ ...where, withAttributes: false }), 200)
      row(`${name}: flag`, a)
      row(`${name}: where`, b)
      console.log(`  ${''.padEnd(58)} where / flag ${(median(b) / median(a)).toFixed(2)}`)
    }
    console.log('\nnative, one session, first page of ≤ 500 spans with attributes')
    for (const where of [
      'name:tool.*',
      'duration>2s',
      'model:gpt-4o',
      'tokens>1000',
      'attr.gen_ai.operation.name:chat',
      'status:error or tokens>3000',
    ]) {
      const xs = time(page({ where }), 100)
      row(`where ${where} (${page({ where })().items.length} spans)`, xs)
    }
    row('no filter', time(page({}), 100))
    console.log('\nnative, across sessions, first page of ≤ 500')
    row(
      `where agent:${session}-coder-1`,
      time(() => q.listSpans({ where: `agent:${session}-coder-1`, limit: 500 }), 100),
    )
    src.close()

    const foreign = path.join(dir, 'session-store.db')
    writeSessionStoreDb(foreign, { sessions: 1, spansPerSession: FOREIGN })
    const fsrc = openSource(foreign, { overlay: false })
    const fq: TraceQueries = fsrc.queries
    const fid = fq.listSessions({ limit: 1 }).items[0].id
    const all = (where?: string) => () => {
      let cursor: string | null = null
      let n = 0
      do {
        const p = fq.listSpans({ sessionId: fid, where, limit: 500, cursor, order: 'asc' })
        n += p.items.length
        cursor = p.nextCursor
      } while (cursor)
      return n
    }
    console.log(
      `\nsession-keyed trace store, one session of ${FOREIGN.toLocaleString('en')} spans, every page of ≤ 500`,
    )
    const none = time(all(), 10)
    row(`no filter (${all()()} spans)`, none)
    for (const where of ['status:error', 'name:tool_*', 'duration>=40 not "rate limited"']) {
      const xs = time(all(where), 10)
      row(`where ${where} (${all(where)()} spans)`, xs)
      console.log(`  ${''.padEnd(58)} / no filter ${(median(xs) / median(none)).toFixed(2)}`)
    }
    fsrc.close()
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
    console.log(`\nload average after: ${os.loadavg()[0].toFixed(1)}`)
  }
}

void main()
