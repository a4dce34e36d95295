// Gzip of large payloads on a worker thread. Compression is ~13% of a record's ingest CPU on
// average (~55 µs per 2.5 KB prompt, and 5% of spans carry one), all of it on the thread that
// also runs the inserts. Validation leaves each payload over the threshold as a LaterGzip (its
// JSON text); the worker compresses a whole enqueue call's payloads while the writer commits
// earlier batches, and the writer waits for jobs in flight before it takes a batch. If the
// worker cannot start, dies, or takes longer than WAIT_MS, the writer compresses what is left
// itself (LaterGzip.bytes()): a payload is never stored uncompressed, and a batch never waits on
// a dead thread.
import type { Worker } from 'node:worker_threads'
import type { LaterGzip } from './payloadCodec'
import { startWorkerThread } from '../workerScript'
import type { GzipJob, GzipReply } from './gzipWorker'

interface Job {
  items: LaterGzip[]
  done: () => void
}

/** Longest a batch waits for the worker before the writer compresses the rest itself. */
const WAIT_MS = 1000

/**
 * Fewer payloads than this in one call are left to the writer's thread (LaterGzip.bytes()): the
 * thread costs ~11 MB, which an agent process writing a prompt now and then should not pay.
 */
const MIN_JOB_ITEMS = 8

export class GzipOffload {
  private worker: Worker | null = null
  private broken = false
  private nextId = 1
  private readonly jobs = new Map<number, Job>()
  private last: Promise<void> = Promise.resolve()

  /** False once the worker failed (or after close): validation then compresses inline. */
  get available(): boolean {
    return !this.broken
  }

  /** Jobs sent, in order: the worker answers them in the same order. */
  send(items: LaterGzip[]): void {
    if (items.length < MIN_JOB_ITEMS) return
    const worker = this.start()
    if (!worker) return
    const id = this.nextId++
    let done!: () => void
    this.last = new Promise<void>((resolve) => (done = resolve))
    this.jobs.set(id, { items, done })
    // referenced only while a job is out: a script awaiting write() must not exit under it,
    // and an idle store must not keep a process alive
    if (this.jobs.size === 1) worker.ref()
    const job: GzipJob = { id, texts: items.map((i) => i.json) }
    worker.postMessage(job)
  }

  /** Resolves once every job sent so far is answered (or WAIT_MS passed); null if none is out. */
  inFlight(): Promise<void> | null {
    if (this.jobs.size === 0) return null
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, WAIT_MS)))
    return Promise.race([this.last, timeout]).finally(() => clearTimeout(timer))
  }

  async close(): Promise<void> {
    this.broken = true
    const worker = this.worker
    this.worker = null
    this.settleAll()
    if (worker) await worker.terminate()
  }

  private start(): Worker | null {
    if (this.worker || this.broken) return this.worker
    try {
      // gzipWorker.ts, started as every worker is (workerScript.ts)
      const worker = startWorkerThread(__dirname, 'gzipWorker')
      worker.unref()
      worker.on('message', (reply: GzipReply) => this.receive(reply))
      worker.on('error', () => this.fail(worker))
      worker.on('exit', () => this.fail(worker))
      this.worker = worker
    } catch {
      this.broken = true
    }
    return this.worker
  }

  private receive(reply: GzipReply): void {
    const job = this.jobs.get(reply.id)
    if (!job) return
    this.jobs.delete(reply.id)
    let start = 0
    job.items.forEach((item, i) => {
      const end = reply.ends[i]
      // a late answer never replaces bytes the writer already made (and maybe stored)
      item.compressed ??= Buffer.from(
        reply.bytes.buffer,
        reply.bytes.byteOffset + start,
        end - start,
      )
      start = end
    })
    job.done()
    if (this.jobs.size === 0) this.worker?.unref()
  }

  private fail(worker: Worker): void {
    if (this.worker !== worker) return
    this.worker = null
    this.broken = true
    this.settleAll()
  }

  /** Unanswered jobs end now; their payloads are compressed by the writer when it binds them. */
  private settleAll(): void {
    for (const job of this.jobs.values()) job.done()
    this.jobs.clear()
  }
}
