// The native trace store: one better-sqlite3 connection (WAL) that reads, and, unless read-only,
// writes through the bounded writer queue. No process-global state: several stores (several
// files, or one file opened twice) live side by side, in the main thread or a worker.
import { usageRollup } from './usageRollupQuery'
import type { TraceError, TraceRecord } from '../../shared/domain'
import type {
  AgentQuery,
  ErrorQuery,
  EventQuery,
  MemoryQuery,
  MessageQuery,
  MetricQuery,
  QueueCounters,
  SearchQuery,
  SessionQuery,
  SourceInfo,
  SourceStats,
  SpanQuery,
  StatsQuery,
  TaskQuery,
} from '../../shared/queries'
import { listAgents, listMessages, listTasks } from './agentQueries'
import { BatchWriter } from './batchWriter'
import { adoptReadOnly, fileBytes, openReadOnly, openWritable } from './connection'
import { Dictionary } from './dictionary'
import { getError, listErrors, resolveError } from './errorQueries'
import { listEventAgents, listEvents } from './eventQueries'
import { runMaintenance } from './maintenance'
import { TraceIdEncoder } from './payloadCodec'
import { listMemory, listMetrics } from './metricQueries'
import { queueOptions, type QueueOptions } from './storeOptions'
import { QueryContext } from './queryContext'
import { cohort } from './cohortQuery'
import { idOf, isRejected, validateRecord, type ValidationLimits } from './recordValidation'
import { search } from './searchQueries'
import { isBusyError, storeErrorFrom } from './storeErrors'
import { GzipOffload } from './gzipOffload'
import { SearchCatchUp } from './searchCatchUp'
import { SearchIndexer } from './searchIndexer'
import { getSession, listSessions } from './sessionQueries'
import { getSpan, listSpans, sessionGraph } from './spanQueries'
import { listSpanColumns } from './spanColumnQuery'
import { stats } from './statsQueries'
import type {
  EnqueueResult,
  MaintenanceOptions,
  MaintenanceReport,
  RejectedRecord,
  StoreOptions,
  TraceStore,
  WriteResult,
} from './storeApi'
import { WriterQueue, type QueueItem, type Ticket } from './writerQueue'
import type { PreparedRecord } from './preparedRecord'

export {
  isNativeStore,
  SCHEMA_VERSION,
  SchemaVersionError,
  TRACESCOPE_APPLICATION_ID,
} from './migrations'
export { RecordValidationError } from './recordValidation'
export { STORE_DEFAULTS } from './storeOptions'
export { StoreError } from './storeErrors'

/** how long close() may spend bringing the search index up to date */
const CLOSE_INDEX_BUDGET_MS = 2000

/** Opens (creating if missing, unless read-only) a Tracescope store file. */
export function openStore(path: string, opts: StoreOptions = {}): TraceStore {
  return new NativeStore(path, opts)
}

class NativeStore implements TraceStore {
  readonly path: string
  private readonly db
  private readonly ctx: QueryContext
  private readonly dict: Dictionary
  private readonly readOnly: boolean
  private readonly limits: ValidationLimits
  private readonly options: QueueOptions
  private readonly queue: WriterQueue | null = null
  private readonly writer: BatchWriter | null = null
  private readonly indexer: SearchIndexer | null = null
  private readonly gzip: GzipOffload | null = null
  private readonly notes: string[] = []
  private readonly catchUp: SearchCatchUp | null = null
  private localCommits = 0
  private readonly indexOnClose: boolean
  private closed = false
  /** the connection belongs to the caller (opts.connection): close() leaves it open */
  private readonly borrowed: boolean

  constructor(path: string, opts: StoreOptions) {
    this.path = path
    this.readOnly = opts.readOnly === true
    this.indexOnClose = opts.indexSearchOnClose !== false
    this.options = queueOptions(opts)
    this.limits = {
      maxRecordBytes: this.options.maxRecordBytes,
      compressAboveBytes: this.options.compressAboveBytes,
      traceIds: new TraceIdEncoder(),
    }
    const opened = !this.readOnly
      ? openWritable(path, opts.synchronous)
      : opts.connection
        ? adoptReadOnly(path, opts.connection)
        : openReadOnly(path, opts.mmapBytes)
    this.borrowed = this.readOnly && opts.connection !== undefined
    this.db = opened.db
    if (opened.migrated.length > 0)
      this.notes.push(`migrated to schema v${opened.migrated.join(', v')}`)
    this.dict = new Dictionary(this.db, this.readOnly)
    this.ctx = new QueryContext(this.db, this.dict)
    if (!this.ctx.hasSearch)
      this.notes.push('schema v1 file: full-text search unavailable until opened writable')
    if (!this.readOnly) {
      const writer = new BatchWriter(this.db, this.dict)
      const indexer = new SearchIndexer(this.db, this.dict)
      writer.setSpanSearchWatermark(() => indexer.storedWatermark('span'))
      this.writer = writer
      this.indexer = indexer
      this.catchUp = new SearchCatchUp(
        indexer,
        {
          path,
          busyRetries: this.options.busyRetries,
          queued: () => this.queue?.length ?? 0,
          commitQueued: () => this.queue!.flush(),
        },
        opts.indexSearchWhenIdle !== false,
      )
      if (opts.compressInWorker !== false) this.gzip = new GzipOffload()
      this.queue = new WriterQueue(
        path,
        (records) => {
          const outcome = writer.write(records)
          this.localCommits++
          indexer.markSpansDirty(outcome.reindexSpans)
          return outcome
        },
        this.options,
        (rejected) => opts.onRejected?.(rejected),
        () => this.catchUp?.schedule(),
        () => this.gzip?.inFlight() ?? null,
      )
      this.catchUp.schedule()
    }
  }

