// OTLP traces → Tracescope records: the one home of this mapping. The collector, the OTLP file
// importer and the OpenTelemetry SpanExporter all call `otlpTracesToRecords`.
import type { Attributes, SpanLink, SpanStatus, TraceRecord } from '../../shared/domain'
import { TokenTotals, genAiSession, normalizeGenAi } from './genAi'
import { agentIdentity, agentIdentityAttributes, namesOfIds } from '../../shared/agentIdentity'
import {
  OtlpValueError,
  asArray,
  asObject,
  enumInt,
  keyValues,
  nanosToMillis,
  otlpId,
  str,
} from './otlpValues'

/** The request as a whole is not OTLP (400); a bad span only rejects that span. */
export class OtlpRequestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OtlpRequestError'
  }
}

export interface OtlpRejection {
  /** position of the span (or log record) in request order, counting from 0 */
  index: number
  reason: string
}

export interface OtlpMapResult {
  records: TraceRecord[]
  rejected: OtlpRejection[]
  /** spans (or log records) mapped */
  accepted: number
}

export interface OtlpMapOptions {
  /** session for spans that name none (default: one session per traceId) */
  defaultSessionId?: string
  /**
   * trace → session named by its spans, kept by a caller that maps one request in several
   * batches (a file import), so a trace's later spans join the session its earlier ones named
   */
  traceSessions?: Map<string, string | null>
}

/** traces a `traceSessions` map remembers at most (a bound on memory, not on correctness) */
const MAX_TRACE_SESSIONS = 100_000

const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']
const KIND_ENUM: Record<string, number> = Object.fromEntries(
  KIND_NAMES.map((k, i) => [`SPAN_KIND_${k.toUpperCase()}`, i]),
)
const STATUS_ENUM: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
}
const STATUS_NAMES: SpanStatus[] = ['unset', 'ok', 'error']

export interface MappedSpan {
  traceId: string
  explicitSession: string | null
  records: TraceRecord[]
}

/** Resource and scope attributes, kept on every span under `resource.` and `otel.scope.` keys. */
export function contextAttributes(resource: unknown, scope: unknown, where: string): Attributes {
  const attrs: Attributes = {}
  const res = asObject(resource, `${where}.resource`)
  keyValues(res.attributes, `${where}.resource.attributes`, 0, attrs, 'resource.')
  const sc = asObject(scope, `${where}.scope`)
  const name = str(sc.name, `${where}.scope.name`)
  const version = str(sc.version, `${where}.scope.version`)
  if (name) attrs['otel.scope.name'] = name
  if (version) attrs['otel.scope.version'] = version
  keyValues(sc.attributes, `${where}.scope.attributes`, 0, attrs, 'otel.scope.')
  return attrs
}

export function otlpTracesToRecords(request: unknown, opts: OtlpMapOptions = {}): OtlpMapResult {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new OtlpRequestError('an OTLP trace request must be an object with "resourceSpans"')
  }
  const resourceSpans = (request as { resourceSpans?: unknown }).resourceSpans
  if (resourceSpans !== undefined && resourceSpans !== null && !Array.isArray(resourceSpans)) {
    throw new OtlpRequestError('"resourceSpans" must be an array')
  }
  const rejected: OtlpRejection[] = []
  const mapped: MappedSpan[] = []
  let index = 0
  for (let r = 0; r < (resourceSpans?.length ?? 0); r++) {
    const rs = resourceSpans![r] as Record<string, unknown>
    const whereR = `resourceSpans[${r}]`
    let scopeSpans: unknown[]
    let resourceCtx: Attributes
    try {
      if (typeof rs !== 'object' || rs === null || Array.isArray(rs))
        throw new OtlpValueError(`${whereR} must be an object`)
      resourceCtx = contextAttributes(rs.resource, undefined, whereR)
      scopeSpans = asArray(rs.scopeSpans, `${whereR}.scopeSpans`)
    } catch (e) {
      // nothing below can be counted reliably; the request shape itself is wrong
      throw new OtlpRequestError((e as Error).message)
    }
    for (let s = 0; s < scopeSpans.length; s++) {
      const ss = scopeSpans[s] as Record<string, unknown>
      const whereS = `${whereR}.scopeSpans[${s}]`
      let spans: unknown[]
      let ctx: Attributes
      try {
        if (typeof ss !== 'object' || ss === null || Array.isArray(ss))
          throw new OtlpValueError(`${whereS} must be an object`)
        spans = asArray(ss.spans, `${whereS}.spans`)
        ctx = { ...resourceCtx, ...contextAttributes(undefined, ss.scope, whereS) }
      } catch (e) {
        throw new OtlpRequestError((e as Error).message)
      }
      for (let i = 0; i < spans.length; i++, index++) {
        try {
          mapped.push(mapSpan(spans[i], ctx, `${whereS}.spans[${i}]`))
        } catch (e) {
          if (!(e instanceof OtlpValueError)) throw e
          rejected.push({ index, reason: e.message })
        }
      }
    }
  }
  return finishTraceMapping(mapped, rejected, opts)
}

