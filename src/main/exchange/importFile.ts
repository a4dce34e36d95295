// Imports a file into a native store: Tracescope json/ndjson, OTLP JSON / JSON Lines (through
// the one OTLP mapping in src/main/otlp), or any supported .db (through a source adapter), each
// plain or gzip-compressed. Everything streams: the JSON formats are split value by value
// (jsonStreamSplitter), .db files page by page, and the store's back-pressure paces reading.
// A value whose content is wrong is refused with its line and reason and the rest goes on;
// a file whose structure is broken stops the import with its line (what came before is kept).

import os from 'node:os'
import { sameFile } from './sameFile'
import type { RecordKind, TraceRecord } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import type { TraceStore } from '../store/storeApi'
import { detectImportFormat, type ImportFormat } from './importFormat'
import {
  decompressToTemp,
  openImportInput,
  type Compression,
  type ImportInput,
} from './importInput'
import { OTLP_SHAPE, OtlpImport, parseValue, type RecordBatch } from './importOtlp'
import { readOtlpOffThread, type ReaderResult } from './otlpImportThread'
import type { Shape } from './jsonStreamSplitter'
import { splitInto } from './splitInput'
import { DOCUMENT_KEYS, KIND_OF_KEY, RECORD_ORDER, recordFromObject } from './records'
import { RECORD_KINDS } from '../../shared/domain'
import { recordPages, scopeOf } from './selection'
import { StoreWriter, type ImportRejection } from './storeWriter'

export type { ImportRejection } from './storeWriter'

export interface ImportProgress {
  file: string
  format: ImportFormat
  records: number
  /** OTLP spans mapped so far */
  spans: number
  refused: number
  /** bytes of the file read so far (compressed bytes for gzip; 0 for .db) */
  bytesRead: number
  bytesTotal: number
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void
  signal?: AbortSignal
  /** opens a foreign .db read-only (src/main/sources/openSource); needed for .db imports */
  openSource?: (path: string) => TraceQueries
  /** OTLP read and mapped on a worker thread (true), inline (false); unset: offThreadByDefault */
  offThread?: boolean
}

/**
 * Below this size an OTLP file is mapped inline: a thread's start (tens of ms built, more under
 * tsx) costs more than the overlap saves on a file read in well under a second.
 */
const OFF_THREAD_FROM_BYTES = 4 * 1024 * 1024

/**
 * A reading thread pays off only on a core nobody else uses: it takes 1.2-1.4 s of 155,000
 * spans' 4-4.5 s of CPU off the writer's thread but costs 2.3-2.7 s itself (handing records
 * over as JSON, its own heap), so on a machine already busy on every core (load 13-16 on 2
 * cores) the same import ran 10-15 % slower with it than inline.
 */
export function offThreadByDefault(bytes: number): boolean {
  return bytes >= OFF_THREAD_FROM_BYTES && os.loadavg()[0] < os.availableParallelism() - 0.5
}

export interface ImportResult {
  file: string
  format: ImportFormat
  compression: Compression
  accepted: number
  /** records, spans, log resources or values refused */
  rejected: number
  /** the first refusals in full: line, kind, field and reason */
  rejections: ImportRejection[]
  counts: Partial<Record<RecordKind, number>>
  /** OTLP spans imported (0 for other formats) */
  spans: number
  ms: number
}

export async function importFile(
  store: TraceStore,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  try {
    return await importInto(store, file, opts)
  } catch (e) {
    // every message names the file, whichever layer raised it
    const err = e as Error
    if (
      err?.name !== 'AbortError' &&
      typeof err?.message === 'string' &&
      !err.message.includes(file)
    )
      err.message = `${file}: ${err.message}`
    throw err
  }
}

async function importInto(
  store: TraceStore,
  file: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  const started = Date.now()
  if (sameFile(file, store.path)) throw new Error(`${file} is the store being imported into`)
  const input = openImportInput(file)
  let format = await detectImportFormat(input)
  const writer = new StoreWriter(store, opts.signal)
  const progress: ImportProgress = {
    file,
    format,
    records: 0,
    spans: 0,
    refused: 0,
    bytesRead: 0,
    bytesTotal: input.bytesTotal,
  }
  const tick = (records: number, bytesRead = input.bytesRead()): void => {
    progress.records += records
    progress.bytesRead = bytesRead
    progress.refused = writer.tally.rejected
    opts.onProgress?.({ ...progress })
  }
  let spans = 0
  const read = async (): Promise<void> => {
    if (format === 'sqlite') await importDb(input, writer, tick, opts)
    else if (format === 'otlp-json') {
      const otlp = await importOtlp(input, writer, opts, (b, bytesRead) => {
        progress.spans += b.spans
        tick(b.records, bytesRead)
      })
      if (otlp.documents > 1) format = 'otlp-jsonl'
      spans = otlp.spans
    } else {
      const ndjson = format === 'tracescope-ndjson'
      const doc = new TracescopeDocument(ndjson, (r) => writer.refuse(r))
      const drain = async (): Promise<void> => {
        const records = doc.ready.splice(0)
        for (const r of records) await writer.add(r.record, r.line)
        if (records.length) tick(records.length)
      }
      // ndjson by lines, so a broken line is named as such rather than running into the next
      if (ndjson) await linesInto(input, (line, n) => doc.value('record', line, n), drain)
      else await splitInto(input, doc.shape, doc, drain)
    }
  }
  try {
    await read()
  } catch (e) {
    // a broken structure stops the import: what came before it is still committed
    if ((e as Error)?.name !== 'AbortError') await writer.finish().catch(() => undefined)
    throw e
  }
  const tally = await writer.finish()
  return {
    file,
    format,
    compression: input.compression,
    accepted: tally.accepted,
    rejected: tally.rejected,
    rejections: tally.rejections,
    counts: tally.counts,
    spans,
    ms: Date.now() - started,
  }
}

