// One store worker process and the calls in flight to it. A call that outlives its time bound
// means the worker is stuck, most likely inside one long SQLite statement, which nothing in
// JavaScript can interrupt; so the process is killed (SIGKILL ends it mid-query), a fresh one
// reopens the same sources under the same ids, and the stuck caller gets an error that says
// what happened. Every wait here has a bound: a call waiting on a restart, a reopen, the final
// close and the kill itself. Once stop() has begun nothing is restarted, so no fresh worker
// reopens a store after shutdown started.
import path from 'node:path'
import { ContractError } from '../../shared/contract/errors'
import type { HostEvent, StoreOpArgs, StoreOpCall, StoreOpName, StoreOpResult } from './storeOps'
import type { OpenRequest } from './sourceTypes'
import type { LaneChild } from './workerSpawn'
import type { WorkerReply } from './workerProtocol'

interface Pending {
  resolve(v: unknown): void
  reject(e: Error): void
  timer: NodeJS.Timeout | null
  op: string
  child: LaneChild
}

export interface LaneOptions {
  spawn(): LaneChild
  onEvent(e: HostEvent): void
  /** a source the restarted worker could not reopen */
  onLost(sourceId: string, reason: string): void
  onRestart?(reason: string): void
  /** bound of reopening one source after a restart (default 60 s) */
  reopenMs?: number
}

/** how long a killed worker may take to be reaped before the lane stops waiting for it */
const KILL_WAIT_MS = 5000
/**
 * How long a call waits for a restart to finish before it fails. Starting a worker takes a
 * second or more on a busy machine, so a call's own bound (1.5 s in tests) would be too short.
 */
const RESTART_WAIT_MS = 60_000

function within<T>(p: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms)
  })
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}

export class WorkerLane {
  private child: LaneChild
  /** every worker not yet reaped, with the promise of its end */
  private readonly live = new Map<LaneChild, Promise<void>>()
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private readonly opened = new Map<string, OpenRequest>()
  private restarting: Promise<void> | null = null
  private stopping: Promise<void> | null = null
  restarts = 0

  constructor(
    private readonly label: string,
    private readonly opts: LaneOptions,
  ) {
    this.child = this.start()
  }

  /** process ids of the workers still running (tests check that stop() leaves none) */
  pids(): number[] {
    return [...this.live.keys()].map((c) => c.pid).filter((p): p is number => p !== undefined)
  }

  private start(): LaneChild {
    const c = this.opts.spawn()
    let ended!: () => void
    this.live.set(c, new Promise<void>((resolve) => (ended = resolve)))
    c.onMessage((m) => this.onMessage(m))
    c.onExit((reason) => {
      this.live.delete(c)
      ended()
      this.failPending(c, `the worker ${reason}`)
      if (c === this.child && !this.stopping && !this.restarting)
        void this.restart(`the worker ${reason}`)
    })
    c.unref()
    return c
  }

  private onMessage(m: WorkerReply): void {
    if (m.type === 'event') return this.opts.onEvent(m.event)
    const p = this.pending.get(m.id)
    if (!p) return
    this.pending.delete(m.id)
    if (p.timer) clearTimeout(p.timer)
    if (m.ok) p.resolve(m.value)
    else p.reject(ContractError.fromShape(m.error))
    this.idle()
  }

  private failPending(child: LaneChild | null, why: string): void {
    for (const [id, p] of this.pending) {
      if (child && p.child !== child) continue
      if (p.timer) clearTimeout(p.timer)
      this.pending.delete(id)
      p.reject(
        new ContractError('timeout', `Interrupted: the reader of ${this.label} ${why}. Try again.`),
      )
    }
  }

  /** an idle worker does not keep the process alive */
  private idle(): void {
    if (this.pending.size === 0) this.child.unref()
  }

  /** remember opens so a restarted worker can reopen them */
  track(req: OpenRequest | null, sourceId: string): void {
    if (req) this.opened.set(sourceId, req)
    else this.opened.delete(sourceId)
  }

