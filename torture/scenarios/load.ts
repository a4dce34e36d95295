// Load: N spans ingested by a writer process while this process runs the viewer's queries on
// the same file (a read-only store, as a second window would). Figures: ingest rate, peak RSS of
// both sides (bounded: it must not scale with N), query p50/p99/max under load, rows at the end.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { TraceStore } from '../../src/main/store/storeApi'
import { openStore } from '../../src/main/store/traceStore'
import { walBytes } from '../lib/dbCheck'
import { killAndWait, sleep, spawnTs } from '../lib/proc'
import { Report, type ScenarioResult } from '../types'

export interface LoadOptions {
  spans: number
  sessions?: number
  /** ms between query rounds of the "viewer" */
  pauseMs?: number
  /** upper bound of the whole scenario */
  timeoutMs?: number
}

const QUERIES: Array<[string, (s: TraceStore, sessionId: string, now: number) => unknown]> = [
  [
    'last 10 min of one session, newest first, 1000',
    (s, id, now) =>
      s.listSpans({ sessionId: id, since: now - 600_000, order: 'desc', limit: 1000 }),
  ],
  ['session list (200, recent first)', (s) => s.listSessions({ limit: 200, sort: 'lastActivity' })],
  ['unresolved errors (100)', (s) => s.listErrors({ resolved: false, limit: 100 })],
  [
    'spans across sessions, last 5 min (500)',
    (s, _id, now) => s.listSpans({ since: now - 300_000, order: 'desc', limit: 500 }),
  ],
]

export async function runLoad(opts: LoadOptions): Promise<ScenarioResult> {
  const r = new Report('load')
  const kase = `${opts.spans.toLocaleString('en-US')} spans ingested while the viewer queries`
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torture-load-'))
  const file = path.join(dir, 'load.db')
  const sessions = opts.sessions ?? 100
  // spans are 2 ms apart per session; the newest lands near now
  const perSession = Math.ceil(opts.spans / sessions)
  const base = Date.now() - perSession * 2
  const latestOf = () => base + perSession * 2
  const writer = spawnTs('loadWriter.ts', [
    file,
    String(opts.spans),
    String(sessions),
    String(base),
  ])
  const times = new Map<string, number[]>(QUERIES.map(([name]) => [name, []]))
  let readerPeak = 0
  let maxWal = 0
  let queryErrors = 0
  const firstError: string[] = []
  let store: TraceStore | null = null
  const deadline = performance.now() + (opts.timeoutMs ?? 30 * 60_000)
  try {
    await writer.waitFor((l) => l.startsWith('{"n"'), 60_000)
    store = openStore(file, { readOnly: true })
    while (!writer.lines.some((l) => l.includes('"done"') || l.includes('"fatal"'))) {
      if (performance.now() > deadline) throw new Error('load scenario ran past its time bound')
      for (const [name, q] of QUERIES) {
        const t0 = performance.now()
        try {
          q(store, 'load-1', latestOf())
        } catch (e) {
          queryErrors++
          if (firstError.length < 3) firstError.push(`${name}: ${(e as Error).message}`)
        }
        times.get(name)!.push(performance.now() - t0)
      }
      readerPeak = Math.max(readerPeak, process.memoryUsage().rss)
      maxWal = Math.max(maxWal, walBytes(file))
      await sleep(opts.pauseMs ?? 50)
    }
  } finally {
    await store?.close()
    await killAndWait(writer, 'SIGKILL', 60_000)
  }
  const doneLine = writer.lines.find((l) => l.includes('"done"'))
  const progress = writer.lines
    .filter((l) => l.startsWith('{"n"'))
    .map((l) => JSON.parse(l) as { n: number; rss: number })
  if (!doneLine) {
    r.failures.push(
      `load: writer failed: ${writer.lines.find((l) => l.includes('fatal')) ?? writer.stderr().slice(0, 300)}`,
    )
    fs.rmSync(dir, { recursive: true, force: true })
    return r.done()
  }
  const done = JSON.parse(doneLine) as { n: number; ms: number; peakRss: number }
  const db = new Database(file, { readonly: true })
  const rows = db.prepare('SELECT count(*) FROM spans').pluck().get() as number
  db.close()
  const bytes = fs.statSync(file).size
  fs.rmSync(dir, { recursive: true, force: true })
  // RSS at 25 % of the ingest vs the peak: bounded memory does not keep climbing with N
  const quarter = progress.find((p) => p.n >= opts.spans / 4)?.rss ?? 0
  r.info(
    kase,
    'ingest rate (writer queue, with readers)',
    Math.round(done.n / (done.ms / 1000)),
    'spans/s',
  )
  r.check(
    kase,
    'spans in the file at the end',
    rows,
    rows === opts.spans,
    `expected ${opts.spans} spans, found ${rows}`,
  )
  r.info(kase, 'bytes on disk per span', Math.round(bytes / Math.max(1, rows)), 'B')
  const at = (f: number) =>
    Math.round((progress.find((p) => p.n >= opts.spans * f)?.rss ?? 0) / 1048576)
  r.info(
    kase,
    'writer RSS at 25 / 50 / 75 % of the ingest',
    `${at(0.25)} / ${at(0.5)} / ${at(0.75)}`,
    'MiB',
  )
  r.check(
    kase,
    'writer peak RSS',
    Math.round(done.peakRss / 1048576),
    done.peakRss < 1024 * 1048576 && (quarter === 0 || done.peakRss < quarter * 2 + 128 * 1048576),
    `writer memory grew with the ingest: ${Math.round(quarter / 1048576)} MiB at 25 %, ${Math.round(done.peakRss / 1048576)} MiB peak`,
    'MiB',
  )
  r.info(kase, 'viewer process peak RSS', Math.round(readerPeak / 1048576), 'MiB')
  r.info(kase, 'max WAL during the ingest', Math.round(maxWal / 1048576), 'MiB')
  r.check(kase, 'query errors under load', queryErrors, queryErrors === 0, firstError.join('; '))
  for (const [name, t] of times) {
    t.sort((a, b) => a - b)
    const p = (q: number) => (t[Math.min(t.length - 1, Math.floor(t.length * q))] ?? 0).toFixed(1)
    r.info(
      `query: ${name}`,
      'p50 / p99 / max under load',
      `${p(0.5)} / ${p(0.99)} / ${(t.at(-1) ?? 0).toFixed(1)} (${t.length} runs)`,
      'ms',
    )
  }
  return r.done()
}
