// Crash: a writer process is killed with SIGKILL at random moments. After every kill the file
// must pass PRAGMA integrity_check, hold every batch the child acknowledged (write() resolved),
// hold no batch partially (one write = one transaction), and hold nothing twice. The store must
// then open and write again.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../../src/main/store/traceStore'
import { checkRun, walBytes } from '../lib/dbCheck'
import { killAndWait, rng, seedFromEnv, sleep, spawnTs } from '../lib/proc'
import { crashBatch } from '../lib/records'
import { Report, type ScenarioResult } from '../types'

export interface CrashOptions {
  kills: number
  spansPerBatch?: number
  /** start a fresh file every this many kills (a kill of a fresh file can land in migration) */
  killsPerFile?: number
  dir?: string
}

const KASE = 'SIGKILL at random moments'

export async function runCrash(opts: CrashOptions): Promise<ScenarioResult> {
  const r = new Report('crash')
  const spans = opts.spansPerBatch ?? 100
  const perFile = opts.killsPerFile ?? 25
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'torture-crash-'))
  const random = rng(seedFromEnv())
  let acked = 0
  let lostAcked = 0
  let torn = 0
  let dups = 0
  let badIntegrity = 0
  let beforeReady = 0
  let presentUnacked = 0
  let childErrors = 0
  let reopenFailures = 0
  let maxWal = 0
  const checkMs: number[] = []
  try {
    for (let kill = 0; kill < opts.kills; kill++) {
      const file = path.join(dir, `crash-${Math.floor(kill / perFile)}.db`)
      const run = kill + 1
      const child = spawnTs('crashWriter.ts', [file, String(run), String(spans), '0'])
      // one kill in ten lands anywhere in start-up (module load, open, migration on a new file)
      if (random() < 0.1) {
        await sleep(random() * 700)
      } else {
        const ready = await child.waitFor((l) => l === 'ready', 20_000)
        if (ready === null) {
          childErrors++
          r.failures.push(`crash: child never became ready: ${child.stderr().slice(0, 300)}`)
        }
        await sleep(random() * 800)
      }
      const exit = await killAndWait(child, 'SIGKILL')
      if (exit.signal !== 'SIGKILL') {
        childErrors++
        r.failures.push(
          `crash: child ${run} ended by itself (code ${exit.code}): ${child.stderr().slice(0, 300)}`,
        )
      }
      if (!child.lines.includes('ready')) beforeReady++
      const ackedBatches = child.lines
        .filter((l) => l.startsWith('ack '))
        .map((l) => Number(l.slice(4)))
      acked += ackedBatches.length
      if (!fs.existsSync(file)) continue
      maxWal = Math.max(maxWal, walBytes(file))
      const t0 = performance.now()
      const check = checkRun(file, run)
      checkMs.push(performance.now() - t0)
      if (check.integrity !== 'ok') {
        badIntegrity++
        r.failures.push(`crash: integrity_check after kill ${run}: ${check.integrity}`)
      }
      for (const b of ackedBatches) {
        if (check.batches.get(b) !== spans) {
          lostAcked++
          r.failures.push(
            `crash: kill ${run}: acknowledged batch ${b} has ${check.batches.get(b) ?? 0}/${spans} spans`,
          )
        }
      }
      for (const [b, n] of check.batches) {
        if (n !== spans) {
          torn++
          r.failures.push(`crash: kill ${run}: batch ${b} is torn (${n}/${spans} spans)`)
        }
        if (!ackedBatches.includes(b)) presentUnacked++
      }
      const d = check.duplicateSpans + check.duplicateEvents + check.duplicateErrors
      if (d > 0) {
        dups += d
        r.failures.push(`crash: kill ${run}: ${d} duplicated ids`)
      }
      // the file must open again and take the next batch (the writer resumes)
      if (kill % perFile === perFile - 1 || kill === opts.kills - 1) {
        try {
          const store = openStore(file)
          const w = await store.write(crashBatch(run, 999_999, 10, Date.UTC(2026, 0, 1)))
          await store.close()
          if (w.written !== 10 + 1 + 1) throw new Error(`wrote ${w.written}`)
        } catch (e) {
          reopenFailures++
          r.failures.push(
            `crash: reopening ${path.basename(file)} after kill ${run}: ${(e as Error).message}`,
          )
        }
      }
    }
  } finally {
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true })
  }
  checkMs.sort((a, b) => a - b)
  r.info(KASE, 'kills', opts.kills)
  r.info(KASE, 'kills before the store was open', beforeReady)
  r.info(KASE, 'batches acknowledged', acked)
  r.info(KASE, 'batches committed but killed before the ack', presentUnacked)
  r.check(
    KASE,
    'integrity_check not ok',
    badIntegrity,
    badIntegrity === 0,
    'integrity_check failed',
  )
  r.check(KASE, 'acknowledged batches lost', lostAcked, lostAcked === 0, 'acknowledged data lost')
  r.check(KASE, 'torn batches (partly present)', torn, torn === 0, 'a write was partly committed')
  r.check(KASE, 'duplicated ids', dups, dups === 0, 'rows duplicated')
  r.check(
    KASE,
    'reopen-and-write failures',
    reopenFailures,
    reopenFailures === 0,
    'store did not reopen',
  )
  r.check(KASE, 'writer errors (not the kill)', childErrors, childErrors === 0, 'writer failed')
  r.info(KASE, 'max WAL after a kill', Math.round(maxWal / 1024), 'KiB')
  r.info(KASE, 'check time p50', Math.round(checkMs[Math.floor(checkMs.length / 2)] ?? 0), 'ms')
  return r.done()
}
