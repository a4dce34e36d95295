// What the store service hosts: an opened `.db` (native store or foreign adapter) behind one
// handle, and the opener that decides which. Plain Node: no electron, no worker specifics.
import type { TraceError, TraceRecord } from '../../shared/domain'
import type { SourceInfo, TraceQueries } from '../../shared/queries'
import type { TableRows, TableSummary } from '../../shared/contract/invoke'
import type { EnqueueResult, TraceStore } from '../store/storeApi'

export interface SourceHandle {
  readonly queries: TraceQueries
  /** the writable native store when this source is one, else null */
  readonly store: TraceStore | null
  /** in the native store, or the overlay for a read-only foreign file */
  resolveError(id: string, note: string): TraceError | null
  listTables(): TableSummary[]
  tableRows(table: string, limit: number, cursor: string | null): TableRows
  close(): Promise<void>
}

export interface OpenOptions {
  /** the app's own store: created when missing, writable, receives ingested records */
  appStore?: boolean
  /**
   * a second, read-only connection to the app's own store, which another worker writes: queries
   * never wait behind the writer's commits. Only for the app store (trusted: Tracescope made it);
   * every other file is opened by the reading rule whatever this says.
   */
  appStoreReader?: boolean
}

export interface SourceOpener {
  open(path: string, opts: OpenOptions): SourceHandle
}

export interface OpenRequest extends OpenOptions {
  /** chosen by the caller so a restarted worker reopens a source under the same id */
  sourceId: string
  path: string
}

/** A source the service holds open, as its callers see it. */
export interface HostedSource {
  sourceId: string
  path: string
  appStore: boolean
  writable: boolean
  info: SourceInfo
}

export interface IngestResult extends EnqueueResult {
  sourceId: string
}

export type { TraceRecord }
