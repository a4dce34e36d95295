// OTLP JSON (the `ExportTraceServiceRequest` JSON mapping) that OpenTelemetry tools accept:
// one resourceSpans entry per session (split every SPANS_PER_BLOCK spans so an importer never
// has to hold a whole session), hex ids, decimal-string nanosecond times, integer enums.

import type { Attributes, Session, Span, TraceError, TraceEvent } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import type { TraceFilter } from './filters'
import {
  ORIGINAL_PARENT_ID,
  ORIGINAL_SPAN_ID,
  ORIGINAL_TRACE_ID,
  otlpSpanId,
  otlpTraceId,
} from './otlpIds'
import { keyValues, msToNanos, type KeyValue } from './otlpValues'
import { allItems } from './paging'
import { selectedSessions, sessionSpanPages } from './selection'
import type { TextSink } from './textSink'
import type { ExportCounter } from './exportTypes'

const SPANS_PER_BLOCK = 1000
export const SCOPE = { name: 'tracescope', version: '1' }

const SPAN_KINDS: Record<string, number> = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
}
const STATUS_CODES = { unset: 0, ok: 1, error: 2 } as const

interface SessionContext {
  session: Session
  /** agent key → the `gen_ai.agent.id` it declared */
  agentIds: Map<string, string>
  eventsBySpan: Map<string, TraceEvent[]>
  errorsBySpan: Map<string, TraceError[]>
}

export async function writeOtlp(
  q: TraceQueries,
  f: TraceFilter,
  sink: TextSink,
  count: ExportCounter,
): Promise<void> {
  await sink.write('{"resourceSpans":[')
  let first = true
  for (const block of otlpResourceBlocks(q, f, count)) {
    await sink.write((first ? '\n' : ',\n') + block.json)
    first = false
  }
  await sink.write('\n]}\n')
}

/**
 * The export as `resourceSpans` entries (JSON text), one per session split every
 * SPANS_PER_BLOCK spans: the items of one document, or one OTLP request each (export --to).
 */
export function* otlpResourceBlocks(
  q: TraceQueries,
  f: TraceFilter,
  count: ExportCounter,
): Generator<{ json: string; spans: number }> {
  for (const session of selectedSessions(q, f)) {
    count.records('session', 1)
    const ctx = sessionContext(q, f, session)
    let block: string[] = []
    let blockHead = ''
    for (const page of sessionSpanPages(q, f, session.id)) {
      for (const span of page) {
        const { resource, scope, attributes } = splitContext(span.attributes)
        const head = blockOpen(session, resource, scope)
        if (head !== blockHead || block.length >= SPANS_PER_BLOCK) {
          if (block.length)
            yield { json: blockHead + block.join(',') + ']}]}', spans: block.length }
          block = []
          blockHead = head
        }
        block.push(JSON.stringify(otlpSpan({ ...span, attributes }, ctx)))
      }
      count.records('span', page.length)
    }
    if (block.length) yield { json: blockHead + block.join(',') + ']}]}', spans: block.length }
  }
}

/**
 * Spans imported from OTLP carry their resource and scope as `resource.*` / `otel.scope.*`
 * attributes (src/main/otlp): they go back where they came from, so OTLP → store → OTLP
 * reproduces the request's structure.
 */
export function splitContext(all: Attributes): {
  resource: Attributes
  scope: { name: string; version?: string }
  attributes: Attributes
} {
  const resource: Attributes = {}
  const attributes: Attributes = {}
  let scopeName: string | null = null
  let scopeVersion: string | null = null
  for (const [k, v] of Object.entries(all)) {
    if (k.startsWith('resource.')) resource[k.slice(9)] = v
    else if (k === 'otel.scope.name') scopeName = String(v)
    else if (k === 'otel.scope.version') scopeVersion = String(v)
    else attributes[k] = v
  }
  const scope =
    scopeName !== null
      ? { name: scopeName, ...(scopeVersion !== null ? { version: scopeVersion } : {}) }
      : SCOPE
  return { resource, scope, attributes }
}

function blockOpen(
  s: Session,
  resource: Attributes,
  scope: { name: string; version?: string },
): string {
  const attrs: KeyValue[] = keyValues({
    'session.id': s.id,
    'gen_ai.conversation.id': s.id,
    ...(s.name ? { 'session.name': s.name } : {}),
    ...resource,
  })
  return `{"resource":{"attributes":${JSON.stringify(attrs)}},"scopeSpans":[{"scope":${JSON.stringify(scope)},"spans":[`
}

