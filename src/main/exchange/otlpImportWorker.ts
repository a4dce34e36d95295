// Worker thread body of an OTLP import (otlpImportThread.ts): reads the file, splits it span by
// span, parses and maps each span, and posts the mapped records to the thread that owns the
// store, so reading and mapping run beside the SQLite inserts instead of before them.
import { parentPort } from 'node:worker_threads'
import type { ImportRejection } from './storeWriter'
import { openImportInput } from './importInput'
import { OTLP_SHAPE, OtlpImport } from './importOtlp'
import { splitInto } from './splitInput'
import type { FromReader, ToReader } from './otlpImportThread'

/** messages posted and not yet taken by the writer: enough to keep it busy, few to hold */
const AHEAD = 2

let credit: (() => void) | null = null
let outstanding = 0

function post(m: FromReader): void {
  outstanding++
  parentPort!.postMessage(m)
}

async function run(file: string): Promise<void> {
  const input = openImportInput(file)
  let refusals: ImportRejection[] = []
  const otlp = new OtlpImport((r) => refusals.push(r))
  const send = async (): Promise<void> => {
    const batches = otlp.ready.splice(0)
    if (!batches.length && !refusals.length) return
    // as JSON text: JSON.parse on the writer's thread costs about half of what deserializing
    // the structured clone of the same records does (the mapping yields only JSON values)
    post({
      type: 'batches',
      json: JSON.stringify({ refusals, batches }),
      bytesRead: input.bytesRead(),
    })
    refusals = []
    while (outstanding >= AHEAD) await new Promise<void>((resolve) => (credit = resolve))
  }
  const documents = await splitInto(input, OTLP_SHAPE, otlp, send)
  await send()
  post({ type: 'done', documents, spans: otlp.spans })
}

parentPort?.on('message', (m: ToReader) => {
  if (m.type === 'taken') {
    outstanding--
    const wake = credit
    credit = null
    wake?.()
    return
  }
  run(m.file).catch((e: unknown) => {
    const err = e as Error
    post({ type: 'error', message: err?.message ?? String(e), name: err?.name ?? 'Error' })
  })
})
