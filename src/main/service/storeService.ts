// The one async API over the open sources, whichever thread hosts them. Electron main and
// `serve` use the worker flavour (better-sqlite3 is synchronous: a 300 ms query must not
// freeze every window); the CLI and tests may use the in-process flavour. Same methods.
import type { TraceError } from '../../shared/domain'
import type { SpanQuery, TraceQueries } from '../../shared/queries'
import type { SpanColumns } from '../../shared/contract/spanColumns'
import type { EncodedWireValue } from '../../shared/contract/wire'
import type { RunComparison } from '../../shared/compare/runComparison'
import type { StatsRequest, StatsResult } from '../stats/readStats'
import type { CohortAnswer, CohortRequest } from '../stats/readCohort'
import type { TableRows, TableSummary } from '../../shared/contract/invoke'
import type { ExportFormat, ExportProgress, ExportResult } from '../exchange/exportTraces'
import type { ExportCount } from '../exchange/exportCount'
import type { TraceFilter } from '../exchange/filters'
import type { EnqueueResult, MaintenanceReport } from '../store/storeApi'
import { STORE_OPS } from './storeOps'
import type {
  CollectorStatus,
  ExportRequest,
  HostEvent,
  StoreOpArgs,
  StoreOpName,
  StoreOpResult,
} from './storeOps'
import type { ForwardTarget } from '../../shared/forwardTargets'
import type { QueryMethod } from './sourceHost'
import type { OpenRequest, HostedSource, TraceRecord } from './sourceTypes'

export interface SlowCall {
  op: string
  method?: string
  sourceId: string | null
  ms: number
}

export interface ServiceOptions {
  /** calls slower than this are reported (default 40 ms) */
  slowCallMs?: number
  onSlowCall?: (call: SlowCall) => void
}

type Listener<T extends unknown[]> = (...args: T) => void

export abstract class StoreService {
  abstract readonly kind: 'worker' | 'in-process'
  private readonly changeListeners = new Set<Listener<[string, number]>>()
  private readonly lostListeners = new Set<Listener<[string, string]>>()
  private readonly progressListeners = new Map<string, (p: ExportProgress) => void>()
  private readonly slowCallMs: number
  private readonly onSlowCall: (call: SlowCall) => void

  constructor(opts: ServiceOptions = {}) {
    this.slowCallMs = opts.slowCallMs ?? 40
    this.onSlowCall =
      opts.onSlowCall ??
      ((c) =>
        process.stderr.write(
          `[tracescope] slow store call ${c.op}${c.method ? ` ${c.method}` : ''}: ${c.ms.toFixed(0)} ms\n`,
        ))
  }

  /** run one operation for one source (or none) on whatever thread hosts it */
  protected abstract dispatch<O extends StoreOpName>(
    sourceId: string | null,
    op: O,
    args: StoreOpArgs<O>,
  ): Promise<StoreOpResult<O>>

  abstract open(req: OpenRequest): Promise<HostedSource>
  abstract close(sourceId: string): Promise<boolean>
  abstract list(): HostedSource[]
  abstract shutdown(): Promise<void>

  protected async timed<O extends StoreOpName>(
    sourceId: string | null,
    op: O,
    args: StoreOpArgs<O>,
    method?: string,
  ): Promise<StoreOpResult<O>> {
    const t0 = performance.now()
    try {
      return await this.dispatch(sourceId, op, args)
    } finally {
      const ms = performance.now() - t0
      // reads and writes a view waits on; opening, closing and exports are slow by nature
      if (ms > this.slowCallMs && STORE_OPS[op].logged)
        this.onSlowCall({ op, method, sourceId, ms })
    }
  }

  query<M extends QueryMethod>(
    sourceId: string,
    method: M,
    ...args: Parameters<TraceQueries[M]>
  ): Promise<ReturnType<TraceQueries[M]>> {
    return this.timed(sourceId, 'query', { sourceId, method, args }, method) as Promise<
      ReturnType<TraceQueries[M]>
    >
  }

  spanColumns(sourceId: string, query: SpanQuery): Promise<SpanColumns> {
    return this.timed(sourceId, 'spanColumns', { sourceId, query })
  }

  /**
   * The same page, encoded for the browser transport by the thread that read it: the server
   * forwards its bytes instead of deserialising, walking and copying every column again.
   */
  spanColumnsWire(sourceId: string, query: SpanQuery): Promise<EncodedWireValue> {
    return this.timed(sourceId, 'spanColumnsWire', { sourceId, query })
  }

