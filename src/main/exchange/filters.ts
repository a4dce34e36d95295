// The one filter model shared by the CLI, the exporters and the app: which sessions, which time
// range, which agents, which span status/name, which text. Parsing is pure (the clock is passed
// in) and every error names the value that was wrong.

import type { Millis, Session, Span, SpanStatus } from '../../shared/domain'
import type { SpanQuery } from '../../shared/queries'
import { evaluateFilter, parseFilter as parseExpression } from '../../shared/filter'
import { parseDuration, STATUS_HELP, statusOf, textMatches } from '../../shared/filter/filterValues'

export { parseDuration, textMatches }

export interface TraceFilter {
  /** only these session ids (empty/absent: every session) */
  sessions?: string[]
  /** epoch ms, inclusive */
  since?: Millis
  /** epoch ms, inclusive */
  until?: Millis
  agents?: string[]
  status?: SpanStatus
  /** exact span name */
  spanName?: string
  /** case-insensitive text over span names, messages and attributes */
  text?: string
  /** a filter expression (src/shared/filter, docs/filter.md) the spans must match, as typed */
  where?: string
}

/** What a user types (CLI flags, query-string values, form fields), before parsing. */
export interface RawFilter {
  sessions?: string | string[]
  since?: string | number
  until?: string | number
  agents?: string | string[]
  status?: string
  spanName?: string
  text?: string
  where?: string
}

export class FilterError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`invalid ${field} ${JSON.stringify(value)}: ${reason}`)
    this.name = 'FilterError'
  }
}

/**
 * A point in time: epoch ms (digits), ISO 8601 text, `now`, or a relative duration meaning
 * "that long ago" (`15m`, `24h`, `7d`, also written `-15m` or `15m ago`).
 */
export function parseTimeSpec(value: string | number, now: Millis, field = 'time'): Millis {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new FilterError(field, value, 'not a valid epoch-ms time')
    return value
  }
  const text = value.trim()
  if (text === '') throw new FilterError(field, value, 'empty time')
  if (text.toLowerCase() === 'now') return now
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text)
    // 10-digit values are almost certainly epoch seconds; ms is what we document and accept.
    if (text.length <= 10 && !text.includes('.'))
      throw new FilterError(
        field,
        value,
        'looks like epoch seconds; give epoch milliseconds (13 digits), ISO time or e.g. 15m',
      )
    return n
  }
  const rel = /^-?\s*(.+?)(\s+ago)?$/i.exec(text)
  const dur = rel ? parseDuration(rel[1]) : null
  if (dur !== null) return now - dur
  // ISO 8601 date or date-time; Date.parse alone also accepts things like "1", so insist on a date shape.
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) {
    const t = Date.parse(text)
    if (Number.isFinite(t)) return t
  }
  throw new FilterError(
    field,
    value,
    'expected ISO time (2025-01-31T12:00:00Z), epoch ms, or a relative time like 15m, 24h, 7d',
  )
}

export function parseStatus(value: string): SpanStatus {
  const s = statusOf(value)
  if (!s) throw new FilterError('status', value, `expected ${STATUS_HELP}`)
  return s
}

/** `a,b` and repeated flags both give a list; blanks are dropped. */
function parseList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const parts = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')
  return parts.length ? parts : undefined
}

export function parseFilter(raw: RawFilter, now: Millis = Date.now()): TraceFilter {
  const filter: TraceFilter = {}
  const sessions = parseList(raw.sessions)
  if (sessions) filter.sessions = sessions
  const agents = parseList(raw.agents)
  if (agents) filter.agents = agents
  if (raw.since !== undefined && raw.since !== '')
    filter.since = parseTimeSpec(raw.since, now, 'since')
  if (raw.until !== undefined && raw.until !== '')
    filter.until = parseTimeSpec(raw.until, now, 'until')
  if (filter.since !== undefined && filter.until !== undefined && filter.since > filter.until)
    throw new FilterError(
      'until',
      raw.until,
      `is before since (${new Date(filter.since).toISOString()})`,
    )
  if (raw.status !== undefined && raw.status !== '') filter.status = parseStatus(raw.status)
  if (raw.spanName !== undefined && raw.spanName !== '') filter.spanName = raw.spanName
  if (raw.text !== undefined && raw.text.trim() !== '') filter.text = raw.text.trim()
  if (raw.where !== undefined && raw.where.trim() !== '') {
    const parsed = parseExpression(raw.where)
    if (!parsed.ok) throw new FilterError('where', raw.where, parsed.error.message)
    if (parsed.ast !== null) filter.where = raw.where.trim()
  }
  return filter
}