function sessionContext(q: TraceQueries, f: TraceFilter, session: Session): SessionContext {
  const agentIds = new Map<string, string>()
  for (const a of allItems((cursor, limit) =>
    q.listAgents({ sessionId: session.id, cursor, limit }),
  )) {
    const declared = a.attributes?.['gen_ai.agent.id']
    if (typeof declared === 'string') agentIds.set(a.id, declared)
  }
  // Span events and span-linked errors of the session, grouped by span: bounded by one session's
  // events (spans themselves stream), which is what OTLP's nesting of events inside spans costs.
  const eventsBySpan = new Map<string, TraceEvent[]>()
  const range = { since: f.since, until: f.until }
  for (const e of allItems((cursor, limit) =>
    q.listEvents({ sessionId: session.id, ...range, cursor, limit }),
  )) {
    if (e.spanId === null) continue
    const list = eventsBySpan.get(e.spanId)
    if (list) list.push(e)
    else eventsBySpan.set(e.spanId, [e])
  }
  const errorsBySpan = new Map<string, TraceError[]>()
  for (const e of allItems((cursor, limit) =>
    q.listErrors({ sessionId: session.id, ...range, cursor, limit }),
  )) {
    if (e.spanId === null) continue
    const list = errorsBySpan.get(e.spanId)
    if (list) list.push(e)
    else errorsBySpan.set(e.spanId, [e])
  }
  return { session, agentIds, eventsBySpan, errorsBySpan }
}

export function otlpSpan(span: Span, ctx: SessionContext): Record<string, unknown> {
  const sid = span.sessionId
  const traceId = otlpTraceId(sid, span.traceId)
  const spanId = otlpSpanId(sid, span.spanId)
  const attrs: Record<string, unknown> = { ...span.attributes }
  if (traceId !== span.traceId && span.traceId) attrs[ORIGINAL_TRACE_ID] ??= span.traceId
  if (spanId !== span.spanId) attrs[ORIGINAL_SPAN_ID] ??= span.spanId
  let parentSpanId: string | undefined
  if (span.parentSpanId) {
    parentSpanId = otlpSpanId(sid, span.parentSpanId)
    if (parentSpanId !== span.parentSpanId) attrs[ORIGINAL_PARENT_ID] ??= span.parentSpanId
  }
  attrs['gen_ai.conversation.id'] ??= sid
  if (span.agentId) {
    // the span's agent as agentIdentity.ts reads it back: the name is the key; the id is the one
    // the agent declared (kept as its attribute), else the key
    attrs['gen_ai.agent.name'] ??= span.agentId
    attrs['gen_ai.agent.id'] ??= ctx.agentIds.get(span.agentId) ?? span.agentId
  }
  // the OTLP mapping keeps the kind as `otel.span.kind` (TraceRecord's tag shadows Span.kind)
  const otelKind = attrs['otel.span.kind']
  delete attrs['otel.span.kind']
  // an imported OTLP span's original kind wins over the store's default
  let kind =
    (typeof otelKind === 'string' ? SPAN_KINDS[otelKind] : undefined) ?? SPAN_KINDS[span.kind]
  if (kind === undefined) {
    kind = 1
    if (span.kind && span.kind !== 'span') attrs['tracescope.kind'] ??= span.kind
  }
  const out: Record<string, unknown> = {
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: span.name,
    kind,
    startTimeUnixNano: msToNanos(span.startTime),
    endTimeUnixNano: msToNanos(span.endTime ?? span.startTime),
    attributes: keyValues(attrs),
  }
  const events = spanEvents(span, ctx)
  if (events.length) out.events = events
  if (span.links?.length)
    out.links = span.links.map((l) => ({
      traceId: otlpTraceId(sid, l.traceId),
      spanId: otlpSpanId(sid, l.spanId),
      attributes: keyValues(l.attributes),
    }))
  const status: Record<string, unknown> = { code: STATUS_CODES[span.status] ?? 0 }
  if (span.statusMessage) status.message = span.statusMessage
  out.status = status
  return out
}

function spanEvents(span: Span, ctx: SessionContext): unknown[] {
  const out: Array<{ time: number; json: Record<string, unknown> }> = []
  const events = ctx.eventsBySpan.get(span.spanId) ?? []
  for (const e of events) {
    const attrs: Record<string, unknown> = { ...e.attributes }
    // exception events already say their message and level in exception.* attributes
    const isException = e.name === 'exception'
    if (e.message !== null && !(isException && e.message === e.attributes['exception.message']))
      attrs['event.message'] ??= e.message
    if (e.level !== null && !(isException && e.level === 'error')) attrs['log.level'] ??= e.level
    out.push({
      time: e.time,
      json: { timeUnixNano: msToNanos(e.time), name: e.name, attributes: keyValues(attrs) },
    })
  }
  // Errors become OTLP exception events, unless the span already carries that exception event.
  for (const err of ctx.errorsBySpan.get(span.spanId) ?? []) {
    // the error the OTLP mapping derives from an error status restates the status: skip it
    if (err.id === `${span.spanId}:status`) continue
    if (events.some((e) => e.name === 'exception' && Math.abs(e.time - err.time) < 0.001)) continue
    const attrs: Record<string, unknown> = {
      'exception.type': err.type,
      'exception.message': err.message,
    }
    if (err.stack) attrs['exception.stacktrace'] = err.stack
    out.push({
      time: err.time,
      json: { timeUnixNano: msToNanos(err.time), name: 'exception', attributes: keyValues(attrs) },
    })
  }
  out.sort((a, b) => a.time - b.time)
  return out.map((e) => e.json)
}
