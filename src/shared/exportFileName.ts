// The file an export is saved as, named after what it holds: `run-42-errors.json` for the
// errors of one session, `traces-2026-01-31-12-00-00.ndjson` for a whole file. One home, so the
// dialog shows the name main will use.
import type { ExportFilter, ExportFormat } from './contract/schemas'

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  json: '.json',
  ndjson: '.ndjson',
  otlp: '.otlp.json',
  chrome: '.trace.json',
}

/** Letters, digits, `.`, `_` and `-` only; runs of anything else become one `_`. */
function safe(text: string, max = 40): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+|_+$/g, '')
    .slice(0, max)
}

export function exportFileName(
  sourceName: string,
  filter: ExportFilter,
  format: ExportFormat,
  now = new Date(),
): string {
  const parts: string[] = []
  const sessions = filter.sessionIds ?? []
  if (sessions.length === 1) parts.push(safe(sessions[0], 60) || 'session')
  else {
    parts.push(safe(sourceName.replace(/\.(db|sqlite3?)$/i, '')) || 'traces')
    if (sessions.length > 1) parts.push(`${sessions.length}-sessions`)
  }
  if (filter.status === 'error') parts.push('errors')
  else if (filter.status === 'ok') parts.push('ok')
  else if (filter.status === 'unset') parts.push('unset')
  if (filter.agentIds?.length)
    parts.push(
      filter.agentIds.length === 1 ? safe(filter.agentIds[0]) : `${filter.agentIds.length}-agents`,
    )
  if (filter.name) parts.push(safe(filter.name))
  if (filter.text) parts.push(`text-${safe(filter.text, 24)}`)
  if (filter.where) parts.push(`where-${safe(filter.where, 32)}`)
  if (filter.since !== undefined || filter.until !== undefined) parts.push('window')
  // a whole file, unfiltered, is a snapshot: its time tells two exports apart
  if (parts.length === 1 && sessions.length === 0)
    parts.push(now.toISOString().slice(0, 19).replace(/[:T]/g, '-'))
  return `${parts.filter(Boolean).join('-')}${EXPORT_EXTENSIONS[format]}`
}
