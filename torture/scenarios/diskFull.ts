// Disk full and read-only: the store and the collector in front of it while the disk fills up
// and comes back, and a store in a folder that is read-only. A clear error, 503 + Retry-After from the
// collector (a client retries; a 200 would tell it the spans were stored or rejected for good),
// nothing corrupted, writing resumes once space returns, every span answered 200 is stored.
import path from 'node:path'
import Database from 'better-sqlite3'
import { startCollector } from '../../src/main/collector'
import { openSource } from '../../src/main/sources/openSource'
import type { TraceStore } from '../../src/main/store/storeApi'
import { openStore } from '../../src/main/store/traceStore'
import { integrity } from '../lib/dbCheck'
import { JSON_TYPE, hex, otlpJson, post } from '../lib/otlpBodies'
import { crashBatch } from '../lib/records'
import { createSpaceFault } from '../lib/spaceFault'
import { Report, type ScenarioResult } from '../types'

const SPANS = 200
const PAD = 'p'.repeat(600)

interface Phase {
  statuses: Map<number, number>
  okRequests: number[]
  partial: number
  sample: string
  retryAfter: boolean
}

let reqNo = 0

async function sendRequests(url: string, n: number): Promise<Phase> {
  const phase: Phase = {
    statuses: new Map(),
    okRequests: [],
    partial: 0,
    sample: '',
    retryAfter: false,
  }
  const base = Date.UTC(2026, 0, 1)
  for (let k = 0; k < n; k++) {
    const req = ++reqNo
    const spans = Array.from({ length: SPANS }, (_, i) => ({
      traceId: hex(req, 32),
      spanId: hex(req, 8) + hex(i + 1, 8),
      name: `op ${i % 9}`,
      startMs: base + req * 1000 + i,
      endMs: base + req * 1000 + i + 2,
      attributes: { pad: PAD, i },
    }))
    const res = await post(`${url}/v1/traces`, JSON.stringify(otlpJson('disk', spans)), JSON_TYPE)
    phase.statuses.set(res.status, (phase.statuses.get(res.status) ?? 0) + 1)
    const rejected = /rejectedSpans/.test(res.body)
    if (res.status === 200 && !rejected) phase.okRequests.push(req)
    if (res.status === 200 && rejected) phase.partial++
    if (res.status !== 200 || rejected) phase.sample ||= `${res.status} ${res.body.slice(0, 160)}`
    if (res.headers['retry-after']) phase.retryAfter = true
  }
  return phase
}

const fmt = (p: Phase) => [...p.statuses].map(([s, n]) => `${n}×${s}`).join(', ')

function storedRequests(file: string): Map<number, number> {
  const db = new Database(file, { readonly: true })
  try {
    const per = new Map<number, number>()
    for (const id of db
      .prepare('SELECT lower(hex(span_id)) FROM spans')
      .pluck()
      .all() as string[]) {
      const req = parseInt(id.slice(0, 8), 16)
      per.set(req, (per.get(req) ?? 0) + 1)
    }
    return per
  } finally {
    db.close()
  }
}

