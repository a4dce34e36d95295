// SIGTERM / SIGINT: a process that stops politely must lose nothing it took.
// 1. An agent process logging through the SDK's log handler: every line handed to log() must be
//    in the file after the signal (the handler buffers up to 500 lines / 1 s).
// 2. `tracescope collect` under a stream of OTLP requests: every span answered 2xx is stored,
//    the process exits 0 within a bound after the signal.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { integrity } from '../lib/dbCheck'
import { JSON_TYPE, hex, otlpJson, post } from '../lib/otlpBodies'
import { killAndWait, rng, seedFromEnv, sleep, spawnCli, spawnTs } from '../lib/proc'
import { Report, type ScenarioResult } from '../types'
import { appShutdown } from './appShutdown'

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']

function countEvents(file: string, sessionId: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare('SELECT count(*) FROM events e JOIN sessions s ON s.sid = e.session WHERE s.id = ?')
      .pluck()
      .get(sessionId) as number
  } finally {
    db.close()
  }
}

async function sdkRun(
  file: string,
  sessionId: string,
  signal: NodeJS.Signals,
  wait: number,
  closeOnSignal: boolean,
) {
  const child = spawnTs('sdkLogger.ts', [
    file,
    sessionId,
    ...(closeOnSignal ? ['--close-on-signal'] : []),
  ])
  await child.waitFor((l) => l === 'ready', 20_000)
  await sleep(wait)
  const exit = await killAndWait(child, signal)
  const handed = Math.max(
    0,
    ...child.lines.filter((l) => l.startsWith('handed ')).map((l) => Number(l.slice(7))),
  )
  const stored = fs.existsSync(file) ? countEvents(file, sessionId) : 0
  return { handed, stored, exit, ok: integrity(file) === 'ok' }
}

export async function runSignals(opts: {
  runs: number
  dir?: string
  /** the SDK log-handler cases (default true) */
  sdk?: boolean
  /** the `npx tracescope collect` start-up check (default true) */
  bin?: boolean
}): Promise<ScenarioResult> {
  const r = new Report('signals')
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'torture-signals-'))
  const random = rng(seedFromEnv() + 1)
  try {
    for (const signal of opts.sdk === false ? [] : SIGNALS) {
      for (const closeOnSignal of [false, true]) {
        let handed = 0
        let lost = 0
        let bad = 0
        for (let i = 0; i < opts.runs; i++) {
          const file = path.join(dir, `sdk-${signal}-${closeOnSignal}-${i}.db`)
          const res = await sdkRun(file, `sdk-${i}`, signal, 200 + random() * 600, closeOnSignal)
          handed += res.handed
          lost += Math.max(0, res.handed - res.stored)
          if (!res.ok) bad++
        }
        const kase = closeOnSignal
          ? `SDK log handler, app closes it on ${signal}`
          : `SDK log handler, ${signal} with no handler of the app's own`
        r.info(kase, 'lines handed to log()', handed)
        r.check(kase, 'integrity_check not ok', bad, bad === 0, 'file damaged after a signal')
        if (closeOnSignal)
          r.check(
            kase,
            'lines lost',
            lost,
            !(lost > 0),
            `${lost} of ${handed} lines were lost although the app awaited log.close() and storage.close() before exiting: LogHandler.close() (src/lib/logHandler.ts) flushes the buffer it has, then sets closed=true, so lines logged while that flush is in progress are accepted without error and never written. Suggested fix: set closed before flushing (later log() throws), or loop flush() until the buffer is empty`,
          )
        else
          r.check(
            kase,
            'lines lost',
            lost,
            !(lost > 0),
            `${lost} of ${handed} log lines handed to the SDK's LogHandler were lost on ${signal}: src/lib/logHandler.ts flushes on 'beforeExit' only, which never fires on a signal. Suggested fix: the handler (or openStore in src/lib) registers SIGTERM/SIGINT listeners that flush + close, then re-raise the signal (process.kill(process.pid, sig)) after removing themselves`,
          )
      }
    }
    if (opts.bin !== false) await binCollect(r, dir)
    await appShutdown(r, dir)
    for (const signal of SIGNALS) {
      const agg: CollectAgg = {
        answered: 0,
        lost: 0,
        unanswered: 0,
        badExits: [],
        exitMs: [],
        badIntegrity: 0,
      }
      for (let i = 0; i < opts.runs; i++) await collectorRun(r, agg, dir, signal, i, random)
      const kase = `tracescope collect, ${signal} under load (${opts.runs} runs)`
      agg.exitMs.sort((a, b) => a - b)
      r.info(kase, 'requests answered 200', agg.answered)
      r.check(
        kase,
        'requests answered 200 but not stored',
        agg.lost,
        agg.lost === 0,
        `${agg.lost} acknowledged requests missing`,
      )
      r.info(kase, 'requests stored without a 200 reaching the client', agg.unanswered)
      r.check(
        kase,
        'runs not exiting 0',
        agg.badExits.length,
        agg.badExits.length === 0,
        `collector exits: ${agg.badExits.join(', ')}`,
      )
      r.info(
        kase,
        'time from signal to exit, median / max',
        `${Math.round(agg.exitMs[Math.floor(agg.exitMs.length / 2)] ?? 0)} / ${Math.round(agg.exitMs.at(-1) ?? 0)}`,
        'ms',
      )
      r.check(
        kase,
        'integrity_check not ok',
        agg.badIntegrity,
        agg.badIntegrity === 0,
        'file damaged',
      )
    }
  } finally {
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true })
  }
  return r.done()
}