  // ---- writing -------------------------------------------------------------------------

  private writableQueue(): WriterQueue {
    if (this.closed) throw new Error('the store is closed')
    if (!this.queue) throw new Error(`${this.path} is open read-only`)
    return this.queue
  }

  private validate(records: TraceRecord | TraceRecord[], ticket: Ticket | null) {
    const list: unknown[] = Array.isArray(records) ? records : [records]
    const accepted: QueueItem[] = []
    const rejected: RejectedRecord[] = []
    const later = this.gzip?.available ? [] : undefined
    this.limits.laterGzip = later
    list.forEach((raw, index) => {
      const v = validateRecord(raw, index, this.limits)
      if (isRejected(v)) rejected.push(v)
      else accepted.push({ record: v, index, id: idOf(raw as Record<string, unknown>), ticket })
    })
    this.limits.laterGzip = undefined
    if (later) this.gzip!.send(later)
    return { accepted, rejected }
  }

  enqueue(records: TraceRecord | TraceRecord[]): EnqueueResult {
    const queue = this.writableQueue()
    const { accepted, rejected } = this.validate(records, null)
    return this.queueAccepted(queue, accepted, rejected)
  }

  get validationLimits(): { maxRecordBytes: number; compressAboveBytes: number } {
    return {
      maxRecordBytes: this.options.maxRecordBytes,
      compressAboveBytes: this.options.compressAboveBytes,
    }
  }

  enqueuePrepared(items: Array<{ record: PreparedRecord; id: string | null }>): EnqueueResult {
    const queue = this.writableQueue()
    const accepted = items.map((item, index): QueueItem => ({
      record: item.record,
      index,
      id: item.id,
      ticket: null,
    }))
    return this.queueAccepted(queue, accepted, [])
  }

  private queueAccepted(
    queue: WriterQueue,
    accepted: QueueItem[],
    rejected: RejectedRecord[],
  ): EnqueueResult {
    if (!queue.push(accepted)) {
      const reason = `writer queue is full (${queue.length} records waiting, hard limit ${queue.hardLimit}); await drained() before enqueueing more`
      for (const item of accepted) {
        rejected.push({
          index: item.index,
          kind: item.record.kind,
          id: item.id,
          field: 'queue',
          reason,
        })
      }
      rejected.sort((a, b) => a.index - b.index)
      queue.counters.rejected += accepted.length
      return { accepted: 0, rejected, backpressure: true }
    }
    queue.counters.rejected += rejected.length
    return { accepted: accepted.length, rejected, backpressure: queue.backpressure }
  }

  drained(): Promise<void> {
    return this.writableQueue().drained()
  }

  async write(records: TraceRecord | TraceRecord[]): Promise<WriteResult> {
    const queue = this.writableQueue()
    const { accepted, rejected } = this.validate(records, null)
    queue.counters.rejected += rejected.length
    const results: Array<Promise<WriteResult>> = []
    const chunk = this.options.maxQueued
    for (let i = 0; i < accepted.length; i += chunk) {
      const part = accepted.slice(i, i + chunk)
      while (queue.length + part.length > queue.hardLimit) await queue.drained()
      results.push(
        new Promise<WriteResult>((resolve, reject) => {
          const ticket: Ticket = { pending: part.length, written: 0, rejected: [], resolve, reject }
          for (const item of part) item.ticket = ticket
          queue.push(part)
        }),
      )
    }
    let written = 0
    for (const r of await Promise.all(results)) {
      written += r.written
      rejected.push(...r.rejected)
    }
    rejected.sort((a, b) => a.index - b.index)
    return { written, rejected }
  }

  /**
   * Commits everything queued so far, without the search-index catch-up: what a producer
   * waiting for its acknowledgement needs in the middle of a burst (indexing runs when idle).
   */
  async commit(): Promise<void> {
    await this.writableQueue().flush()
  }

  /** Commits everything queued so far and brings the search index up to date. */
  async flush(): Promise<void> {
    await this.writableQueue().flush()
    await this.catchUp?.toEnd()
  }