/** OTLP JSON or JSON Lines: read and mapped on a worker thread when the file is large. */
async function importOtlp(
  input: ImportInput,
  writer: StoreWriter,
  opts: ImportOptions,
  onBatch: (b: { records: number; spans: number }, bytesRead: number) => void,
): Promise<ReaderResult> {
  const write = async (batches: RecordBatch[], bytesRead: number): Promise<void> => {
    for (const b of batches) {
      await writer.add(b.records, b.lineOf)
      onBatch({ records: b.records.length, spans: b.spans }, bytesRead)
    }
  }
  if (opts.offThread ?? offThreadByDefault(input.bytesTotal)) {
    const read = await readOtlpOffThread(
      input.file,
      writer.validationLimits,
      async (out, bytesRead) => {
        for (const r of out.refusals) writer.refuse(r)
        for (const b of out.batches) {
          await writer.addPrepared(b.items, b.lineOf)
          onBatch({ records: b.items.length, spans: b.spans }, bytesRead)
        }
      },
    )
    if (read) return read
  }
  const otlp = new OtlpImport((r) => writer.refuse(r))
  const documents = await splitInto(input, OTLP_SHAPE, otlp, () =>
    write(otlp.ready.splice(0), input.bytesRead()),
  )
  return { documents, spans: otlp.spans }
}

/** Non-blank lines of any length, with their 1-based numbers. */
async function linesInto(
  input: ImportInput,
  onLine: (text: string, lineNo: number) => void,
  drain: () => Promise<void>,
): Promise<void> {
  let pieces: Buffer[] = []
  let lineNo = 0
  const emit = (buf: Buffer): void => {
    lineNo++
    let end = buf.length
    if (end > 0 && buf[end - 1] === 0x0d) end--
    let start = lineNo === 1 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0
    while (start < end && (buf[start] === 0x20 || buf[start] === 0x09)) start++
    if (start < end) onLine(buf.toString('utf8', start, end), lineNo)
  }
  for await (const chunk of input.chunks()) {
    let from = 0
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      if (pieces.length) {
        pieces.push(chunk.subarray(from, nl))
        emit(Buffer.concat(pieces))
        pieces = []
      } else emit(chunk.subarray(from, nl))
      from = nl + 1
    }
    if (from < chunk.length) pieces.push(Buffer.from(chunk.subarray(from)))
    await drain()
  }
  if (pieces.length) emit(Buffer.concat(pieces))
  await drain()
}

/** Tracescope's own formats: the json document's arrays, or ndjson records one a line. */
class TracescopeDocument {
  readonly ready: Array<{ record: TraceRecord; line: number }> = []
  readonly shape: Shape
  private readonly index: Record<string, number> = {}

  constructor(
    private readonly lines: boolean,
    private readonly refuse: (r: ImportRejection) => void,
  ) {
    const object: Record<string, Shape> = { format: { leaf: 'format' } }
    for (const [key] of DOCUMENT_KEYS) object[key] = { array: { leaf: key } }
    this.shape = lines ? { leaf: 'record' } : { object }
  }

  value(name: string, json: string, line: number): void {
    const obj = parseValue(json, line)
    if (name === 'format') {
      if (obj !== 'tracescope/v1')
        throw new Error(
          `format ${JSON.stringify(obj)} is not one this Tracescope reads (tracescope/v1)`,
        )
      return
    }
    let kind: RecordKind
    let where: string
    if (this.lines) {
      const k = (obj as { kind?: unknown } | null)?.kind
      where = `line ${line}`
      if (typeof k !== 'string' || !RECORD_KINDS.has(k)) {
        this.refuse({
          line,
          kind: 'record',
          id: null,
          field: 'kind',
          reason: `unknown record kind ${JSON.stringify(k)}`,
        })
        return
      }
      kind = k as RecordKind
    } else {
      const i = (this.index[name] = (this.index[name] ?? -1) + 1)
      kind = KIND_OF_KEY[name]
      where = `${name}[${i}]`
    }
    try {
      this.ready.push({ record: recordFromObject(kind, obj, where), line })
    } catch (e) {
      this.refuse({ line, kind, id: null, field: where, reason: (e as Error).message })
    }
  }
}

async function importDb(
  input: ImportInput,
  writer: StoreWriter,
  tick: (records: number) => void,
  opts: ImportOptions,
): Promise<void> {
  if (!opts.openSource) throw new Error('importing a .db needs a source reader')
  const plain = input.compression ? await decompressToTemp(input) : null
  try {
    const q = opts.openSource(plain?.file ?? input.file)
    try {
      const scope = scopeOf(q, {})
      for (const kind of RECORD_ORDER)
        for (const page of recordPages(q, {}, scope, kind)) {
          await writer.add(page, 0)
          tick(page.length)
        }
    } finally {
      q.close()
    }
  } finally {
    plain?.cleanup()
  }
}
