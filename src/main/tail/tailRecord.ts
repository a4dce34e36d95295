// What `tail` prints: one record of any kind, with the time, session, agent and short text a
// terminal line needs, and the record itself for --json.
import type {
  AgentMessage,
  MetricSample,
  Span,
  Task,
  TraceError,
  TraceEvent,
} from '../../shared/domain'

export const TAIL_KINDS = ['span', 'event', 'error', 'message', 'task', 'metric'] as const
export type TailKind = (typeof TAIL_KINDS)[number]

export type TailRecord =
  | TailOf<'span', Span>
  | TailOf<'event', TraceEvent>
  | TailOf<'error', TraceError>
  | TailOf<'message', AgentMessage>
  | TailOf<'task', Task>
  | TailOf<'metric', MetricSample>

interface TailOf<K extends TailKind, T> {
  kind: K
  record: T
  /** when it happened (a span's or task's start), ms */
  time: number
  sessionId: string | null
  agentId: string | null
  /** the record's own text: a log line's message, an error's message, a span's name */
  text: string
  /** true when the record was shown before and changed (a span ended, an error was resolved) */
  updated: boolean
}

export function isTailKind(s: string): s is TailKind {
  return (TAIL_KINDS as readonly string[]).includes(s)
}

/** a message payload as one short line: its text when it has one, else compact JSON */
function payloadText(p: unknown): string {
  if (typeof p === 'string') return p
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>
    for (const k of ['text', 'content', 'message', 'body'])
      if (typeof o[k] === 'string') return o[k] as string
  }
  return p === undefined || p === null ? '' : JSON.stringify(p)
}

export function spanRecord(s: Span, updated = false): TailRecord {
  return {
    kind: 'span',
    record: s,
    time: s.startTime,
    sessionId: s.sessionId,
    agentId: s.agentId,
    text: s.name,
    updated,
  }
}

export function eventRecord(e: TraceEvent, updated = false): TailRecord {
  return {
    kind: 'event',
    record: e,
    time: e.time,
    sessionId: e.sessionId,
    agentId: e.agentId,
    text: e.message ?? e.name,
    updated,
  }
}

export function errorRecord(e: TraceError, updated = false): TailRecord {
  return {
    kind: 'error',
    record: e,
    time: e.time,
    sessionId: e.sessionId,
    agentId: e.agentId,
    text: e.message,
    updated,
  }
}

export function messageRecord(m: AgentMessage, updated = false): TailRecord {
  return {
    kind: 'message',
    record: m,
    time: m.time,
    sessionId: m.sessionId,
    agentId: m.senderAgentId,
    text: payloadText(m.payload),
    updated,
  }
}

export function taskRecord(t: Task, updated = false): TailRecord {
  return {
    kind: 'task',
    record: t,
    time: t.startTime ?? t.endTime ?? 0,
    sessionId: t.sessionId,
    agentId: t.agentId,
    text: t.name ?? t.id,
    updated,
  }
}

export function metricRecord(m: MetricSample): TailRecord {
  return {
    kind: 'metric',
    record: m,
    time: m.time,
    sessionId: m.sessionId,
    agentId: m.agentId,
    text: `${m.name} = ${m.value}`,
    updated: false,
  }
}

/**
 * The --json line: `kind` and `text` first, then the record's own fields. A span's own kind
 * (OTLP's 'client', 'internal', …) moves to `spanKind`, as in an NDJSON export's records.
 */
export function tailJson(r: TailRecord): Record<string, unknown> {
  const own = { ...(r.record as unknown as Record<string, unknown>) }
  if (r.kind === 'span') {
    own.spanKind = own.kind
    delete own.kind
  }
  return { kind: r.kind, text: r.text, ...(r.updated ? { updated: true } : {}), ...own }
}

/** The terminal line: time, kind, session, agent, short text, and a status mark. */
export function tailLine(r: TailRecord): string {
  const t = new Date(r.time).toISOString().slice(11, 23)
  const agent = r.agentId ? ` [${r.agentId}]` : ''
  const text = r.text.replace(/\s+/g, ' ').slice(0, 160)
  return `${t} ${r.kind.padEnd(7)} ${(r.sessionId ?? '-').slice(0, 12).padEnd(12)}${agent} ${text}${detail(r)}`
}

function detail(r: TailRecord): string {
  switch (r.kind) {
    case 'span': {
      const s = r.record
      const dur = s.durationMs ?? (s.endTime !== null ? s.endTime - s.startTime : null)
      return `${dur !== null ? ` ${dur.toFixed(1)}ms` : ' …'}${s.status === 'error' ? ' ✗' : ''}`
    }
    case 'event':
      return r.record.level ? ` (${r.record.level})` : ''
    case 'error':
      return `${r.record.resolved ? ' (resolved)' : ''} ✗ ${r.record.type}`
    case 'message':
      return r.record.receiverAgentId ? ` → ${r.record.receiverAgentId}` : ''
    case 'task':
      return r.record.status ? ` (${r.record.status})` : ''
    default:
      return ''
  }
}
