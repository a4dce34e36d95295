// Worker thread body of an OTLP import (otlpImportThread.ts): reads the file, splits it span by
// span, parses and maps each span, validates and encodes the records as the store would
// (validateRecord with the store's limits), and posts them to the thread that owns the store,
// which is left with the SQLite inserts alone.
import { parentPort } from 'node:worker_threads'
import type { ImportRejection } from './storeWriter'
import { openImportInput } from './importInput'
import { OTLP_SHAPE, OtlpImport, type RecordBatch } from './importOtlp'
import { splitInto } from './splitInput'
import { idOf, isRejected, validateRecord, type ValidationLimits } from '../store/recordValidation'
import { TraceIdEncoder } from '../store/payloadCodec'
import {
  toWire,
  type FromReader,
  type PreparedBatch,
  type ReaderOutput,
  type ToReader,
} from './otlpImportThread'

/** messages posted and not yet taken by the writer: enough to keep it busy, few to hold */
const AHEAD = 2

let credit: (() => void) | null = null
let outstanding = 0

function post(m: FromReader): void {
  outstanding++
  parentPort!.postMessage(m)
}

/** The batch's records as the store's queue holds them; refused ones keep their line. */
function prepare(
  b: RecordBatch,
  limits: ValidationLimits,
  refuse: (r: ImportRejection) => void,
): PreparedBatch {
  const items: PreparedBatch['items'] = []
  const lines: number[] | null = typeof b.lineOf === 'number' ? null : []
  for (let i = 0; i < b.records.length; i++) {
    const raw = b.records[i]
    const line = typeof b.lineOf === 'number' ? b.lineOf : b.lineOf[i]
    const v = validateRecord(raw, i, limits)
    if (isRejected(v)) {
      refuse({ line, kind: v.kind, id: v.id, field: v.field, reason: v.reason })
      continue
    }
    items.push({ record: v, id: idOf(raw as unknown as Record<string, unknown>) })
    lines?.push(line)
  }
  return { items, lineOf: lines ?? (b.lineOf as number), spans: b.spans }
}

async function run(m: Extract<ToReader, { type: 'start' }>): Promise<void> {
  const input = openImportInput(m.file)
  // no gzip thread here: payloads past the threshold are compressed on this thread
  const limits: ValidationLimits = { ...m.limits, traceIds: new TraceIdEncoder() }
  let refusals: ImportRejection[] = []
  const refuse = (r: ImportRejection): void => void refusals.push(r)
  const otlp = new OtlpImport(refuse)
  const send = async (): Promise<void> => {
    const batches = otlp.ready.splice(0).map((b) => prepare(b, limits, refuse))
    if (!batches.length && !refusals.length) return
    for (const b of batches) for (const item of b.items) toWire(item.record)
    // as JSON text: V8's structured clone of these records (many small Buffers) cost the
    // reading thread three times what JSON.stringify does, for a smaller saving on the writer
    const json = JSON.stringify({ refusals, batches } satisfies ReaderOutput)
    post({ type: 'batches', json, bytesRead: input.bytesRead() })
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
  run(m).catch((e: unknown) => {
    const err = e as Error
    post({ type: 'error', message: err?.message ?? String(e), name: err?.name ?? 'Error' })
  })
})
