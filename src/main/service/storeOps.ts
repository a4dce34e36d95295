// The store worker's interface: every operation a store thread answers, as one map of
// name → arguments → result (Signal Desktop's ts/sql/Interface.ts). The caller side
// (StoreService and its worker / in-process flavours, WorkerLane, the WorkerCall message) and
// the answering side (createHostOps, which the worker's dispatcher and the in-process service
// call) are both typed from it, so a renamed operation or a changed argument fails to compile
// on whichever side was not updated. How each operation is routed (reader or writer), bounded
// and logged sits in one table beside it, keyed by the same names, so no set of names can drift.
import type { TraceError } from '../../shared/domain'
import type { SpanQuery } from '../../shared/queries'
import type { SpanColumns } from '../../shared/contract/spanColumns'
import type { EncodedWireValue } from '../../shared/contract/wire'
import type { RunComparison } from '../../shared/compare/runComparison'
import type { TableRows, TableSummary } from '../../shared/contract/invoke'
import type { ForwardTarget } from '../../shared/forwardTargets'
import type { StatsRequest, StatsResult } from '../stats/readStats'
import type { CohortAnswer, CohortRequest } from '../stats/readCohort'
import type { ExportFormat, ExportProgress, ExportResult } from '../exchange/exportTraces'
import type { ExportCount } from '../exchange/exportCount'
import type { TraceFilter } from '../exchange/filters'
import type { EnqueueResult, MaintenanceReport } from '../store/storeApi'
import type { CollectorStats } from '../collector'
import type { ForwardStats } from '../forward'
import type { QueryMethod } from './sourceHost'
import type { HostedSource, OpenRequest, TraceRecord } from './sourceTypes'

/** what a store thread reports without being asked */
export type HostEvent =
  | { type: 'changed'; sourceId: string; token: number }
  | { type: 'exportProgress'; exportId: string; progress: ExportProgress }

export interface ExportRequest {
  exportId: string
  sourceId: string
  filter: TraceFilter
  format: ExportFormat
  /** written as `<destPath>.partial` and renamed when complete, so a half file never looks done */
  destPath: string
}

export interface CollectorStatus {
  url: string
  port: number
  stats: CollectorStats
  forward: ForwardStats[]
}

type Op<A, R> = { args: A; result: R }
type Src = { sourceId: string }

/** name → arguments → result of every operation a store thread answers */
export interface StoreOpMap {
  open: Op<OpenRequest, HostedSource>
  close: Op<Src, boolean>
  closeAll: Op<undefined, void>
  list: Op<undefined, HostedSource[]>
  /** a TraceQueries method; StoreService.query gives the result its method's type */
  query: Op<Src & { method: QueryMethod; args: unknown[] }, unknown>
  spanColumns: Op<Src & { query: SpanQuery }, SpanColumns>
  /** the same page encoded for the browser transport in the worker (EncodedWireValue) */
  spanColumnsWire: Op<Src & { query: SpanQuery }, EncodedWireValue>
  compareRuns: Op<Src & { sessionA: string; sessionB: string }, RunComparison>
  groupStats: Op<Src & { request: StatsRequest }, StatsResult>
  cohort: Op<Src & { request: CohortRequest }, CohortAnswer>
  resolveError: Op<Src & { errorId: string; note: string }, TraceError | null>
  listTables: Op<Src, TableSummary[]>
  tableRows: Op<Src & { table: string; limit: number; cursor: string | null }, TableRows>
  ingest: Op<Src & { records: TraceRecord[] }, EnqueueResult>
  flush: Op<Src, void>
  tokens: Op<undefined, Array<[string, number]>>
  exportStart: Op<ExportRequest, ExportResult>
  exportCount: Op<Src & { filter: TraceFilter; format: ExportFormat }, ExportCount>
  exportCancel: Op<{ exportId: string }, boolean>
  collectorStart: Op<
    Src & { port: number; forward?: ForwardTarget[] },
    { url: string; port: number }
  >
  collectorStop: Op<undefined, boolean>
  collectorStatus: Op<undefined, CollectorStatus | null>
  maintainAppStore: Op<Src & { retentionDays: number }, MaintenanceReport>
  /** debug: a deliberate synchronous stall (watchdog tests; refused unless allowDebugOps) */
  spin: Op<{ ms: number }, number>
  /** debug: a query that never ends inside SQLite (refused unless allowDebugOps) */
  sqlStall: Op<Src, number>
}

export type StoreOpName = keyof StoreOpMap
export type StoreOpArgs<O extends StoreOpName> = StoreOpMap[O]['args']
export type StoreOpResult<O extends StoreOpName> = StoreOpMap[O]['result']

/** what the answering side implements: one function per operation, sync or async */
export type StoreOpHandlers = {
  [O in StoreOpName]: (args: StoreOpArgs<O>) => StoreOpResult<O> | Promise<StoreOpResult<O>>
}

/** one request to a store worker; `op` and `args` agree by construction */
export type StoreOpCall = {
  [O in StoreOpName]: { id: number; op: O; args: StoreOpArgs<O> }
}[StoreOpName]

export interface StoreOpTraits {
  /** a read-only connection can answer it: goes to a source's reader worker when it has one */
  read: boolean
  /**
   * Time bound in a worker: 'call' = the service's per-call bound (15 s by default), a number
   * of ms for what may legitimately run long, null for no bound at all.
   */
  bound: 'call' | number | null
  /** a read or write a view waits on: reported when slower than the slow-call threshold */
  logged: boolean
}

const view = { read: true, bound: 'call', logged: true } as const
const write = { read: false, bound: 'call', logged: true } as const
const plain = { read: false, bound: 'call', logged: false } as const

/** every operation's routing, bound and logging; the mapped type demands each name once */
export const STORE_OPS: { readonly [O in StoreOpName]: StoreOpTraits } = {
  open: { read: false, bound: 60_000, logged: false },
  close: { read: false, bound: 60_000, logged: false },
  closeAll: plain,
  list: plain,
  query: view,
  spanColumns: view,
  spanColumnsWire: view,
  compareRuns: view,
  groupStats: view,
  cohort: view,
  resolveError: write,
  listTables: view,
  tableRows: view,
  ingest: write,
  flush: { read: false, bound: 120_000, logged: false },
  tokens: plain,
  exportStart: { read: false, bound: null, logged: false },
  exportCount: plain,
  exportCancel: plain,
  collectorStart: { read: false, bound: 30_000, logged: false },
  collectorStop: { read: false, bound: 60_000, logged: false },
  collectorStatus: plain,
  // one transaction per deleted session, so a long run never holds the writer for long
  maintainAppStore: { read: false, bound: 600_000, logged: false },
  spin: plain,
  sqlStall: plain,
}

/** whether `op` is a known operation name (a message from another process is not typed) */
export function isStoreOp(op: string): op is StoreOpName {
  return Object.hasOwn(STORE_OPS, op)
}
