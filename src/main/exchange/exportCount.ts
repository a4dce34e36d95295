// How many records an export would write, before it is started: the same selection the
// exporters read (selection.ts), counted instead of written, within a time budget so a huge
// file answers "more than N" quickly instead of making the dialog wait.
import type { RecordKind } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import type { ExportFormat } from './exportTypes'
import type { TraceFilter } from './filters'
import { DOCUMENT_KEYS } from './records'
import { recordPages, scopeOf } from './selection'

export interface ExportCount {
  /** records the export would write (at least this many when `capped`) */
  records: number
  counts: Partial<Record<RecordKind, number>>
  /** the budget ran out before every kind was counted */
  capped: boolean
}

/** What each format writes: OTLP and Chrome traces hold sessions' spans (Chrome also errors). */
const FORMAT_KINDS: Record<ExportFormat, RecordKind[] | null> = {
  json: null,
  ndjson: null,
  otlp: ['session', 'span'],
  chrome: ['session', 'span', 'error'],
}

export function countExport(
  q: TraceQueries,
  f: TraceFilter,
  format: ExportFormat,
  budgetMs = 3000,
): ExportCount {
  const until = Date.now() + budgetMs
  const kinds = FORMAT_KINDS[format] ?? DOCUMENT_KEYS.map(([, kind]) => kind)
  const scope = scopeOf(q, f)
  const counts: Partial<Record<RecordKind, number>> = {}
  let records = 0
  for (const kind of kinds) {
    for (const page of recordPages(q, f, scope, kind)) {
      counts[kind] = (counts[kind] ?? 0) + page.length
      records += page.length
      if (Date.now() > until) return { records, counts, capped: true }
    }
  }
  return { records, counts, capped: false }
}