/** The request's records once every span is mapped: sessions and agents assigned. */
export function finishTraceMapping(
  mapped: MappedSpan[],
  rejected: OtlpRejection[],
  opts: OtlpMapOptions,
): OtlpMapResult {
  return { records: assignSessions(mapped, opts), rejected, accepted: mapped.length }
}

/** One span of a JSON request, checked; throws OtlpValueError naming what is wrong. */
export function mapSpan(raw: unknown, ctx: Attributes, where: string): MappedSpan {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new OtlpValueError(`${where} must be an object`)
  const sp = raw as Record<string, unknown>
  const traceId = otlpId(sp.traceId, 16, `${where}.traceId`)
  if (!traceId) throw new OtlpValueError(`${where}.traceId is required`)
  const spanId = otlpId(sp.spanId, 8, `${where}.spanId`)
  if (!spanId) throw new OtlpValueError(`${where}.spanId is required`)
  const parentSpanId = otlpId(sp.parentSpanId, 8, `${where}.parentSpanId`)
  const name = str(sp.name, `${where}.name`)
  const startTime = nanosToMillis(sp.startTimeUnixNano, `${where}.startTimeUnixNano`)
  if (startTime === null) throw new OtlpValueError(`${where}.startTimeUnixNano is required`)
  const endTime = nanosToMillis(sp.endTimeUnixNano, `${where}.endTimeUnixNano`)
  if (endTime !== null && endTime < startTime)
    throw new OtlpValueError(`${where}.endTimeUnixNano is before startTimeUnixNano`)
  const kindNo = enumInt(sp.kind, `${where}.kind`, KIND_ENUM)
  const status = asObject(sp.status, `${where}.status`)
  const code = enumInt(status.code, `${where}.status.code`, STATUS_ENUM)
  if (code < 0 || code > 2)
    throw new OtlpValueError(`${where}.status.code must be 0, 1 or 2, got ${code}`)
  const statusMessage = str(status.message, `${where}.status.message`) || null

  const own = keyValues(sp.attributes, `${where}.attributes`)
  const links = mapLinks(sp.links, where)
  const rawEvents = asArray(sp.events, `${where}.events`)
  const events: DecodedEvent[] = []
  for (let e = 0; e < rawEvents.length; e++) {
    const ev = asObject(rawEvents[e], `${where}.events[${e}]`)
    events.push({
      name: str(ev.name, `${where}.events[${e}].name`),
      time: nanosToMillis(ev.timeUnixNano, `${where}.events[${e}].timeUnixNano`),
      attributes: keyValues(ev.attributes, `${where}.events[${e}].attributes`),
    })
  }
  return spanRecords(
    { traceId, spanId, parentSpanId, name, kindNo, startTime, endTime, code, statusMessage },
    own,
    links,
    events,
    ctx,
  )
}

/** A span's fields once decoded and checked, from either encoding. */
export interface DecodedSpan {
  traceId: string
  spanId: string
  parentSpanId: string | null
  name: string
  kindNo: number
  startTime: number
  endTime: number | null
  /** 0 unset, 1 ok, 2 error */
  code: number
  statusMessage: string | null
}

export interface DecodedEvent {
  name: string
  time: number | null
  attributes: Attributes
}

/**
 * The records of one checked span: the span (own attributes, the newer GenAI names added, then
 * resource and scope context), its events, and errors for exceptions or an ERROR status.
 * Never throws: every check happened while decoding.
 */
export function spanRecords(
  d: DecodedSpan,
  own: Attributes,
  links: SpanLink[],
  events: DecodedEvent[],
  ctx: Attributes,
): MappedSpan {
  const { traceId, spanId, name, startTime, endTime, code, statusMessage } = d
  normalizeGenAi(own)
  const attributes: Attributes = Object.assign(own, ctx)
  // the final agent is set per request in assignSessions (agentIdentity.ts needs the whole batch)
  const agentId = agentIdentity(attributes)?.key ?? null
  const explicitSession = genAiSession(attributes)

  const records: TraceRecord[] = []
  const span: Extract<TraceRecord, { kind: 'span' }> = {
    kind: 'span',
    sessionId: '', // assigned once the whole request is seen
    traceId,
    spanId,
    parentSpanId: d.parentSpanId,
    name: name || '(unnamed)',
    // the record tag `kind: 'span'` shadows SpanInput.kind; spanKind carries it
    spanKind: KIND_NAMES[d.kindNo] ?? String(d.kindNo),
    agentId,
    startTime,
    endTime,
    status: STATUS_NAMES[code],
    statusMessage,
    attributes,
  }
  if (links.length) span.links = links
  records.push(span)

  let exceptions = 0
  for (let e = 0; e < events.length; e++) {
    const { name: evName, attributes: evAttrs } = events[e]
    const time = events[e].time ?? startTime
    const isException = evName === 'exception'
    const message = isException ? textOf(evAttrs['exception.message']) : null
    records.push({
      kind: 'event',
      id: `${spanId}:e${e}`,
      sessionId: '',
      spanId,
      agentId,
      time,
      name: evName || '(unnamed)',
      level: isException ? 'error' : null,
      message,
      attributes: evAttrs,
    })
    if (isException) {
      exceptions++
      records.push({
        kind: 'error',
        id: `${spanId}:x${e}`,
        sessionId: '',
        spanId,
        agentId,
        time,
        type: textOf(evAttrs['exception.type']) ?? textOf(attributes['error.type']) ?? 'exception',
        message: message ?? statusMessage ?? '',
        stack: textOf(evAttrs['exception.stacktrace']),
      })
    }
  }
  if (code === 2 && exceptions === 0) {
    records.push({
      kind: 'error',
      id: `${spanId}:status`,
      sessionId: '',
      spanId,
      agentId,
      time: endTime ?? startTime,
      type: textOf(attributes['error.type']) ?? 'SpanError',
      message: statusMessage ?? `${name || 'span'} failed`,
      stack: null,
    })
  }
  return { traceId, explicitSession, records }
}