  async call<O extends StoreOpName>(
    op: O,
    args: StoreOpArgs<O>,
    timeoutMs: number | null,
  ): Promise<StoreOpResult<O>> {
    if (this.restarting) {
      const bound = Math.max(timeoutMs ?? 0, RESTART_WAIT_MS)
      if ((await within(this.restarting, bound)) === 'late')
        throw new ContractError(
          'timeout',
          `The reader of ${this.label} is being restarted and was not back within ${(bound / 1000).toFixed(1)} s (${op}). Try again.`,
        )
    }
    if (this.stopping)
      throw new ContractError('unavailable', `The reader of ${this.label} has been closed.`)
    // the worker's dispatcher answers `op` with StoreOpHandlers[O]: its result is StoreOpResult<O>
    return (await this.request({ op, args } as StoreOpCall, timeoutMs, true)) as StoreOpResult<O>
  }

  /** one call to the current worker; on timeout it is rejected and, if asked, the worker restarted */
  private request(
    call: Omit<StoreOpCall, 'id'>,
    timeoutMs: number | null,
    restartOnTimeout: boolean,
  ): Promise<unknown> {
    const { op } = call
    const id = this.nextId++
    const child = this.child
    if (!this.live.has(child))
      return Promise.reject(
        new ContractError('unavailable', `The reader of ${this.label} is not running (${op}).`),
      )
    child.ref()
    return new Promise<unknown>((resolve, reject) => {
      const timer =
        timeoutMs === null
          ? null
          : setTimeout(() => this.timeout(id, op, timeoutMs, restartOnTimeout), timeoutMs)
      this.pending.set(id, { resolve, reject, timer, op, child })
      try {
        child.send({ ...call, id } as StoreOpCall)
      } catch (e) {
        this.pending.delete(id)
        if (timer) clearTimeout(timer)
        reject(
          new ContractError(
            'internal',
            `Could not send ${op} to the worker: ${(e as Error).message}`,
          ),
        )
      }
    })
  }

  private timeout(id: number, op: string, ms: number, restart: boolean): void {
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
    if (restart) void this.restart(`a ${op} call took longer than ${ms} ms`)
  }

  /** SIGKILL, then wait (bounded) until the process is reaped */
  private async kill(child: LaneChild): Promise<void> {
    const ended = this.live.get(child)
    if (!ended) return
    child.kill()
    await within(ended, KILL_WAIT_MS)
  }

  private restart(reason: string): Promise<void> {
    if (this.stopping) return Promise.resolve()
    if (this.restarting) return this.restarting
    this.restarts++
    this.opts.onRestart?.(reason)
    const old = this.child
    this.failPending(null, `was restarted (${reason})`)
    this.restarting = (async () => {
      await this.kill(old)
      if (this.stopping) return
      this.child = this.start()
      for (const [sourceId, req] of [...this.opened]) {
        if (this.stopping) return
        try {
          await this.request({ op: 'open', args: req }, this.opts.reopenMs ?? 60_000, false)
        } catch (e) {
          this.opened.delete(sourceId)
          this.opts.onLost(
            sourceId,
            `could not reopen ${path.basename(req.path)}: ${(e as Error).message}`,
          )
        }
      }
      this.idle()
    })().finally(() => {
      this.restarting = null
    })
    return this.restarting
  }

  /**
   * Close every source in the worker (the writer's final flush included) within graceMs, then
   * kill whatever is still running. Nothing is restarted once this has begun; a restart under
   * way is waited for (within graceMs) and its worker killed with the rest.
   */
  stop(graceMs = 5000): Promise<void> {
    if (this.stopping) return this.stopping
    this.stopping = (async () => {
      const started = Date.now()
      if (this.restarting) await within(this.restarting, graceMs)
      const left = Math.max(0, graceMs - (Date.now() - started))
      if (left > 0 && this.live.has(this.child)) {
        await this.request({ op: 'closeAll', args: undefined }, left, false).catch(() => undefined)
      }
      this.failPending(null, 'has been closed')
      await Promise.all([...this.live.keys()].map((c) => this.kill(c)))
    })()
    return this.stopping
  }
}