export async function runDiskFull(opts: { requests?: number } = {}): Promise<ScenarioResult> {
  const r = new Report('disk-full')
  const n = opts.requests ?? 10
  const fault = createSpaceFault()
  const file = path.join(fault.dir, 'store.db')
  let store: TraceStore | null = openStore(file)
  const collector = await startCollector({ store, port: 0 })
  const okAll: number[] = []
  // an exception thrown from a store timer would end a real `tracescope collect`; count them
  const uncaught: string[] = []
  const onUncaught = (e: Error) =>
    uncaught.push(
      `${e.name} ${(e as { code?: string }).code ?? ''}: ${e.message} at ${e.stack?.split('\n')[2]?.trim() ?? '?'}`,
    )
  process.on('uncaughtException', onUncaught)
  try {
    r.info(
      'set-up',
      'how the fault is made',
      fault.method === 'tmpfs' ? 'a 48 MiB tmpfs filled by another file' : 'PRAGMA max_page_count',
    )
    const before = await sendRequests(collector.url, n)
    okAll.push(...before.okRequests)
    r.check(
      'space available',
      'answers',
      fmt(before),
      before.okRequests.length === n,
      `not all 200: ${before.sample}`,
    )

    fault.fill(store)
    const full = await sendRequests(collector.url, n)
    okAll.push(...full.okRequests)
    // refusing the batch either way is right: write() rejects (a storage error the caller can
    // retry) or resolves with every record rejected and a reason
    const direct = await store.write(crashBatch(7, 1, 20, Date.UTC(2026, 0, 1))).then(
      (w) => ({
        written: w.written,
        rejected: w.rejected.length,
        reason: w.rejected[0]?.reason ?? '(nothing rejected)',
        threw: false,
      }),
      (e: Error) => ({ written: 0, rejected: 22, reason: e.message, threw: true }),
    )
    const reason = direct.reason
    r.info('disk full', 'answers', fmt(full))
    r.check(
      'disk full',
      'store.write() rejected the batch',
      direct.threw ? 'write() rejected' : `${direct.rejected} records rejected`,
      direct.rejected > 0 && direct.written === 0,
      `store.write() on a full disk wrote ${direct.written} and rejected ${direct.rejected}`,
    )
    r.check(
      'disk full',
      'store.write() reason names the full disk',
      reason.slice(0, 70),
      /full|space/i.test(reason),
      `store.write() on a full database says "${reason}": when a statement fails with SQLITE_FULL, SQLite rolls the transaction back itself, and the batch writer's savepoint loop then goes on and its COMMIT fails with "cannot commit - no transaction is active", which hides the cause (src/main/store/batchWriter.ts writeIsolated; seen with max_page_count). Suggested fix: stop the isolated retry when db.inTransaction is false after a failure, and report the first error (SQLITE_FULL) for the batch`,
    )
    const got503 = (full.statuses.get(503) ?? 0) + (full.statuses.get(429) ?? 0)
    r.check(
      'disk full',
      'requests answered 503/429 + Retry-After',
      `${got503}/${n}${full.retryAfter ? ' (Retry-After)' : ''}`,
      !(got503 < n - full.okRequests.length),
      `on a full disk the collector answered ${fmt(full)} (${full.sample}) instead of 503 + Retry-After: the store reports SQLITE_FULL as per-record rejections (src/main/store/writerQueue.ts commitWithRetry → settle, "write failed: …"), so src/main/collector/otlpReceiver.ts answers 200 with partialSuccess and OTLP clients drop the spans for good. Suggested fix: the store raises (or flags) a storage-unavailable error for SQLITE_FULL/SQLITE_IOERR/SQLITE_READONLY instead of rejecting records, and the receiver answers 503 + Retry-After`,
    )
    r.check(
      'disk full',
      'integrity_check while full',
      integrity(file),
      integrity(file) === 'ok',
      'corrupted by a full disk',
    )

    fault.free(store)
    const after = await sendRequests(collector.url, n)
    okAll.push(...after.okRequests)
    const direct2 = await store.write(crashBatch(7, 2, 20, Date.UTC(2026, 0, 1)))
    r.check(
      'space returned',
      'answers',
      fmt(after),
      after.okRequests.length === n,
      `writing did not resume: ${after.sample}`,
    )
    r.check(
      'space returned',
      'store.write() rejected',
      direct2.rejected.length,
      direct2.rejected.length === 0,
      `store.write() after space returned: ${direct2.rejected[0]?.reason}`,
    )

    await collector.close()
    await store.close()
    store = null
    const stored = storedRequests(file)
    const lost = okAll.filter((q) => stored.get(q) !== SPANS).length
    r.check(
      'all phases',
      'spans answered 200 but missing',
      lost,
      lost === 0,
      `${lost} requests answered 200 are not fully stored`,
    )
    r.check(
      'all phases',
      'integrity_check at the end',
      integrity(file),
      integrity(file) === 'ok',
      'corrupted',
    )

    if (fault.readOnly) {
      fault.readOnly(true)
      const open = (label: string, fn: () => { close(): unknown }) => {
        try {
          const s = fn()
          void s.close()
          r.info('read-only folder, opening', label, 'opened')
        } catch (e) {
          const err = e as Error & { code?: string }
          const clear = err.name !== 'SqliteError' && err.message.includes(path.basename(file))
          r.check(
            'read-only folder, opening',
            label,
            `${err.name}${err.code ? ' ' + err.code : ''}: ${err.message.slice(0, 60)}`,
            clear,
            `${label} on a store in a read-only folder fails with "${err.name} ${err.code ?? ''}: ${err.message}", which does not say which file or why (read-only folder)`,
          )
        }
      }
      open('openStore(file) (writable)', () => openStore(file))
      open('openStore(file, { readOnly: true })', () => openStore(file, { readOnly: true }))
      open('openSource(file)', () => openSource(file, { overlay: false }))
      fault.readOnly(false)
    }
    r.check(
      'all phases',
      'uncaught exceptions (would end the process)',
      uncaught.length,
      !(uncaught.length > 0),
      `${uncaught.length} exceptions escaped from store timers while the disk was full or read-only, which ends a real collector/app worker process: ${[...new Set(uncaught)].slice(0, 3).join(' | ')}. src/main/store/traceStore.ts scheduleSearchIndexing rethrows every non-busy error from a setTimeout callback. Suggested fix: catch, count and retry the background search indexing later (backoff), never throw from the timer`,
    )
  } finally {
    process.off('uncaughtException', onUncaught)
    await collector.close().catch(() => undefined)
    if (store) await store.close().catch(() => undefined)
    fault.cleanup()
  }
  return r.done()
}
