// An OTLP import's reading, splitting, JSON.parse, mapping, validation and encoding on a worker
// thread (otlpImportWorker.ts), beside the thread that owns the store and runs the SQLite
// inserts: on two cores the two halves of an import overlap instead of taking turns. The worker
// posts what each chunk of the file produced (refusals, then records ready for the store's
// queue, in file order) and stays at most two such messages ahead of the writer, so memory
// stays bounded however large the file.
import type { Worker } from 'node:worker_threads'
import { startWorkerThread } from '../workerScript'
import type { PreparedRecord } from '../store/preparedRecord'
import type { TraceStore } from '../store/storeApi'
import type { ImportRejection, LineOf } from './storeWriter'

export type ToReader =
  { type: 'start'; file: string; limits: TraceStore['validationLimits'] } | { type: 'taken' }

/** records validated and encoded on the reading thread, as the store's queue takes them */
export interface PreparedBatch {
  items: Array<{ record: PreparedRecord; id: string | null }>
  /** the line of each item, or one for all */
  lineOf: LineOf
  /** spans mapped */
  spans: number
}

export type FromReader =
  | { type: 'batches'; json: string; bytesRead: number }
  | { type: 'done'; documents: number; spans: number }
  | { type: 'error'; message: string; name: string }

/** what one chunk of the file produced, in file order: refusals first, as inline */
export interface ReaderOutput {
  refusals: ImportRejection[]
  batches: PreparedBatch[]
}

export interface ReaderResult {
  /** JSON documents read (JSON Lines: one a line) */
  documents: number
  /** spans mapped (refused ones not counted) */
  spans: number
}

/** A Buffer field (ids, gzip payloads) in JSON: hex for ids, base64 for payloads. */
type WireBytes = { $hex: string } | { $b64: string }

/** Replaces a prepared record's Buffers with their JSON form, in place (reading thread). */
export function toWire(r: PreparedRecord): void {
  const o = r as unknown as Record<string, unknown>
  for (const k in o) {
    const v = o[k]
    if (Buffer.isBuffer(v))
      o[k] = k.endsWith('Id') ? { $hex: v.toString('hex') } : { $b64: v.toString('base64') }
  }
}

/** The inverse of toWire, in place (writer's thread). */
function fromWire(r: PreparedRecord): void {
  const o = r as unknown as Record<string, unknown>
  for (const k in o) {
    const v = o[k] as WireBytes | null
    if (v === null || typeof v !== 'object') continue
    if ('$hex' in v) o[k] = Buffer.from(v.$hex, 'hex')
    else if ('$b64' in v) o[k] = Buffer.from(v.$b64, 'base64')
  }
}

/**
 * Reads and maps `file` on a worker thread; `write` takes each chunk's output (awaited before
 * the next, so the writer's back-pressure reaches the reader). Null when no thread could be
 * started (a bundle without the worker's file): the caller then maps inline.
 */
export async function readOtlpOffThread(
  file: string,
  limits: TraceStore['validationLimits'],
  write: (out: ReaderOutput, bytesRead: number) => Promise<void>,
): Promise<ReaderResult | null> {
  let worker: Worker
  try {
    worker = startWorkerThread(__dirname, 'otlpImportWorker')
  } catch {
    return null
  }
  const inbox: FromReader[] = []
  let wake: (() => void) | null = null
  let failure: Error | null = null
  let exitCode: number | null = null
  const ping = (): void => {
    const w = wake
    wake = null
    w?.()
  }
  worker.on('message', (m: FromReader) => {
    inbox.push(m)
    ping()
  })
  worker.on('error', (e) => {
    failure = e
    ping()
  })
  worker.on('exit', (code) => {
    exitCode = code
    ping()
  })
  try {
    worker.postMessage({ type: 'start', file, limits } satisfies ToReader)
    for (;;) {
      while (!inbox.length && !failure && exitCode === null)
        await new Promise<void>((resolve) => (wake = resolve))
      // what the reader posted before it failed is written first, as inline
      const m = inbox.shift()
      if (!m) throw failure ?? new Error(`the OTLP reading thread stopped (exit code ${exitCode})`)
      if (m.type === 'error') {
        const e = new Error(m.message)
        e.name = m.name
        throw e
      }
      if (m.type === 'done') return { documents: m.documents, spans: m.spans }
      const out = JSON.parse(m.json) as ReaderOutput
      for (const b of out.batches) for (const item of b.items) fromWire(item.record)
      await write(out, m.bytesRead)
      worker.postMessage({ type: 'taken' } satisfies ToReader)
    }
  } finally {
    await worker.terminate()
  }
}
