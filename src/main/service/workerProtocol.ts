// Messages between the main side of the store service and a store worker.
import type { ContractErrorShape } from '../../shared/contract/errors'
import type { HostEvent, StoreOpCall } from './storeOps'

/** one request to a store worker: an operation of StoreOpMap with its arguments */
export type WorkerCall = StoreOpCall

export type WorkerReply =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ContractErrorShape }
  | { type: 'event'; event: HostEvent }

/** the environment variable a store worker reads its StoreWorkerData from (JSON) */
export const WORKER_DATA_ENV = 'TRACESCOPE_STORE_WORKER'

export interface StoreWorkerData {
  /** module exporting `createOpener(): SourceOpener`; default: the real stores and adapters */
  openerModule?: string
  allowDebugOps?: boolean
  pollIntervalMs?: number
  /** false: no change poller (a reader beside a writer worker that already reports changes) */
  pollChanges?: boolean
  /** set by the bootstrap in development: the TypeScript entry to load through tsx */
  entry?: string
}
