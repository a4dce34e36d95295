// The native store's API: the read queries every source has, plus writing and maintenance.
// Implemented in src/main/store/traceStore.ts; runs under plain Node (no electron import).

import type Database from 'better-sqlite3'
import type { CohortAnswer, CohortRequest } from '../../shared/stats/cohort'
import type { TraceError, TraceRecord } from '../../shared/domain'
import type { QueueCounters, SpanQuery, TraceQueries } from '../../shared/queries'
import type { SpanColumns } from '../../shared/contract/spanColumns'
import type { PreparedRecord } from './preparedRecord'

export interface StoreOptions {
  /** open an existing native store read-only (never migrates, never writes) */
  readOnly?: boolean
  /**
   * read-only only: bytes of the file SQLite may memory-map (default 256 MiB; faster scattered
   * page reads). 0 for whole-file scans such as exports: every mapped page a scan touches
   * counts in the process's resident memory.
   */
  mmapBytes?: number
  /**
   * read-only only: read through this already opened, hardened connection (a file a user opened
   * to look at, see sources/safeOpen.ts) instead of opening one; the caller keeps and closes it
   */
  connection?: Database.Database
  /**
   * SQLite's durability of a commit (writable stores). 'normal' (default): in WAL mode a commit
   * survives a crash of the writing process, but a power loss or OS crash can lose the last
   * commits, including a batch the collector already answered 2xx. 'full': every commit is
   * synced to disk before it returns; survives power loss, costs an fsync per batch.
   */
  synchronous?: 'normal' | 'full'
  /** records per transaction (default 1000) */
  batchSize?: number
  /** max ms a record waits before its batch is flushed (default 50) */
  flushIntervalMs?: number
  /** records held in memory before enqueue reports back-pressure (default 50_000) */
  maxQueued?: number
  /** per-record limit of the serialized record, bytes (default 1 MiB) */
  maxRecordBytes?: number
  /** payloads longer than this are gzip-compressed on disk (default 1024) */
  compressAboveBytes?: number
  /**
   * compress those payloads on a worker thread while the writer inserts (default true; the
   * thread starts with the first write or enqueue call that brings 8 or more of them); when
   * false, or if the thread is unavailable, the writer's thread compresses them
   */
  compressInWorker?: boolean
  /**
   * SQLITE_BUSY retries with exponential backoff capped at 1 s (default 30: another process may
   * hold the write lock for about 25 s before a batch fails; write() then rejects)
   */
  busyRetries?: number
  /** records refused after they were queued (inside SQLite, or the database stayed busy) */
  onRejected?: (rejected: RejectedRecord[]) => void
  /**
   * catch the full-text index up in the background whenever the writer queue is idle
   * (default true); when false it catches up only in flush()
   */
  indexSearchWhenIdle?: boolean
  /**
   * close() brings the full-text index up to date, for up to 2 s (default true); when false it
   * indexes only spans rewritten after they were indexed, and leaves new rows to another process
   * (`tracescope import` starts `tracescope maintain --index-search` for them)
   */
  indexSearchOnClose?: boolean
}

/** A record the store refused, and why: the field and the record it names. */
export interface RejectedRecord {
  index: number
  kind: string
  id: string | null
  field: string
  reason: string
}

export interface WriteResult {
  written: number
  rejected: RejectedRecord[]
}

export interface EnqueueResult {
  /** records taken into the queue (validated; they will be written) */
  accepted: number
  rejected: RejectedRecord[]
  /** true when the queue is at or past its bound: the producer should await `drained()` */
  backpressure: boolean
}

export interface MaintenanceOptions {
  retentionDays?: number
  archiveTo?: string
  /** archive sessions whose last activity is older than this many days (default: retentionDays) */
  archiveOlderThanDays?: number
  vacuum?: boolean
  optimize?: boolean
  /** past this many bytes in use, the longest-quiet sessions are moved out (never the newest) */
  maxBytes?: number
  /** where `maxBytes` moves them (a native store, created if missing); absent: deleted */
  maxBytesArchiveTo?: string
}

export interface MaintenanceReport {
  deletedSessions: number
  archivedSessions: number
  bytesBefore: number
  bytesAfter: number
  actions: string[]
}

export interface TraceStore extends TraceQueries {
  readonly path: string
  listSpanColumns(q: SpanQuery): SpanColumns
  /** a cohort comparison from the store's own rows (cohortQuery.ts) */
  cohort(req: CohortRequest): CohortAnswer
  /** records per transaction, as opened (`batchSize`, default 1000) */
  readonly batchSize: number
  /** validate and queue; never drops silently, never blocks */
  enqueue(records: TraceRecord | TraceRecord[]): EnqueueResult
  /**
   * The limits `validateRecord` checks records against here: a producer that validates and
   * encodes on another thread (an OTLP import) uses them, then `enqueuePrepared`.
   */
  readonly validationLimits: { maxRecordBytes: number; compressAboveBytes: number }
  /** queue records already validated and encoded with `validationLimits` (never blocks) */
  enqueuePrepared(items: Array<{ record: PreparedRecord; id: string | null }>): EnqueueResult
  /** resolves once the queue is below its bound again */
  drained(): Promise<void>
  /**
   * validate, queue, and resolve once every accepted record is committed. Rejects (StoreError)
   * when a batch holding its records failed as a whole (full disk, write lock held too long):
   * nothing about the records was wrong, the caller should retry later.
   */
  write(records: TraceRecord | TraceRecord[]): Promise<WriteResult>
  /** commit everything queued so far, and bring the search index up to date */
  flush(): Promise<void>
  /** commit everything queued so far; the search index catches up when the writer is idle */
  commit(): Promise<void>
  /**
   * For a process's 'exit' listener only (nothing asynchronous runs after it): commits what is
   * queued in one synchronous transaction, compressing inline what waits for the gzip thread.
   */
  commitSync(): void
  /** one error by id, or null */
  findError(id: string): TraceError | null
  resolveError(id: string, note: string): TraceError | null
  maintain(opts: MaintenanceOptions): Promise<MaintenanceReport>
  counters(): QueueCounters
  /** flushes the queue, then closes every connection */
  close(): Promise<void>
}
