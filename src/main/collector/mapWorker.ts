// Worker thread body: decode and map OTLP request bodies off the thread that owns the store.
import { parentPort } from 'node:worker_threads'
import { OtlpRequestError, mapOtlpBody } from '../otlp'
import type { MapJob, MapReply } from './mapPool'

parentPort?.on('message', (job: MapJob) => {
  let reply: MapReply
  try {
    const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength)
    const result = mapOtlpBody(job.signal, job.encoding, body)
    // as JSON text: JSON.parse on the store's thread costs about half of what deserializing
    // the structured clone of the same records does (the mapping yields only JSON values)
    reply = { id: job.id, ok: true, json: JSON.stringify(result) }
  } catch (e) {
    reply = {
      id: job.id,
      ok: false,
      badRequest: e instanceof OtlpRequestError,
      message: (e as Error).message,
    }
  }
  parentPort!.postMessage(reply)
})