  compareRuns(sourceId: string, sessionA: string, sessionB: string): Promise<RunComparison> {
    return this.timed(sourceId, 'compareRuns', { sourceId, sessionA, sessionB })
  }

  groupStats(sourceId: string, request: StatsRequest): Promise<StatsResult> {
    return this.timed(sourceId, 'groupStats', { sourceId, request })
  }

  cohort(sourceId: string, request: CohortRequest): Promise<CohortAnswer> {
    return this.timed(sourceId, 'cohort', { sourceId, request })
  }

  resolveError(sourceId: string, errorId: string, note: string): Promise<TraceError | null> {
    return this.timed(sourceId, 'resolveError', { sourceId, errorId, note })
  }

  listTables(sourceId: string): Promise<TableSummary[]> {
    return this.timed(sourceId, 'listTables', { sourceId })
  }

  tableRows(
    sourceId: string,
    table: string,
    limit: number,
    cursor: string | null,
  ): Promise<TableRows> {
    return this.timed(sourceId, 'tableRows', { sourceId, table, limit, cursor })
  }

  /** queue records into a writable native store (the app's own, usually) */
  ingest(sourceId: string, records: TraceRecord[]): Promise<EnqueueResult> {
    return this.timed(sourceId, 'ingest', { sourceId, records })
  }

  flush(sourceId: string): Promise<void> {
    return this.timed(sourceId, 'flush', { sourceId })
  }

  async exportTo(
    req: ExportRequest,
    onProgress?: (p: ExportProgress) => void,
  ): Promise<ExportResult> {
    if (onProgress) this.progressListeners.set(req.exportId, onProgress)
    try {
      return await this.timed(req.sourceId, 'exportStart', req)
    } finally {
      this.progressListeners.delete(req.exportId)
    }
  }

  /** how many records an export with this filter and format would write */
  countExport(sourceId: string, filter: TraceFilter, format: ExportFormat): Promise<ExportCount> {
    return this.timed(sourceId, 'exportCount', { sourceId, filter, format })
  }

  cancelExport(sourceId: string, exportId: string): Promise<boolean> {
    return this.timed(sourceId, 'exportCancel', { exportId })
  }

  /** start the OTLP/HTTP collector writing into a writable store (beside it, off main) */
  collectorStart(
    sourceId: string,
    port: number,
    forward: ForwardTarget[] = [],
  ): Promise<{ url: string; port: number }> {
    return this.timed(sourceId, 'collectorStart', { sourceId, port, forward })
  }

  /** the collector's address and counters, and each forward endpoint's; null when it is off */
  collectorStatus(sourceId: string): Promise<CollectorStatus | null> {
    return this.timed(sourceId, 'collectorStatus', undefined)
  }

  collectorStop(sourceId: string): Promise<boolean> {
    return this.timed(sourceId, 'collectorStop', undefined)
  }

  /** delete the app store's sessions older than `retentionDays`, in the thread that hosts it */
  maintainAppStore(sourceId: string, retentionDays: number): Promise<MaintenanceReport> {
    return this.timed(sourceId, 'maintainAppStore', { sourceId, retentionDays })
  }

  /** run a deliberate stall of `ms` in the source's thread (tests of the time bound only) */
  debugSpin(sourceId: string, ms: number): Promise<number> {
    return this.timed(sourceId, 'spin', { ms })
  }

  /** debug: a query that never ends inside SQLite, on the source's file */
  debugSqlStall(sourceId: string): Promise<number> {
    return this.timed(sourceId, 'sqlStall', { sourceId })
  }

  /** a source's change token moved (any writer, any process) */
  onChange(listener: (sourceId: string, token: number) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /** a source could not be kept open (its worker died and reopening failed) */
  onSourceLost(listener: (sourceId: string, reason: string) => void): () => void {
    this.lostListeners.add(listener)
    return () => this.lostListeners.delete(listener)
  }

  protected hostEvent(e: HostEvent): void {
    if (e.type === 'changed') for (const l of this.changeListeners) l(e.sourceId, e.token)
    else this.progressListeners.get(e.exportId)?.(e.progress)
  }

  protected sourceLost(sourceId: string, reason: string): void {
    for (const l of this.lostListeners) l(sourceId, reason)
  }
}
