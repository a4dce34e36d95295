// Worker thread body of GzipOffload (gzipOffload.ts): compresses one enqueue call's large
// payloads while the writer commits earlier batches. One reply per job, all outputs in one
// transferred buffer (no copy back).
import { parentPort } from 'node:worker_threads'
import { gzipSync } from 'node:zlib'
import { GZIP_OPTIONS } from './payloadCodec'

export interface GzipJob {
  id: number
  texts: string[]
}

export interface GzipReply {
  id: number
  bytes: Uint8Array
  /** where each payload's bytes end in `bytes` */
  ends: number[]
}

parentPort?.on('message', ({ id, texts }: GzipJob) => {
  const parts = texts.map((t) => gzipSync(t, GZIP_OPTIONS))
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  const ends: number[] = []
  let at = 0
  for (const p of parts) {
    bytes.set(p, at)
    at += p.length
    ends.push(at)
  }
  const reply: GzipReply = { id, bytes, ends }
  parentPort!.postMessage(reply, [bytes.buffer])
})