  resolveError(id: string, note: string): TraceError | null {
    if (this.readOnly) throw new Error(`${this.path} is open read-only`)
    for (let attempt = 0; ; attempt++) {
      try {
        const result = resolveError(this.ctx, id, note)
        this.localCommits++
        return result
      } catch (err) {
        if (!isBusyError(err) || attempt >= this.options.busyRetries) throw err
        if (this.queue) this.queue.counters.retried++
      }
    }
  }

  async maintain(opts: MaintenanceOptions): Promise<MaintenanceReport> {
    if (this.readOnly) throw new Error(`${this.path} is open read-only`)
    await this.flush()
    const report = runMaintenance(this.db, this.path, opts)
    this.writer?.forgetSessions()
    this.indexer?.clampToTables()
    this.localCommits++
    if (opts.archiveTo !== undefined && report.archivedSessions > 0) {
      // index the archive's new rows now, so it is searchable when opened read-only
      const archive = openStore(opts.archiveTo)
      await archive.flush()
      await archive.close()
    }
    return report
  }

  commitSync(): void {
    if (!this.closed) this.queue?.commitSync()
  }

  get batchSize(): number {
    return this.options.batchSize
  }

  counters(): QueueCounters {
    const c = this.queue?.counters
    return c
      ? { ...c }
      : { queued: 0, written: 0, rejected: 0, retried: 0, batches: 0, lastFlushMs: null }
  }

  async close(): Promise<void> {
    if (this.closed) return
    if (this.queue) await this.queue.close()
    await this.gzip?.close()
    // a closed store is searchable as it stands: whoever opens it later reads it read-only and
    // cannot index it (files opened to look at are never written). Bounded, for a quick quit.
    // Without, another process indexes the new rows, but only this one knows its rewritten spans.
    await this.catchUp?.toEnd(CLOSE_INDEX_BUDGET_MS, !this.indexOnClose)
    this.closed = true
    this.catchUp?.stop()
    if (!this.borrowed) this.db.close()
  }

  // ---- reading -------------------------------------------------------------------------

  /** SQLite failures (a damaged file, a vanished folder) come out naming the file and the code */
  private read<T>(query: () => T): T {
    try {
      return query()
    } catch (err) {
      throw storeErrorFrom(this.path, err, 'read')
    }
  }

  info(): SourceInfo {
    const tables = this.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[]
    return {
      kind: 'tracescope',
      path: this.path,
      readOnly: this.readOnly,
      tables,
      notes: this.catchUp?.error
        ? [...this.notes, `search index behind: ${this.catchUp.error.message}`]
        : [...this.notes],
    }
  }

  listSessions = (q: SessionQuery = {}) => this.read(() => listSessions(this.ctx, q))
  getSession = (id: string) => this.read(() => getSession(this.ctx, id))
  listSpans = (q: SpanQuery = {}) => this.read(() => listSpans(this.ctx, q))
  listSpanColumns = (q: SpanQuery = {}) => this.read(() => listSpanColumns(this.ctx, q))
  getSpan = (sessionId: string, spanId: string) =>
    this.read(() => getSpan(this.ctx, sessionId, spanId))
  sessionGraph = (sessionId: string) => this.read(() => sessionGraph(this.ctx, sessionId))
  listEvents = (q: EventQuery = {}) => this.read(() => listEvents(this.ctx, q))
  listEventAgents = (sessionId: string) => this.read(() => listEventAgents(this.ctx, sessionId))
  listErrors = (q: ErrorQuery = {}) => this.read(() => listErrors(this.ctx, q))
  listAgents = (q: AgentQuery = {}) => this.read(() => listAgents(this.ctx, q))
  listMessages = (q: MessageQuery = {}) => this.read(() => listMessages(this.ctx, q))
  listTasks = (q: TaskQuery = {}) => this.read(() => listTasks(this.ctx, q))
  listMemory = (q: MemoryQuery = {}) => this.read(() => listMemory(this.ctx, q))
  listMetrics = (q: MetricQuery = {}) => this.read(() => listMetrics(this.ctx, q))
  search = (q: SearchQuery) => this.read(() => search(this.ctx, q))
  findError = (id: string) => this.read(() => getError(this.ctx, id))
  cohort: TraceStore['cohort'] = (req) => this.read(() => cohort(this.ctx, req))
  usageRollup = (sessionId?: string) =>
    this.read(() => usageRollup(this.ctx, sessionId, this.listSpans))

  stats(opts: StatsQuery = {}): SourceStats {
    return this.read(() =>
      stats(this.ctx, fileBytes(this.path), opts, this.queue ? this.counters() : undefined),
    )
  }

  changeToken(): number {
    // data_version moves on other connections' commits, localCommits on ours
    return (this.db.pragma('data_version', { simple: true }) as number) + this.localCommits
  }
}
