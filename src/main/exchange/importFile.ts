// Imports a file into a native store: Tracescope json/ndjson, OTLP JSON / JSON Lines (through
// the one OTLP mapping in src/main/otlp), or any supported .db (through a source adapter).
// Everything streams: one line, array element or page at a time, with the store's back-pressure.

import fs from 'node:fs'
import { sameFile } from './sameFile'
import type { RecordKind, TraceRecord } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import { otlpLogsToRecords, otlpTracesToRecords } from '../otlp'
import type { RejectedRecord, TraceStore } from '../store/storeApi'
import { detectImportFormat, type ImportFormat } from './importFormat'
import { JsonStreamSplitter } from './jsonStreamSplitter'
import { KIND_OF_KEY, recordFromLine, recordFromObject } from './records'
import { RECORD_ORDER } from './exportTraces'
import { recordPages, scopeOf } from './selection'
import { StoreWriter } from './storeWriter'

export interface ImportProgress {
  file: string
  format: ImportFormat
  records: number
  /** bytes of the file read so far (text formats) */
  bytesRead: number
  bytesTotal: number
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void
  signal?: AbortSignal
  /** opens a foreign .db read-only (src/main/sources/openSource); needed for .db imports */
  openSource?: (path: string) => TraceQueries
}

export interface ImportResult {
  file: string
  format: ImportFormat
  accepted: number
  rejected: number
  /** the first rejections in full: record index, kind, field and reason */
  rejections: RejectedRecord[]
  counts: Partial<Record<RecordKind, number>>
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
  const format = detectImportFormat(file)
  const writer = new StoreWriter(store, opts.signal)
  const bytesTotal = fs.statSync(file).size
  const progress: ImportProgress = { file, format, records: 0, bytesRead: 0, bytesTotal }
  const tick = (records: number, bytesRead: number): void => {
    progress.records += records
    progress.bytesRead = bytesRead
    opts.onProgress?.({ ...progress })
  }
  const sessions = new SessionMerger()
  const otlpRejections = { count: 0, list: [] as RejectedRecord[] }
  const fromOtlp = (request: unknown, where: string): TraceRecord[] => {
    const logs = !!request && typeof request === 'object' && 'resourceLogs' in request
    const res = logs ? otlpLogsToRecords(request) : otlpTracesToRecords(request)
    for (const r of res.rejected) {
      otlpRejections.count++
      if (otlpRejections.list.length < 50)
        otlpRejections.list.push({
          index: r.index,
          kind: logs ? 'event' : 'span',
          id: null,
          field: where,
          reason: r.reason,
        })
    }
    return sessions.merge(res.records)
  }

  switch (format) {
    case 'sqlite': {
      if (!opts.openSource) throw new Error(`${file}: importing a .db needs a source reader`)
      const q = opts.openSource(file)
      try {
        const scope = scopeOf(q, {})
        for (const kind of RECORD_ORDER)
          for (const page of recordPages(q, {}, scope, kind)) {
            await writer.add(page)
            tick(page.length, 0)
          }
      } finally {
        q.close()
      }
      break
    }
    case 'tracescope-ndjson':
    case 'otlp-jsonl': {
      const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })
      let lineNo = 0
      for await (const line of linesOf(stream)) {
        lineNo++
        if (line.trim() === '') continue
        let records: TraceRecord[]
        if (format === 'tracescope-ndjson') records = [recordFromLine(line, lineNo)]
        else {
          let request: unknown
          try {
            request = JSON.parse(line)
          } catch (e) {
            throw new Error(`${file}: line ${lineNo}: not JSON (${(e as Error).message})`)
          }
          records = fromOtlp(request, `line ${lineNo}`)
        }
        await writer.add(records)
        tick(records.length, stream.bytesRead)
      }
      break
    }
    case 'tracescope-json':
    case 'otlp-json': {
      const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })
      let pending: TraceRecord[] = []
      const index: Record<string, number> = {}
      let formatSeen: unknown = undefined
      const splitter = new JsonStreamSplitter({
        item(key, json) {
          const i = (index[key] = (index[key] ?? -1) + 1)
          if (format === 'otlp-json') {
            if (key !== 'resourceSpans' && key !== 'resourceLogs') return
            pending.push(...fromOtlp({ [key]: [JSON.parse(json)] }, `${key}[${i}]`))
            return
          }
          const kind = KIND_OF_KEY[key]
          if (!kind) return // unknown arrays of a newer export are skipped, not fatal
          pending.push(recordFromObject(kind, JSON.parse(json), `${key}[${i}]`))
        },
        value(key, json) {
          if (key === 'format') formatSeen = JSON.parse(json)
        },
      })
      for await (const chunk of stream) {
        splitter.push(chunk as string)
        if (pending.length) {
          const batch = pending
          pending = []
          await writer.add(batch)
          tick(batch.length, stream.bytesRead)
        }
      }
      try {
        splitter.end()
      } catch (e) {
        throw new Error(`${file}: ${(e as Error).message}`)
      }
      if (
        format === 'tracescope-json' &&
        formatSeen !== undefined &&
        formatSeen !== 'tracescope/v1'
      )
        throw new Error(
          `${file}: format ${JSON.stringify(formatSeen)} is not one this Tracescope reads (tracescope/v1)`,
        )
      break
    }
  }
  const tally = await writer.finish()
  return {
    file,
    format,
    accepted: tally.accepted,
    rejected: tally.rejected + otlpRejections.count,
    rejections: [...otlpRejections.list, ...tally.rejections].slice(0, 50),
    counts: tally.counts,
    ms: Date.now() - started,
  }
}

/**
 * The OTLP mapping emits a session record per request; an import feeds it one block at a time,
 * so later blocks of a session must not overwrite its start time or name with their own.
 */
class SessionMerger {
  private seen = new Map<string, { startTime: number | null; name: string | null }>()

  merge(records: TraceRecord[]): TraceRecord[] {
    for (let i = 0; i < records.length; i++) {
      const r = records[i]
      if (r.kind !== 'session') continue
      const known = this.seen.get(r.id)
      const start = r.startTime ?? null
      if (!known) {
        this.seen.set(r.id, { startTime: start, name: r.name ?? null })
        continue
      }
      if (start !== null && (known.startTime === null || start < known.startTime))
        known.startTime = start
      known.name ??= r.name ?? null
      records[i] = { ...r, startTime: known.startTime, name: known.name }
    }
    return records
  }
}

/** Lines of a text stream, pulling the next chunk only when the consumer asks (back-pressure). */
async function* linesOf(stream: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  let rest = ''
  for await (const chunk of stream) {
    const text = rest + (chunk as string)
    let start = 0
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
      yield text.slice(start, end)
      start = nl + 1
    }
    rest = text.slice(start)
  }
  if (rest !== '') yield rest
}
