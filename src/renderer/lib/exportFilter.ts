// The export dialog's fields as the contract's filter, and its count as a sentence.
import type { ExportFilter } from '../../shared/contract/schemas'
import type { ExportCountResult } from '../../shared/contract/invoke'
import { parseFilter } from '../../shared/filter'

export interface ExportFields {
  /** the open session's id when exporting only it */
  sessionId: string | null
  /** the zoomed time window, when only it is exported */
  window: { start: number; end: number } | null
  status: '' | 'ok' | 'error'
  name: string
  text: string
  /** comma-separated agent ids */
  agents: string
  /** a filter expression (docs/filter.md); one that does not parse is left out (the dialog says why) */
  where: string
}

/** Why the where field is not a filter expression, or null when it is (or is empty). */
export function whereError(where: string): string | null {
  const parsed = parseFilter(where)
  return parsed.ok ? null : parsed.error.message
}

export function exportFilterOf(f: ExportFields): ExportFilter {
  const filter: ExportFilter = {}
  if (f.sessionId) filter.sessionIds = [f.sessionId]
  if (f.window) {
    filter.since = f.window.start
    filter.until = f.window.end
  }
  if (f.status) filter.status = f.status
  if (f.name.trim()) filter.name = f.name.trim()
  if (f.text.trim()) filter.text = f.text.trim()
  const ids = f.agents
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
  if (ids.length) filter.agentIds = ids
  if (f.where.trim() && whereError(f.where) === null) filter.where = f.where.trim()
  return filter
}

const KIND_WORD: Record<string, [string, string]> = {
  session: ['session', 'sessions'],
  span: ['span', 'spans'],
  event: ['event', 'events'],
  error: ['error', 'errors'],
  message: ['message', 'messages'],
  agent: ['agent', 'agents'],
  task: ['task', 'tasks'],
  metric: ['metric sample', 'metric samples'],
  memory: ['memory entry', 'memory entries'],
}

/** "1,234 records: 1 session, 1,200 spans, 33 errors" (or "more than …" when counting stopped). */
export function describeCount(c: ExportCountResult): string {
  const n = (x: number) => x.toLocaleString('en-US')
  const parts = Object.entries(c.counts)
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([k, v]) => {
      const w = KIND_WORD[k] ?? [k, k]
      return `${n(v!)} ${v === 1 ? w[0] : w[1]}`
    })
  const head =
    c.records === 0
      ? 'No records match'
      : `${c.capped ? 'More than ' : ''}${n(c.records)} record${c.records === 1 ? '' : 's'}`
  return parts.length ? `${head}: ${parts.join(', ')}` : head
}
