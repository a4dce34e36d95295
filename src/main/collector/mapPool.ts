// Decoding and mapping request bodies, inline or on worker threads. On two cores the store's
// inserts (synchronous, on the thread that owns the connection) and the JSON/protobuf decoding
// then run in parallel; small bodies stay inline, where a thread hop costs more than it saves.
import type { Worker } from 'node:worker_threads'
import { startWorkerThread } from '../workerScript'
import { OtlpRequestError, mapOtlpBody } from '../otlp'
import type { OtlpEncoding, OtlpMapResult, OtlpSignal } from '../otlp'

export interface MapJob {
  id: number
  signal: OtlpSignal
  encoding: OtlpEncoding
  body: Uint8Array
}

export type MapReply =
  | { id: number; ok: true; json: string }
  | { id: number; ok: false; badRequest: boolean; message: string }

export interface MapPool {
  /** throws OtlpRequestError for a body that is not OTLP */
  map(signal: OtlpSignal, encoding: OtlpEncoding, body: Buffer): Promise<OtlpMapResult>
  close(): Promise<void>
  /** bodies mapped on a worker thread so far */
  offThread(): number
}

const mapInline = mapOtlpBody

/** Bodies below this many bytes are mapped inline. */
const INLINE_BELOW = 32 * 1024

export function createMapPool(workers: number): MapPool {
  const pool: Array<{ worker: Worker; busy: number }> = []
  const waiting = new Map<
    number,
    { resolve: (r: OtlpMapResult) => void; reject: (e: Error) => void; slot: number }
  >()
  let nextId = 1
  let offThread = 0
  let broken = workers <= 0
  let started = false
  // started on the first large body: a collector that only ever sees small requests (or none,
  // in an app that never receives traces) costs no thread and no memory for it
  const start = (): void => {
    started = true
    for (let i = 0; i < workers && !broken; i++) startWorker(i)
  }
  const startWorker = (i: number): void => {
    try {
      const worker = startWorkerThread(__dirname, 'mapWorker')
      worker.unref()
      const slot = i
      worker.on('message', (reply: MapReply) => {
        const w = waiting.get(reply.id)
        if (!w) return
        waiting.delete(reply.id)
        pool[slot].busy--
        if (reply.ok) {
          offThread++
          w.resolve(JSON.parse(reply.json) as OtlpMapResult)
        } else {
          w.reject(
            reply.badRequest ? new OtlpRequestError(reply.message) : new Error(reply.message),
          )
        }
      })
      worker.on('error', () => {
        // a worker that cannot run (no loader, bundled app): fall back to inline mapping
        broken = true
        for (const [id, w] of waiting) {
          if (w.slot !== slot) continue
          waiting.delete(id)
          w.reject(new Error('map worker failed'))
        }
      })
      pool.push({ worker, busy: 0 })
    } catch {
      broken = true
    }
  }
  return {
    map(signal, encoding, body) {
      if (!broken && !started && body.length >= INLINE_BELOW) start()
      if (broken || body.length < INLINE_BELOW) {
        try {
          return Promise.resolve(mapInline(signal, encoding, body))
        } catch (e) {
          return Promise.reject(e as Error)
        }
      }
      let slot = 0
      for (let i = 1; i < pool.length; i++) if (pool[i].busy < pool[slot].busy) slot = i
      const id = nextId++
      pool[slot].busy++
      return new Promise<OtlpMapResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject, slot })
        // copy into a transferable buffer (the request body may share a pooled allocation)
        const copy = new Uint8Array(body.length)
        copy.set(body)
        const job: MapJob = { id, signal, encoding, body: copy }
        pool[slot].worker.postMessage(job, [copy.buffer])
      }).catch((e: Error) => {
        if (e.message === 'map worker failed') return mapInline(signal, encoding, body)
        throw e
      })
    },
    offThread: () => offThread,
    async close() {
      await Promise.all(pool.map((p) => p.worker.terminate()))
    },
  }
}
