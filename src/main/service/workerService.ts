// The store service with every source in its own worker process: a slow or stuck read of one
// file never blocks main or another file, and each source keeps its own connections. A call
// that exceeds its time bound kills and restarts only that source's worker (a process, so it
// can be stopped even inside a SQLite statement; see workerSpawn.ts). The app store, which the
// collector writes while the viewer reads it, gets a second worker with a read-only connection
// for queries: better-sqlite3 commits synchronously, so a query on the writer's thread waits
// behind every commit (~30 ms median under a 20,000 spans/s ingest).
import path from 'node:path'
import { ContractError } from '../../shared/contract/errors'
import { STORE_OPS } from './storeOps'
import type { StoreOpArgs, StoreOpName, StoreOpResult } from './storeOps'
import type { OpenRequest, HostedSource } from './sourceTypes'
import { StoreService } from './storeService'
import type { ServiceOptions } from './storeService'
import { WorkerLane } from './workerLane'
import { forkStoreWorker } from './workerSpawn'
import type { SpawnLaneChild } from './workerSpawn'
import type { StoreWorkerData } from './workerProtocol'

export interface WorkerServiceOptions extends ServiceOptions, Omit<StoreWorkerData, 'entry'> {
  /** time bound of one read call (default 15 s) */
  callTimeoutMs?: number
  /** queries of the app store in their own read-only worker (default true) */
  appStoreReader?: boolean
  onRestart?(sourceId: string, reason: string): void
  /** how a worker process is started (default: child_process.fork; the desktop app passes Electron's utilityProcess) */
  spawnWorker?: SpawnLaneChild
  /**
   * How long closing a writable source may take, its final flush included, before its worker
   * is killed (default 30 s; a final flush normally takes well under a second). Whatever the flush did not
   * commit by then is lost; everything committed before stays (SQLite rolls back the rest).
   */
  finalFlushMs?: number
}

const FINAL_FLUSH_MS = 30_000
/** how long closing a read-only source may take before its worker is killed */
const READER_CLOSE_MS = 5000

export class WorkerStoreService extends StoreService {
  readonly kind = 'worker' as const
  private readonly lanes = new Map<string, WorkerLane>()
  private readonly readers = new Map<string, WorkerLane>()
  private readonly opened = new Map<string, HostedSource>()
  private readonly timeoutMs: number

  constructor(private readonly opts: WorkerServiceOptions = {}) {
    super(opts)
    this.timeoutMs = opts.callTimeoutMs ?? 15_000
  }

  private newLane(req: OpenRequest, reader = false): WorkerLane {
    return new WorkerLane(path.basename(req.path), {
      spawn: () =>
        (this.opts.spawnWorker ?? forkStoreWorker)({
          openerModule: this.opts.openerModule,
          allowDebugOps: this.opts.allowDebugOps,
          pollIntervalMs: this.opts.pollIntervalMs,
          // the writer's worker reports changes; one report per change is enough
          pollChanges: !reader,
        }),
      onEvent: (e) => this.hostEvent(e),
      onLost: (sourceId, reason) => {
        // a lost reader only sends queries back to the writer's worker; a lost source takes its
        // reader along, or that reader would go on answering (and never be stopped)
        for (const lanes of reader ? [this.readers] : [this.lanes, this.readers]) {
          lanes
            .get(sourceId)
            ?.stop()
            .catch(() => undefined)
          lanes.delete(sourceId)
        }
        if (reader) return
        this.opened.delete(sourceId)
        this.sourceLost(sourceId, reason)
      },
      onRestart: (reason) =>
        this.opts.onRestart?.(req.sourceId, reader ? `reader ${reason}` : reason),
    })
  }

  /** a read-only second worker for the app store; without it queries use the writer's */
  private async openReader(req: OpenRequest): Promise<void> {
    const readerReq: OpenRequest = { sourceId: req.sourceId, path: req.path, appStoreReader: true }
    const lane = this.newLane(readerReq, true)
    try {
      const opened = await lane.call('open', readerReq, this.boundOf('open'))
      if (opened.writable) throw new Error('the reader connection is writable')
      lane.track(readerReq, req.sourceId)
      this.readers.set(req.sourceId, lane)
    } catch {
      // e.g. a custom opener without read-only support: queries stay on the writer
      await lane.stop(1000)
    }
  }

  /** a call's time bound: its own when it may run long (STORE_OPS), else the service's */
  private boundOf(op: StoreOpName): number | null {
    const bound = STORE_OPS[op].bound
    return bound === 'call' ? this.timeoutMs : bound
  }

  protected async dispatch<O extends StoreOpName>(
    sourceId: string | null,
    op: O,
    args: StoreOpArgs<O>,
  ): Promise<StoreOpResult<O>> {
    const lane =
      sourceId === null
        ? undefined
        : ((STORE_OPS[op].read ? this.readers.get(sourceId) : undefined) ??
          this.lanes.get(sourceId))
    if (!lane) {
      throw new ContractError(
        'unknown-source',
        `No open source with id ${JSON.stringify(sourceId)}; it may have been closed.`,
        {
          field: 'sourceId',
        },
      )
    }
    return await lane.call(op, args, this.boundOf(op))
  }

  async open(req: OpenRequest): Promise<HostedSource> {
    const known = this.opened.get(req.sourceId)
    if (known) return known
    const lane = this.newLane(req)
    this.lanes.set(req.sourceId, lane)
    try {
      const opened = await this.timed(req.sourceId, 'open', req)
      lane.track(req, req.sourceId)
      if (req.appStore && this.opts.appStoreReader !== false) await this.openReader(req)
      this.opened.set(req.sourceId, opened)
      return opened
    } catch (e) {
      this.lanes.delete(req.sourceId)
      await lane.stop(1000)
      throw e
    }
  }

  async close(sourceId: string): Promise<boolean> {
    const lane = this.lanes.get(sourceId)
    if (!lane) return false
    this.lanes.delete(sourceId)
    const reader = this.readers.get(sourceId)
    this.readers.delete(sourceId)
    const writable = this.opened.get(sourceId)?.writable ?? true
    this.opened.delete(sourceId)
    await Promise.all([
      lane.stop(writable ? (this.opts.finalFlushMs ?? FINAL_FLUSH_MS) : READER_CLOSE_MS),
      reader?.stop(READER_CLOSE_MS),
    ])
    return true
  }

  list(): HostedSource[] {
    return [...this.opened.values()]
  }

  restartsOf(sourceId: string): number {
    return this.lanes.get(sourceId)?.restarts ?? 0
  }

  /** process ids of a source's workers still running (writer and reader) */
  workerPids(sourceId: string): number[] {
    return [
      ...(this.lanes.get(sourceId)?.pids() ?? []),
      ...(this.readers.get(sourceId)?.pids() ?? []),
    ]
  }

  async shutdown(): Promise<void> {
    const ids = [...this.lanes.keys()]
    await Promise.allSettled(ids.map((id) => this.close(id)))
  }
}
