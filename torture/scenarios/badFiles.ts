// Bad files: mutated copies of real databases (each supported tool's fixture and a Tracescope store)
// and files that are not SQLite at all, opened the way the app opens them (openSource in a
// worker with a time bound) with the viewer's first queries. Each must give a readable error or
// a (partial) view, within the bound, without crashing the process, without changing the file or
// leaving side files. The hostile schema runs none of its functions.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { safeOpen } from '../../src/main/sources/safeOpen'
import { openStore } from '../../src/main/store/traceStore'
import {
  writeClaudeFlowDb,
  writeDdeutilDb,
  writeFlujoDb,
  writeHostileDb,
  writeMoaiDb,
  writeSessionStoreDb,
} from '../../test/fixtures/seedWriters'
import type { OpenOutcome } from '../children/openWorker'
import { sha256 } from '../lib/dbCheck'
import { MUTATIONS, mutate, type Mutation } from '../lib/mutate'
import { rng, seedFromEnv } from '../lib/proc'
import { crashBatch } from '../lib/records'
import { WorkerPool } from '../lib/workerPool'
import { Report, type ScenarioResult } from '../types'

/** errors that name the file and say what is wrong (src/main/sources/sourceErrors.ts, the store's own) */
const READABLE = new Set([
  'SourceOpenError',
  'SourceQueryError',
  'UnknownSourceError',
  'SchemaVersionError',
])

export async function writeBaseFiles(dir: string): Promise<Record<string, string>> {
  const base: Record<string, string> = {}
  const at = (name: string) => (base[name] = path.join(dir, `${name}.db`))
  writeClaudeFlowDb(at('claude-flow'), { sessions: 3, spansPerSession: 40 })
  writeDdeutilDb(at('ddeutil'), { sessions: 3, spansPerSession: 40 })
  writeMoaiDb(at('moai'), { sessions: 3, spansPerSession: 40 })
  writeFlujoDb(at('flujo'), { sessions: 3, spansPerSession: 40 })
  writeSessionStoreDb(at('session-store'), { sessions: 3, spansPerSession: 40 })
  writeHostileDb(at('hostile'))
  const store = openStore(at('native'))
  for (let b = 0; b < 10; b++) await store.write(crashBatch(1, b, 60, Date.UTC(2026, 0, 1)))
  await store.flush()
  await store.close()
  // fold any WAL into the main file: the mutations act on one self-contained file
  for (const file of Object.values(base)) {
    const db = new Database(file)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    for (const side of ['-wal', '-shm']) fs.rmSync(file + side, { force: true })
  }
  return base
}

interface Job {
  id: number
  file: string
  base: string
  mutation: Mutation
  detail: string
  hash: string
}

