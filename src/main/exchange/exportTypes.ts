// Shapes shared by the export entry point and each format's writer.

import type { RecordKind } from '../../shared/domain'

export type ExportFormat = 'json' | 'ndjson' | 'otlp' | 'chrome'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'ndjson', 'otlp', 'chrome']

export interface ExportProgress {
  format: ExportFormat
  /** the kind being written now */
  phase: RecordKind | 'done'
  records: number
  spans: number
  sessions: number
  bytes: number
}

export interface ExportOptions {
  onProgress?: (p: ExportProgress) => void
  signal?: AbortSignal
}

export interface ExportResult {
  format: ExportFormat
  records: number
  sessions: number
  spans: number
  bytes: number
  counts: Partial<Record<RecordKind, number>>
  ms: number
}

/** What a format writer reports as it goes; the entry point turns it into progress callbacks. */
export interface ExportCounter {
  phase(kind: RecordKind): void
  records(kind: RecordKind, n: number): void
}
