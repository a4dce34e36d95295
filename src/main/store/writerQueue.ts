// The bounded writer queue. Records wait here (already validated and encoded) until a batch is
// full or the flush interval passes, then one transaction commits the batch. Memory is bounded:
// at `maxQueued` enqueue reports back-pressure, past twice that it refuses with a reason; it
// never drops a record silently. SQLITE_BUSY is retried with exponential backoff.
// The flush timer is only armed while records wait (so a script awaiting write() stays alive
// exactly until its records commit) and is cleared by close().
import type { QueueCounters } from '../../shared/queries'
import type { BatchOutcome } from './batchWriter'
import { isBusyError, StoreError } from './storeErrors'
import type { PreparedRecord } from './preparedRecord'
import type { RejectedRecord, WriteResult } from './storeApi'

const CATCH_UP_BATCHES = 4

export interface QueueOptions {
  batchSize: number
  flushIntervalMs: number
  maxQueued: number
  busyRetries: number
}

export interface Ticket {
  pending: number
  written: number
  rejected: RejectedRecord[]
  resolve: (r: WriteResult) => void
  /** a batch holding some of the records failed as a whole (full disk, lock held too long) */
  reject: (err: Error) => void
  failure?: Error
}

export interface QueueItem {
  record: PreparedRecord
  index: number
  id: string | null
  ticket: Ticket | null
}

export type CommitFn = (records: PreparedRecord[]) => BatchOutcome

const codeOf = (err: unknown) => {
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' ? ` (${code})` : ''
}

/**
 * How long to wait before busy retry `attempt` (0-based): doubling from 5 ms, capped at 1 s,
 * with ±50 % jitter so that writers in several processes do not retry in step.
 */
export function busyBackoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.min(1000, 5 * 2 ** attempt) * (0.5 + random())
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve))

export class WriterQueue {
  private items: QueueItem[] = []
  private head = 0
  private running = false
  private timer: NodeJS.Timeout | null = null
  private immediate: NodeJS.Immediate | null = null
  private flushWaiters: Array<() => void> = []
  private drainWaiters: Array<() => void> = []
  private closed = false
  /** the batch taken off the queue and not yet settled (committed or reported) */
  private inHand: QueueItem[] | null = null
  readonly counters: QueueCounters = {
    queued: 0,
    written: 0,
    rejected: 0,
    retried: 0,
    batches: 0,
    lastFlushMs: null,
  }

  constructor(
    private readonly file: string,
    private readonly commit: CommitFn,
    private readonly opts: QueueOptions,
    private readonly onRejected: (r: RejectedRecord[]) => void,
    private readonly onIdle: () => void,
    /** work a batch's records wait for before they commit (payloads compressed off-thread) */
    private readonly beforeBatch: () => Promise<void> | null = () => null,
  ) {}

  get length(): number {
    return this.items.length - this.head
  }

  get hardLimit(): number {
    return this.opts.maxQueued * 2
  }

  /** Adds validated items; false (nothing added) when they would pass the hard limit. */
  push(items: QueueItem[]): boolean {
    if (this.closed) throw new Error('the store is closed')
    if (this.length + items.length > this.hardLimit) return false
    for (const item of items) this.items.push(item)
    this.counters.queued = this.length
    this.schedule()
    return true
  }

  get backpressure(): boolean {
    return this.length >= this.opts.maxQueued
  }

  drained(): Promise<void> {
    if (!this.backpressure) return Promise.resolve()
    return new Promise((resolve) => this.drainWaiters.push(resolve))
  }

  /** Resolves once everything queued before the call is committed (or reported rejected). */
  flush(): Promise<void> {
    if (this.length === 0 && !this.running) return Promise.resolve()
    const p = new Promise<void>((resolve) => this.flushWaiters.push(resolve))
    this.start()
    return p
  }

  /**
   * For the last moment of a process ('exit': an uncaught exception, process.exit()) only:
   * commits everything queued, the batch in hand included, in one synchronous transaction. No
   * busy retry (nothing can wait any more); a failure is reported like any failed batch.
   */
  commitSync(): void {
    const batch = [...(this.inHand ?? []), ...this.items.slice(this.head)]
    this.inHand = null
    this.items = []
    this.head = 0
    this.clearTimers()
    if (batch.length === 0) return
    let failed: BatchOutcome['failed']
    try {
      failed = this.commit(batch.map((i) => i.record)).failed
    } catch (err) {
      const reason = `write failed: ${(err as Error).message}${codeOf(err)}`
      failed = batch.map((_, position) => ({ position, reason }))
    }
    this.counters.batches++
    this.counters.queued = 0
    this.settle(batch, failed)
  }