export async function runBadFiles(opts: {
  files: number
  timeoutMs: number
  workers?: number
}): Promise<ScenarioResult> {
  const r = new Report('bad-files')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torture-badfiles-'))
  const random = rng(seedFromEnv() + 2)
  const pool = new WorkerPool<{ id: number; file: string }, OpenOutcome>(
    'openWorker.ts',
    opts.workers ?? 2,
    opts.timeoutMs,
  )
  try {
    const base = await writeBaseFiles(path.join(dir, mkdir(dir, 'base')))
    const names = Object.keys(base)
    const buffers = Object.fromEntries(names.map((n) => [n, fs.readFileSync(base[n])]))
    const jobs: Job[] = []
    for (let i = 0; i < opts.files; i++) {
      const name = names[i % names.length]
      const mutation = MUTATIONS[Math.floor(random() * MUTATIONS.length)]
      const m = mutate(buffers[name], mutation, random)
      const sub = path.join(dir, mkdir(dir, `m${i}`))
      const file = path.join(sub, `${name}-${mutation}.db`)
      fs.writeFileSync(file, m.bytes)
      jobs.push({ id: i, file, base: name, mutation, detail: m.detail, hash: sha256(file) })
    }
    // the unmutated files too: each must open with a full view
    for (const name of names) {
      const sub = path.join(dir, mkdir(dir, `orig-${name}`))
      const file = path.join(sub, `${name}.db`)
      fs.copyFileSync(base[name], file)
      jobs.push({
        id: jobs.length,
        file,
        base: name,
        mutation: 'bitflip',
        detail: 'original',
        hash: sha256(file),
      })
    }
    const answers = await pool.runAll(jobs)
    const byMutation = new Map<
      string,
      { n: number; opened: number; partial: number; refused: number }
    >()
    let hangs = 0
    let crashes = 0
    let changed = 0
    let sideFiles = 0
    let nativeSideFiles = 0
    let raw = 0
    const rawKinds = new Map<string, number>()
    const times: number[] = []
    let originalsBad = 0
    answers.forEach((a, i) => {
      const job = jobs[i]
      const original = job.detail === 'original'
      const key = original ? 'original' : job.mutation
      const agg = byMutation.get(key) ?? { n: 0, opened: 0, partial: 0, refused: 0 }
      byMutation.set(key, agg)
      agg.n++
      times.push(a.ms)
      if (a.status === 'hang') {
        hangs++
        r.failures.push(
          `bad-files: ${job.base} ${job.mutation} (${job.detail}) did not answer within ${opts.timeoutMs} ms`,
        )
      } else if (a.status === 'crash') {
        crashes++
        r.failures.push(
          `bad-files: ${job.base} ${job.mutation} (${job.detail}) crashed the process: ${a.detail}`,
        )
      } else {
        const o = a.value
        const errs = [...(o.error ? [o.error] : []), ...o.queryErrors]
        for (const e of errs) {
          if (READABLE.has(e.name)) continue
          raw++
          const k = `${o.kind ?? 'open'}: ${e.name}${e.code ? ' ' + e.code : ''}: ${e.message.slice(0, 90)}`
          rawKinds.set(k, (rawKinds.get(k) ?? 0) + 1)
        }
        if (!o.opened) agg.refused++
        else if (o.queryErrors.length > 0) agg.partial++
        else agg.opened++
        if (original && (!o.opened || o.queryErrors.length > 0)) {
          originalsBad++
          r.failures.push(
            `bad-files: the unmutated ${job.base} file did not open cleanly: ${JSON.stringify(errs[0])}`,
          )
        }
      }
      if (!fs.existsSync(job.file) || sha256(job.file) !== job.hash) {
        changed++
        r.failures.push(`bad-files: ${job.file} was changed by opening it`)
      }
      const extra = fs
        .readdirSync(path.dirname(job.file))
        .filter((f) => f !== path.basename(job.file))
      if (extra.length > 0 && job.base === 'native') nativeSideFiles++
      else if (extra.length > 0) {
        sideFiles++
        if (sideFiles <= 5)
          r.failures.push(
            `bad-files: opening ${job.base} ${job.mutation} left ${extra.join(', ')} beside it`,
          )
      }
    })
    for (const [k, v] of byMutation) {
      r.info(
        `mutation: ${k}`,
        'files (full view / partial view / refused)',
        `${v.n} (${v.opened} / ${v.partial} / ${v.refused})`,
      )
    }
    times.sort((a, b) => a - b)
    r.check(
      'all files',
      'hangs (no answer within the bound)',
      hangs,
      hangs === 0,
      'a file hung the reader',
    )
    r.check('all files', 'process crashes', crashes, crashes === 0, 'a file crashed the reader')
    r.check('all files', 'files changed by opening', changed, changed === 0, 'a file was modified')
    r.check(
      'all files',
      'side files left beside the file',
      sideFiles,
      sideFiles === 0,
      'side files appeared',
    )
    r.check(
      'native store files',
      'opened read-only yet left -wal/-shm beside the file',
      nativeSideFiles,
      !(nativeSideFiles > 0),
      `${nativeSideFiles} Tracescope store files (WAL mode, no side files, as a copied or downloaded store is) got -wal/-shm files created beside them by openSource: src/main/sources/openSource.ts closes the hardened connection (which read a private snapshot) and reopens the original path with openStore(path, { readOnly: true }); in a read-only folder that open fails with a raw SQLITE_CANTOPEN. Suggested fix: open the native store on conn.snapshotPath when safeOpen chose a snapshot (or pass the plan through)`,
    )
    r.check(
      'all files',
      'unmutated files not opening cleanly',
      originalsBad,
      originalsBad === 0,
      'a good file failed',
    )
    r.check(
      'all files',
      'errors that are raw (not a SourceOpenError/StoreError naming the file)',
      raw,
      !(raw > 0),
      `${raw} errors reached the caller as raw SQLite/JS errors instead of a readable SourceOpenError/SourceQueryError/StoreError: ${[
        ...rawKinds.entries(),
      ]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, n]) => `${n}× ${k}`)
        .join(' | ')}`,
    )
    r.info(
      'all files',
      'open + queries p50',
      Math.round(times[Math.floor(times.length / 2)] ?? 0),
      'ms',
    )
    r.info(
      'all files',
      'open + queries p99',
      Math.round(times[Math.floor(times.length * 0.99)] ?? 0),
      'ms',
    )
    r.info('all files', 'open + queries max', Math.round(times.at(-1) ?? 0), 'ms')
    r.info('all files', 'worker restarts', pool.restarts)
    await hostileSchema(r, path.join(dir, mkdir(dir, 'hostile')), pool)
  } finally {
    pool.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return r.done()
}

function mkdir(dir: string, name: string): string {
  fs.mkdirSync(path.join(dir, name), { recursive: true })
  return name
}

/** The hostile schema: its trigger, generated column, CHECK, expression index and view run nothing. */
async function hostileSchema(
  r: Report,
  dir: string,
  pool: WorkerPool<{ id: number; file: string }, OpenOutcome>,
): Promise<void> {
  const kase = 'hostile schema (trigger, view, generated column, CHECK, expression index)'
  const file = path.join(dir, 'hostile.db')
  const summary = writeHostileDb(file)
  const before = sha256(file)
  const [a] = await pool.runAll([{ id: 1_000_000, file }])
  const conn = safeOpen(file)
  const trusted = conn.db.pragma('trusted_schema', { simple: true })
  const queryOnly = conn.db.pragma('query_only', { simple: true })
  let writeRefused = false
  try {
    conn.db
      .prepare(
        `INSERT INTO ${summary.table} (run_id, level, message, datetime) VALUES ('x','info','x','x')`,
      )
      .run()
  } catch {
    writeRefused = true
  }
  conn.close()
  const db = new Database(file, { readonly: true })
  const sideEffects = db
    .prepare(`SELECT count(*) FROM ${summary.sideEffectTable}`)
    .pluck()
    .get() as number
  db.close()
  const opened =
    a.status === 'done'
      ? a.value.opened
        ? `opened as ${a.value.kind}`
        : `refused: ${a.value.error?.message.slice(0, 60)}`
      : a.status
  r.info(kase, 'outcome', opened)
  r.check(kase, 'rows the trigger wrote', sideEffects, sideEffects === 0, 'the hostile trigger ran')
  r.check(
    kase,
    'PRAGMA trusted_schema on the reader',
    String(trusted),
    trusted === 0,
    'trusted_schema is not OFF',
  )
  r.check(
    kase,
    'PRAGMA query_only on the reader',
    String(queryOnly),
    queryOnly === 1,
    'query_only is not ON',
  )
  r.check(
    kase,
    'an INSERT through the reader',
    writeRefused ? 'refused' : 'ran',
    writeRefused,
    'a write went through',
  )
  r.check(
    kase,
    'file unchanged',
    sha256(file) === before ? 'yes' : 'no',
    sha256(file) === before,
    'hostile file changed',
  )
}