function mapLinks(raw: unknown, where: string): SpanLink[] {
  const list = asArray(raw, `${where}.links`)
  return list.map((l, i) => {
    const link = asObject(l, `${where}.links[${i}]`)
    const traceId = otlpId(link.traceId, 16, `${where}.links[${i}].traceId`)
    const spanId = otlpId(link.spanId, 8, `${where}.links[${i}].spanId`)
    if (!traceId || !spanId)
      throw new OtlpValueError(`${where}.links[${i}] needs traceId and spanId`)
    const attributes = keyValues(link.attributes, `${where}.links[${i}].attributes`)
    return Object.keys(attributes).length ? { traceId, spanId, attributes } : { traceId, spanId }
  })
}

function textOf(v: unknown): string | null {
  if (v === undefined || v === null) return null
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/**
 * Sessions: the span's (or its resource's) `gen_ai.conversation.id` / `session.id`; spans of a
 * trace that name none join the one session the rest of that trace names in this request;
 * otherwise the trace is its own session. Emits one session and one agent record per request.
 */
function assignSessions(spans: MappedSpan[], opts: OtlpMapOptions): TraceRecord[] {
  const traceSession = opts.traceSessions ?? new Map<string, string | null>()
  for (const s of spans) {
    if (!s.explicitSession) continue
    const seen = traceSession.get(s.traceId)
    if (seen === undefined) {
      if (traceSession.size < MAX_TRACE_SESSIONS) traceSession.set(s.traceId, s.explicitSession)
    } else if (seen !== s.explicitSession) traceSession.set(s.traceId, null) // ambiguous: do not guess
  }
  const out: TraceRecord[] = []
  const sessions = new Map<string, { name: string | null; service: unknown }>()
  const agents = new Map<string, Set<string>>() // session → agent ids with a record
  const tokens = new TokenTotals()
  const namesById = namesOfIds(
    spans.map((s) => (s.records[0] as Extract<TraceRecord, { kind: 'span' }>).attributes ?? {}),
  )
  for (const s of spans) {
    const sessionId =
      s.explicitSession ?? traceSession.get(s.traceId) ?? opts.defaultSessionId ?? s.traceId
    const span = s.records[0] as Extract<TraceRecord, { kind: 'span' }>
    const known = sessions.get(sessionId)
    const isRoot = !span.parentSpanId
    if (!known)
      sessions.set(sessionId, {
        name: isRoot ? span.name : null,
        service: span.attributes?.['resource.service.name'],
      })
    else if (isRoot && !known.name) known.name = span.name
    let seenAgents = agents.get(sessionId)
    if (!seenAgents) agents.set(sessionId, (seenAgents = new Set()))
    const agent = agentIdentity(span.attributes ?? {}, namesById)
    const agentKey = agent?.key ?? null
    if (agent && !seenAgents.has(agent.key)) {
      seenAgents.add(agent.key)
      const attributes = agentIdentityAttributes(agent)
      out.push({
        kind: 'agent',
        id: agent.key,
        name: agent.name,
        type: agent.type,
        sessionId,
        ...(attributes && { attributes }),
      })
    }
    for (const r of s.records) {
      ;(r as { sessionId: string | null }).sessionId = sessionId
      if ('agentId' in r) (r as { agentId: string | null }).agentId = agentKey
      out.push(r)
    }
    tokens.add(
      sessionId,
      span.agentId ?? null,
      span.attributes ?? {},
      span.endTime ?? span.startTime,
    )
  }
  for (const m of tokens.records()) out.push(m)
  const sessionRecords: TraceRecord[] = []
  for (const [id, s] of sessions) {
    const attributes: Attributes = { source: 'otlp' }
    if (typeof s.service === 'string') attributes['service.name'] = s.service
    // no startTime: the store widens a session's time range from its spans, whereas a start
    // sent here would be overwritten by each later batch (spans arrive as they end, not in order)
    sessionRecords.push({ kind: 'session', id, name: s.name, attributes })
  }
  return sessionRecords.concat(out)
}