  async close(): Promise<void> {
    await this.flush()
    this.closed = true
    this.clearTimers()
  }

  private schedule(): void {
    if (this.running) return
    if (this.length >= this.opts.batchSize) {
      if (this.immediate === null) this.immediate = setImmediate(() => this.start())
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.start(), this.opts.flushIntervalMs)
    }
  }

  private clearTimers(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    if (this.immediate !== null) clearImmediate(this.immediate)
    this.timer = null
    this.immediate = null
  }

  private start(): void {
    this.clearTimers()
    if (this.running) return
    this.running = true
    void this.loop()
  }

  private async loop(): Promise<void> {
    try {
      while (this.length > 0) {
        const end = Math.min(this.items.length, this.head + this.batchLimit())
        const batch = this.items.slice(this.head, end)
        this.head = end
        if (this.head > 4096 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head)
          this.head = 0
        }
        this.inHand = batch
        const ready = this.beforeBatch()
        if (ready) await ready
        await this.commitWithRetry(batch)
        this.inHand = null
        this.counters.queued = this.length
        this.wakeDrainWaiters()
        if (this.length > 0) await nextTick()
      }
    } finally {
      this.running = false
      const waiters = this.flushWaiters
      this.flushWaiters = []
      for (const w of waiters) w()
      if (this.length > 0) this.schedule()
      else if (!this.closed) this.onIdle()
    }
  }

  /**
   * A backlog of CATCH_UP_BATCHES batches is written CATCH_UP_BATCHES batches per transaction:
   * each transaction rewrites the index pages it touches, so fewer, larger ones write ~35% fewer
   * bytes per record, and records that already wait behind a backlog lose no latency by it.
   * Producers that wait on each commit (the collector's requests) never build such a backlog and
   * keep the short batches that let them pipeline.
   */
  private batchLimit(): number {
    const size = this.opts.batchSize
    return this.length >= CATCH_UP_BATCHES * size ? CATCH_UP_BATCHES * size : size
  }

  private wakeDrainWaiters(): void {
    if (this.backpressure || this.drainWaiters.length === 0) return
    const waiters = this.drainWaiters
    this.drainWaiters = []
    for (const w of waiters) w()
  }

  private async commitWithRetry(batch: QueueItem[]): Promise<void> {
    // commitSync() took the batch while the gzip thread was awaited
    if (this.inHand !== batch) return
    const records = batch.map((i) => i.record)
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now()
      try {
        const outcome = this.commit(records)
        this.counters.lastFlushMs = performance.now() - t0
        this.counters.batches++
        this.settle(batch, outcome.failed)
        return
      } catch (err) {
        if (isBusyError(err) && attempt < this.opts.busyRetries) {
          this.counters.retried++
          await sleep(busyBackoffMs(attempt))
          if (this.inHand !== batch) return // commitSync() took it meanwhile
          continue
        }
        const reason = isBusyError(err)
          ? `database stayed busy after ${attempt} retries (${(err as Error).message})`
          : `write failed: ${(err as Error).message}${codeOf(err)}`
        // not the records' fault: write() rejects, so a collector answers 503 and the client
        // retries, instead of acknowledging records that were never stored
        const failure = new StoreError(reason, this.file, codeOf(err).slice(2, -1) || null, {
          cause: err,
        })
        this.settle(
          batch,
          batch.map((_, position) => ({ position, reason })),
          failure,
        )
        return
      }
    }
  }

  private settle(batch: QueueItem[], failed: BatchOutcome['failed'], failure?: Error): void {
    const failedAt = new Map(failed.map((f) => [f.position, f.reason]))
    const rejected: RejectedRecord[] = []
    const touched = new Set<Ticket>()
    batch.forEach((item, position) => {
      const reason = failedAt.get(position)
      if (reason !== undefined) {
        const r: RejectedRecord = {
          index: item.index,
          kind: item.record.kind,
          id: item.id,
          field: 'record',
          reason,
        }
        rejected.push(r)
        item.ticket?.rejected.push(r)
      } else if (item.ticket) {
        item.ticket.written++
      }
      if (item.ticket) {
        item.ticket.pending--
        if (failure) item.ticket.failure = failure
        touched.add(item.ticket)
      }
    })
    this.counters.written += batch.length - rejected.length
    this.counters.rejected += rejected.length
    if (rejected.length > 0) this.onRejected(rejected)
    for (const t of touched) {
      if (t.pending > 0) continue
      if (t.failure) t.reject(t.failure)
      else t.resolve({ written: t.written, rejected: t.rejected })
    }
  }
}