/** true when the filter narrows spans beyond their session and time (agents, status, name, text). */
export function hasSpanCriteria(f: TraceFilter): boolean {
  return !!(f.agents?.length || f.status || f.spanName || f.text || f.where)
}

/** The SpanQuery a source answers for this filter (within one session when given). */
export function spanQueryFor(f: TraceFilter, sessionId?: string): SpanQuery {
  const q: SpanQuery = { order: 'asc' }
  if (sessionId !== undefined) q.sessionId = sessionId
  if (f.since !== undefined) q.since = f.since
  if (f.until !== undefined) q.until = f.until
  if (f.agents?.length) q.agentIds = f.agents
  if (f.status) q.status = f.status
  if (f.spanName) q.name = f.spanName
  if (f.text) q.text = f.text
  if (f.where) q.where = f.where
  return q
}

/** Session-level match: id list and overlap of the session's lifetime with the time range. */
export function sessionMatches(
  s: Pick<Session, 'id' | 'startTime' | 'endTime' | 'lastActivity'>,
  f: TraceFilter,
): boolean {
  if (f.sessions?.length && !f.sessions.includes(s.id)) return false
  const start = s.startTime ?? s.lastActivity
  const end = s.endTime ?? s.lastActivity ?? start
  if (f.until !== undefined && start !== null && start > f.until) return false
  if (f.since !== undefined && end !== null && end < f.since) return false
  return true
}

/** In-memory span match, the same rules a source applies to spanQueryFor (for live views). */
export function spanMatches(s: Span, f: TraceFilter): boolean {
  if (f.sessions?.length && !f.sessions.includes(s.sessionId)) return false
  if (f.since !== undefined && s.startTime < f.since) return false
  if (f.until !== undefined && s.startTime > f.until) return false
  if (f.agents?.length && (s.agentId === null || !f.agents.includes(s.agentId))) return false
  if (f.status && s.status !== f.status) return false
  if (f.spanName && s.name !== f.spanName) return false
  if (f.text && !textMatches(f.text, s.name, s.statusMessage, s.attributes)) return false
  if (f.where) {
    const parsed = parseExpression(f.where)
    if (parsed.ok && !evaluateFilter(parsed.ast, s)) return false
  }
  return true
}

/** A time-stamped record (event, error, message, metric) within the range and agents. */
export function pointMatches(
  time: Millis,
  agentIds: Array<string | null>,
  f: TraceFilter,
): boolean {
  if (f.since !== undefined && time < f.since) return false
  if (f.until !== undefined && time > f.until) return false
  if (f.agents?.length && !agentIds.some((a) => a !== null && f.agents!.includes(a))) return false
  return true
}

/** One line describing the filter, for progress and `--json` summaries. */
export function describeFilter(f: TraceFilter): string {
  const parts: string[] = []
  if (f.sessions?.length) parts.push(`sessions=${f.sessions.join(',')}`)
  if (f.since !== undefined) parts.push(`since=${new Date(f.since).toISOString()}`)
  if (f.until !== undefined) parts.push(`until=${new Date(f.until).toISOString()}`)
  if (f.agents?.length) parts.push(`agents=${f.agents.join(',')}`)
  if (f.status) parts.push(`status=${f.status}`)
  if (f.spanName) parts.push(`name=${f.spanName}`)
  if (f.text) parts.push(`text=${JSON.stringify(f.text)}`)
  if (f.where) parts.push(`where=${JSON.stringify(f.where)}`)
  return parts.length ? parts.join(' ') : 'everything'
}
