// The export entry point: a source, a filter, a format and a stream. Every format pages through
// the source and writes with back-pressure, so memory stays flat whatever the size.

import type { RecordKind, TraceRecord } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import type { TraceFilter } from './filters'
import { describeFilter } from './filters'
import { writeChrome } from './exportChrome'
import { writeOtlp } from './exportOtlp'
import type {
  ExportCounter,
  ExportFormat,
  ExportOptions,
  ExportProgress,
  ExportResult,
} from './exportTypes'
import { EXPORT_FORMATS } from './exportTypes'
import { DOCUMENT_KEYS, RECORD_ORDER } from './records'
import { recordPages, scopeOf } from './selection'
import { TextSink } from './textSink'

export * from './exportTypes'

export { RECORD_ORDER }

export const JSON_FORMAT_ID = 'tracescope/v1'

export function parseFormat(value: string): ExportFormat {
  const f = value.trim().toLowerCase()
  if ((EXPORT_FORMATS as readonly string[]).includes(f)) return f as ExportFormat
  throw new Error(
    `unknown export format ${JSON.stringify(value)}: expected ${EXPORT_FORMATS.join(', ')}`,
  )
}

export async function exportTraces(
  queries: TraceQueries,
  filter: TraceFilter,
  format: ExportFormat,
  out: NodeJS.WritableStream,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const started = Date.now()
  const sink = new TextSink(out, opts.signal)
  const counts: Partial<Record<RecordKind, number>> = {}
  const progress: ExportProgress = {
    format,
    phase: 'session',
    records: 0,
    spans: 0,
    sessions: 0,
    bytes: 0,
  }
  const report = (): void => {
    if (!opts.onProgress) return
    progress.bytes = sink.bytes
    opts.onProgress({ ...progress })
  }
  const counter: ExportCounter = {
    phase(kind) {
      progress.phase = kind
      report()
    },
    records(kind, n) {
      counts[kind] = (counts[kind] ?? 0) + n
      progress.records += n
      if (kind === 'span') progress.spans += n
      if (kind === 'session') progress.sessions += n
      report()
    },
  }
  switch (format) {
    case 'ndjson':
      await writeNdjson(queries, filter, sink, counter)
      break
    case 'json':
      await writeJsonDocument(queries, filter, sink, counter)
      break
    case 'otlp':
      await writeOtlp(queries, filter, sink, counter)
      break
    case 'chrome':
      await writeChrome(queries, filter, sink, counter)
      break
  }
  await sink.flush()
  progress.phase = 'done'
  report()
  return {
    format,
    records: progress.records,
    sessions: progress.sessions,
    spans: progress.spans,
    bytes: sink.bytes,
    counts,
    ms: Date.now() - started,
  }
}

async function writeNdjson(
  q: TraceQueries,
  f: TraceFilter,
  sink: TextSink,
  count: ExportCounter,
): Promise<void> {
  const scope = scopeOf(q, f)
  for (const kind of RECORD_ORDER) {
    count.phase(kind)
    for (const page of recordPages(q, f, scope, kind)) {
      let text = ''
      for (const r of page) text += JSON.stringify(r) + '\n'
      await sink.write(text)
      count.records(kind, page.length)
    }
  }
}

/** A record as an item of the json document's array: untagged; a span's `kind` is its own kind. */
export function documentItem(r: TraceRecord): Record<string, unknown> {
  const { kind: _tag, ...rest } = r as TraceRecord & { spanKind?: string }
  if (r.kind !== 'span') return rest
  const { spanKind, ...span } = rest as Record<string, unknown> & { spanKind?: string }
  return spanKind === undefined ? span : { ...span, kind: spanKind }
}

async function writeJsonDocument(
  q: TraceQueries,
  f: TraceFilter,
  sink: TextSink,
  count: ExportCounter,
): Promise<void> {
  const scope = scopeOf(q, f)
  const header = {
    format: JSON_FORMAT_ID,
    exportedAt: new Date().toISOString(),
    filter: describeFilter(f),
  }
  await sink.write(JSON.stringify(header).slice(0, -1))
  for (const [key, kind] of DOCUMENT_KEYS) {
    count.phase(kind)
    await sink.write(`,\n${JSON.stringify(key)}:[`)
    let first = true
    for (const page of recordPages(q, f, scope, kind)) {
      let text = ''
      for (const r of page) {
        text += (first ? '\n' : ',\n') + JSON.stringify(documentItem(r))
        first = false
      }
      await sink.write(text)
      count.records(kind, page.length)
    }
    await sink.write(']')
  }
  await sink.write('\n}\n')
}
