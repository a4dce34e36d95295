// The tracing options Claude-Flow's TraceStorage users already set, read the same way here:
// samplingRate keeps or drops whole sessions, bufferSize / flushInterval size the writer's
// batches, storageRetention and maxFileSize bound what the file keeps.
import path from 'node:path'
import type { StoreOptions } from '../main/store/storeApi'
import { describeValue } from './arguments'

export interface TracingOptions {
  /**
   * 0–1, the share of sessions kept (default 1). Decided per session id by a hash, so every
   * process writing the same run makes the same choice; a kept session records the rate
   * (`tracescope.sampling_rate`) so the viewer can say the run was sampled.
   */
  samplingRate?: number
  /** records per transaction (the store's `batchSize`) */
  bufferSize?: number
  /** ms a record may wait before its batch is written (the store's `flushIntervalMs`) */
  flushInterval?: number
  /** ms: sessions quiet for longer are deleted */
  storageRetention?: number
  /** bytes: past this, the longest-quiet sessions are moved to `archivePath` */
  maxFileSize?: number
  /** where `maxFileSize` moves sessions (default `<name>.archive.db` beside the store) */
  archivePath?: string
  /** ms between checks of storageRetention and maxFileSize (default 60,000; also at open) */
  maintenanceInterval?: number
}

/** what the SDK itself enforces, with defaults applied */
export interface TracingPolicy {
  samplingRate: number
  storageRetention: number | null
  maxFileSize: number | null
  archivePath: string
  maintenanceInterval: number
}

/** no sampling, no limits: a store opened without tracing options */
export const NO_POLICY: TracingPolicy = {
  samplingRate: 1,
  storageRetention: null,
  maxFileSize: null,
  archivePath: '',
  maintenanceInterval: 60_000,
}

const TRACING_KEYS = [
  'samplingRate',
  'bufferSize',
  'flushInterval',
  'storageRetention',
  'maxFileSize',
  'archivePath',
  'maintenanceInterval',
] as const

function positive(name: string, v: unknown, integer = false): number | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))
    throw new TypeError(
      `tracescope: ${name} must be a positive ${integer ? 'whole ' : ''}number, got ${describeValue(v)}`,
    )
  return v
}

/** The options split into what the store takes and what the SDK enforces, checked. */
export function readTracingOptions(
  dbPath: string,
  opts: StoreOptions & TracingOptions = {},
): { store: StoreOptions; tracing: TracingPolicy } {
  const store: StoreOptions & Record<string, unknown> = { ...opts }
  for (const k of TRACING_KEYS) delete store[k]
  const rate = opts.samplingRate ?? 1
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
    throw new TypeError(
      `tracescope: samplingRate must be a number from 0 to 1, got ${describeValue(opts.samplingRate)}`,
    )
  const bufferSize = positive('bufferSize', opts.bufferSize, true)
  const flushInterval = positive('flushInterval', opts.flushInterval)
  if (bufferSize !== undefined) store.batchSize = bufferSize
  if (flushInterval !== undefined) store.flushIntervalMs = flushInterval
  if (opts.archivePath !== undefined && (typeof opts.archivePath !== 'string' || !opts.archivePath))
    throw new TypeError(
      `tracescope: archivePath must be a file path, got ${describeValue(opts.archivePath)}`,
    )
  const parsed = path.parse(dbPath)
  return {
    store,
    tracing: {
      samplingRate: rate,
      storageRetention: positive('storageRetention', opts.storageRetention) ?? null,
      maxFileSize: positive('maxFileSize', opts.maxFileSize) ?? null,
      archivePath: opts.archivePath ?? path.join(parsed.dir, `${parsed.name}.archive.db`),
      maintenanceInterval: positive('maintenanceInterval', opts.maintenanceInterval) ?? 60_000,
    },
  }
}
