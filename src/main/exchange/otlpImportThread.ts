// An OTLP import's reading, splitting, JSON.parse and mapping on a worker thread
// (otlpImportWorker.ts), beside the thread that owns the store and runs the SQLite inserts: on
// two cores the two halves of an import overlap instead of taking turns. The worker posts what
// each chunk of the file produced (refusals, then mapped batches, in file order) and stays at
// most two such messages ahead of the writer, so memory stays bounded however large the file.
import type { Worker } from 'node:worker_threads'
import { startWorkerThread } from '../workerScript'
import type { RecordBatch } from './importOtlp'
import type { ImportRejection } from './storeWriter'

export type ToReader = { type: 'start'; file: string } | { type: 'taken' }

export type FromReader =
  | { type: 'batches'; json: string; bytesRead: number }
  | { type: 'done'; documents: number; spans: number }
  | { type: 'error'; message: string; name: string }

/** what one chunk of the file produced, in file order: refusals first, as inline */
export interface ReaderOutput {
  refusals: ImportRejection[]
  batches: RecordBatch[]
}

export interface ReaderResult {
  /** JSON documents read (JSON Lines: one a line) */
  documents: number
  /** spans mapped (refused ones not counted) */
  spans: number
}

/**
 * Reads and maps `file` on a worker thread; `write` takes each chunk's output (awaited before
 * the next, so the writer's back-pressure reaches the reader). Null when no thread could be
 * started (a bundle without the worker's file): the caller then maps inline.
 */
export async function readOtlpOffThread(
  file: string,
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
    worker.postMessage({ type: 'start', file } satisfies ToReader)
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
      await write(JSON.parse(m.json) as ReaderOutput, m.bytesRead)
      worker.postMessage({ type: 'taken' } satisfies ToReader)
    }
  } finally {
    await worker.terminate()
  }
}
