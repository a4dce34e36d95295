// The store's numeric options: defaults, and each value checked where it is read, so a wrong
// value names the option.
import type { StoreOptions } from './storeApi'

export const STORE_DEFAULTS = {
  batchSize: 1000,
  flushIntervalMs: 50,
  maxQueued: 50_000,
  maxRecordBytes: 1024 * 1024,
  compressAboveBytes: 1024,
  busyRetries: 30,
} as const

/** `v`, or `fallback` when unset; throws when `v` is not a positive (or, zeroOk, non-negative) number */
export function positive(
  v: number | undefined,
  fallback: number,
  name: string,
  zeroOk = false,
): number {
  if (v === undefined) return fallback
  if (typeof v !== 'number' || !Number.isFinite(v) || v < (zeroOk ? 0 : 1)) {
    throw new Error(`store option ${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number`)
  }
  return v
}

/** the numeric options the writer queue and validation use, defaults filled in */
export type QueueOptions = Required<
  Pick<
    StoreOptions,
    | 'batchSize'
    | 'flushIntervalMs'
    | 'maxQueued'
    | 'maxRecordBytes'
    | 'compressAboveBytes'
    | 'busyRetries'
  >
>

/** a store's numeric options checked, defaults filled in */
export function queueOptions(opts: StoreOptions): QueueOptions {
  return {
    batchSize: positive(opts.batchSize, STORE_DEFAULTS.batchSize, 'batchSize'),
    flushIntervalMs: positive(
      opts.flushIntervalMs,
      STORE_DEFAULTS.flushIntervalMs,
      'flushIntervalMs',
      true,
    ),
    maxQueued: positive(opts.maxQueued, STORE_DEFAULTS.maxQueued, 'maxQueued'),
    maxRecordBytes: positive(opts.maxRecordBytes, STORE_DEFAULTS.maxRecordBytes, 'maxRecordBytes'),
    compressAboveBytes: positive(
      opts.compressAboveBytes,
      STORE_DEFAULTS.compressAboveBytes,
      'compressAboveBytes',
      true,
    ),
    busyRetries: positive(opts.busyRetries, STORE_DEFAULTS.busyRetries, 'busyRetries', true),
  }
}
