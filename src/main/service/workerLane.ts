// One store worker and the calls in flight to it. A call that outlives its time bound means
// the worker is stuck inside a synchronous SQLite call (better-sqlite3 cannot be interrupted
// from JS), so the worker is terminated, a fresh one reopens the same sources under the same
// ids, and the stuck caller gets an error that says what happened.
import path from 'node:path'
import type { Worker } from 'node:worker_threads'
import { ContractError } from '../../shared/contract/errors'
import type { HostEvent } from './hostOps'
import type { OpenRequest } from './sourceTypes'
import type { WorkerReply } from './workerProtocol'

interface Pending {
  resolve(v: unknown): void
  reject(e: Error): void
  timer: NodeJS.Timeout | null
  op: string
}

export interface LaneOptions {
  spawn(): Worker
  onEvent(e: HostEvent): void
  /** a source the restarted worker could not reopen */
  onLost(sourceId: string, reason: string): void
  onRestart?(reason: string): void
}

export class WorkerLane {
  private worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private readonly opened = new Map<string, OpenRequest>()
  private restarting: Promise<void> | null = null
  private stopped = false
  restarts = 0

  constructor(
    private readonly label: string,
    private readonly opts: LaneOptions,
  ) {
    this.worker = this.start()
  }

  private start(): Worker {
    const w = this.opts.spawn()
    w.on('message', (m: WorkerReply) => this.onMessage(m))
    w.on('error', (e) => void this.restart(`crashed: ${e.message}`))
    w.on('exit', (code) => {
      if (!this.stopped && w === this.worker && !this.restarting) {
        void this.restart(`exited with code ${code}`)
      }
    })
    w.unref()
    return w
  }

  private onMessage(m: WorkerReply): void {
    if (m.type === 'event') return this.opts.onEvent(m.event)
    const p = this.pending.get(m.id)
    if (!p) return
    this.pending.delete(m.id)
    if (p.timer) clearTimeout(p.timer)
    if (m.ok) p.resolve(m.value)
    else p.reject(ContractError.fromShape(m.error))
  }

  /** remember opens so a restarted worker can reopen them */
  track(req: OpenRequest | null, sourceId: string): void {
    if (req) this.opened.set(sourceId, req)
    else this.opened.delete(sourceId)
  }

  async call(op: string, args: unknown, timeoutMs: number | null): Promise<unknown> {
    if (this.restarting) await this.restarting
    if (this.stopped)
      throw new ContractError('unavailable', `The reader of ${this.label} has been closed.`)
    const id = this.nextId++
    const worker = this.worker
    this.worker.ref()
    try {
      return await new Promise<unknown>((resolve, reject) => {
        const timer =
          timeoutMs === null
            ? null
            : setTimeout(() => void this.timeout(id, op, timeoutMs), timeoutMs)
        this.pending.set(id, { resolve, reject, timer, op })
        worker.postMessage({ id, op, args })
      })
    } finally {
      if (this.pending.size === 0 && worker === this.worker) worker.unref()
    }
  }

  private async timeout(id: number, op: string, ms: number): Promise<void> {
    const p = this.pending.get(id)
    if (!p) return
    this.pending.delete(id)
    p.reject(
      new ContractError(
        'timeout',
        `Reading ${this.label} took longer than ${(ms / 1000).toFixed(1)} s (${op}) and was stopped. ` +
          `The file's reader was restarted; try a narrower query (a shorter time range or one session).`,
      ),
    )
    await this.restart(`a ${op} call took longer than ${ms} ms`)
  }

  private restart(reason: string): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.restarting) return this.restarting
    this.restarts++
    this.opts.onRestart?.(reason)
    const old = this.worker
    for (const [id, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer)
      p.reject(
        new ContractError(
          'timeout',
          `Interrupted: the reader of ${this.label} was restarted (${reason}). Try again.`,
        ),
      )
      this.pending.delete(id)
    }
    this.restarting = (async () => {
      await old.terminate().catch(() => undefined)
      this.worker = this.start()
      for (const [sourceId, req] of this.opened) {
        const id = this.nextId++
        const reopened = new Promise<unknown>((resolve, reject) => {
          this.pending.set(id, { resolve, reject, timer: null, op: 'open' })
          this.worker.postMessage({ id, op: 'open', args: req })
        })
        try {
          await reopened
        } catch (e) {
          this.opened.delete(sourceId)
          this.opts.onLost(
            sourceId,
            `could not reopen ${path.basename(req.path)}: ${(e as Error).message}`,
          )
        }
      }
      if (this.pending.size === 0) this.worker.unref()
    })().finally(() => {
      this.restarting = null
    })
    return this.restarting
  }

  /** close every source in the worker, then end it */
  async stop(graceMs = 5000): Promise<void> {
    if (this.stopped) return
    try {
      await this.call('closeAll', undefined, graceMs)
    } catch {
      // a stuck or dead worker is terminated below either way
    }
    this.stopped = true
    await this.worker.terminate().catch(() => undefined)
  }
}