interface CollectAgg {
  answered: number
  lost: number
  unanswered: number
  badExits: string[]
  exitMs: number[]
  badIntegrity: number
}

async function collectorRun(
  r: Report,
  agg: CollectAgg,
  dir: string,
  signal: NodeJS.Signals,
  run: number,
  random: () => number,
): Promise<void> {
  const kase = `tracescope collect, ${signal} under load`
  const file = path.join(dir, `collect-${signal}-${run}.db`)
  const child = spawnCli(['collect', '--db', file, '--port', '0', '--json'])
  const ready = await child.waitFor((l) => l.includes('"listening"'), 30_000)
  if (!ready) {
    r.failures.push(`signals: collector did not start: ${child.stderr().slice(0, 300)}`)
    await killAndWait(child, 'SIGKILL')
    return
  }
  const url = (JSON.parse(ready) as { traces: string }).traces
  const SPANS = 50
  const ok = new Set<number>()
  let next = 0
  let stop = false
  let refused = 0
  const base = Date.UTC(2026, 0, 1)
  const loop = async () => {
    while (!stop) {
      const req = next++
      const spans = Array.from({ length: SPANS }, (_, i) => ({
        traceId: hex(run + 1, 16) + hex(req, 16),
        spanId: hex(req + 1, 8) + hex(i + 1, 8), // all-zero ids are invalid OTLP
        name: `op ${i}`,
        startMs: base + req * 100 + i,
        endMs: base + req * 100 + i + 3,
      }))
      const res = await post(
        url,
        JSON.stringify(otlpJson(`collect-${run}`, spans)),
        JSON_TYPE,
        10_000,
      )
      if (res.status === 200 && !res.body.includes('rejected')) ok.add(req)
      else if (res.status === 0) {
        refused++
        await sleep(5)
      }
    }
  }
  const loops = Array.from({ length: 6 }, loop)
  await sleep(300 + random() * 700)
  const t0 = performance.now()
  const exit = await killAndWait(child, signal, 20_000)
  const exitMs = performance.now() - t0
  stop = true
  await Promise.all(loops)
  const db = new Database(file, { readonly: true })
  const perReq = new Map<number, number>()
  try {
    const ids = db.prepare('SELECT lower(hex(span_id)) FROM spans').pluck().all() as string[]
    for (const id of ids) {
      const req = parseInt(id.slice(0, 8), 16) - 1
      perReq.set(req, (perReq.get(req) ?? 0) + 1)
    }
  } finally {
    db.close()
  }
  let lost = 0
  for (const req of ok) {
    if (perReq.get(req) === SPANS) continue
    lost++
    r.failures.push(
      `signals: ${kase}: request ${req} was answered 200 and has ${perReq.get(req) ?? 0}/${SPANS} spans stored`,
    )
  }
  agg.answered += ok.size
  agg.lost += lost
  agg.unanswered += [...perReq.keys()].filter((k) => !ok.has(k)).length
  if (exit.code !== 0 || exit.timedOut)
    agg.badExits.push(`${exit.code ?? exit.signal}${exit.timedOut ? ' (timed out)' : ''}`)
  agg.exitMs.push(exitMs)
  if (integrity(file) !== 'ok') agg.badIntegrity++
  void refused
}

/** `npx tracescope collect` runs bin/tracescope.cjs, which registers only tsx's CommonJS hook. */
async function binCollect(r: Report, dir: string): Promise<void> {
  const child = spawnCli(
    ['collect', '--db', path.join(dir, 'bin.db'), '--port', '0', '--json'],
    {},
    true,
  )
  const ready = await child.waitFor((l) => l.includes('"listening"'), 30_000)
  await killAndWait(child, 'SIGTERM')
  r.check(
    'npx tracescope collect (bin/tracescope.cjs)',
    'starts listening',
    ready ? 'yes' : 'no',
    ready !== null,
    `bin/tracescope.cjs collect does not start: ${child.stderr().trim().slice(0, 200)} — src/cli/commands/collect.ts (and tail.ts, serve.ts) load modules with import(), which tsx's CommonJS hook does not resolve; use the require-based loaders of src/cli/lazy.ts`,
  )
}
