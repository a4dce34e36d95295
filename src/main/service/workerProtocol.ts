// Messages between the main side of the store service and a store worker.
import type { ContractErrorShape } from '../../shared/contract/errors'
import type { HostEvent } from './hostOps'

export interface WorkerCall {
  id: number
  op: string
  args: unknown
}

export type WorkerReply =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ContractErrorShape }
  | { type: 'event'; event: HostEvent }

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

/** Buffers of typed arrays in a reply, moved instead of copied (span columns). */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  if (value === null || typeof value !== 'object') return []
  const out: ArrayBuffer[] = []
  for (const v of Object.values(value)) {
    if (
      ArrayBuffer.isView(v) &&
      v.buffer instanceof ArrayBuffer &&
      v.byteOffset === 0 &&
      v.byteLength === v.buffer.byteLength
    ) {
      if (!out.includes(v.buffer)) out.push(v.buffer)
    }
  }
  return out
}
