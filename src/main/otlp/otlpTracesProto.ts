// OTLP trace requests in protobuf → Tracescope records, read straight off the wire: ids go from
// the body to hex, fixed64 nanoseconds to milliseconds, AnyValues to plain values, with no
// message tree in between (decoding into protobufjs objects and mapping those cost twice as
// much). The checks and their messages are those of the JSON path in otlpTraces.ts, which
// then builds the records (spanRecords, finishTraceMapping) for both.
import type { Attributes, SpanLink } from '../../shared/domain'
import type {
  DecodedEvent,
  MappedSpan,
  OtlpMapOptions,
  OtlpMapResult,
  OtlpRejection,
} from './otlpTraces'
import { OtlpRequestError, finishTraceMapping, spanRecords } from './otlpTraces'
import { OtlpValueError, idFromBytes, nanosFromParts } from './otlpValues'
import { attribute } from './otlpProtoValues'
import { ProtoWire, ProtoWireError } from './protoWire'

// wire types as constants of this module (as in otlpProtoValues.ts): an imported binding costs a
// property load per use, and a getter call when run through tsx's CommonJS interop
const VARINT = 0
const I64 = 1
const LEN = 2

interface Range {
  start: number
  end: number
}

/** A message's ranges of one repeated field and of one singular field (last occurrence wins). */
function split(w: ProtoWire, end: number, one: number, many: number, name: string) {
  let single: Range | null = null
  const list: Range[] = []
  while (w.pos < end) {
    const tag = w.varint32(end)
    const field = tag >>> 3
    if (field === one || field === many) {
      w.expect(tag & 7, LEN, `${name} field ${field}`)
      const stop = w.delimited(end)
      if (field === one) single = { start: w.pos, end: stop }
      else list.push({ start: w.pos, end: stop })
      w.pos = stop
    } else w.skip(tag & 7, end)
  }
  return { single, list }
}

/** Resource or scope attributes (and scope name/version) as kept on every span. */
function context(w: ProtoWire, r: Range | null, scope: boolean, where: string): Attributes {
  const attrs: Attributes = {}
  if (!r) return attrs
  const own: Attributes = {}
  let name = ''
  let version = ''
  let i = 0
  const attrField = scope ? 3 : 1
  const label = scope ? `${where}.scope.attributes` : `${where}.resource.attributes`
  w.pos = r.start
  while (w.pos < r.end) {
    const tag = w.varint32(r.end)
    const field = tag >>> 3
    if (field === attrField) {
      w.expect(tag & 7, LEN, label)
      const bad = attribute(w, r.end, own, scope ? 'otel.scope.' : 'resource.', label, i++)
      if (bad) throw new OtlpRequestError(bad)
    } else if (scope && (field === 1 || field === 2)) {
      w.expect(tag & 7, LEN, 'InstrumentationScope name/version')
      if (field === 1) name = w.string(r.end)
      else version = w.string(r.end)
    } else w.skip(tag & 7, r.end)
  }
  if (name) attrs['otel.scope.name'] = name
  if (version) attrs['otel.scope.version'] = version
  return Object.assign(attrs, own)
}

interface IdRange {
  start: number
  length: number
}
const NO_ID: IdRange = { start: 0, length: 0 }

function idRange(w: ProtoWire, end: number): IdRange {
  const stop = w.delimited(end)
  const r = { start: w.pos, length: stop - w.pos }
  w.pos = stop
  return r
}

function link(w: ProtoWire, end: number, where: string): SpanLink {
  let traceId = NO_ID
  let spanId = NO_ID
  const attributes: Attributes = {}
  let bad: string | null = null
  let i = 0
  while (w.pos < end) {
    const tag = w.varint32(end)
    const field = tag >>> 3
    if (field === 1 || field === 2 || field === 4) w.expect(tag & 7, LEN, `Link field ${field}`)
    if (field === 1) traceId = idRange(w, end)
    else if (field === 2) spanId = idRange(w, end)
    else if (field === 4) {
      const b = attribute(w, end, attributes, '', `${where}.attributes`, i++)
      bad ??= b
    } else w.skip(tag & 7, end)
  }
  const t = idFromBytes(w.buf, traceId.start, traceId.length, 16, `${where}.traceId`)
  const s = idFromBytes(w.buf, spanId.start, spanId.length, 8, `${where}.spanId`)
  if (!t || !s) throw new OtlpValueError(`${where} needs traceId and spanId`)
  if (bad) throw new OtlpValueError(bad)
  return Object.keys(attributes).length
    ? { traceId: t, spanId: s, attributes }
    : { traceId: t, spanId: s }
}

function event(w: ProtoWire, end: number, where: string): DecodedEvent {
  let time: number | null = null
  let name = ''
  const attributes: Attributes = {}
  let bad: string | null = null
  let i = 0
  while (w.pos < end) {
    const tag = w.varint32(end)
    const field = tag >>> 3
    if (field === 1) {
      w.expect(tag & 7, I64, 'Event.time_unix_nano')
      w.fixed64(end)
      time = nanosFromParts(w.low, w.high)
    } else if (field === 2) {
      w.expect(tag & 7, LEN, 'Event.name')
      name = w.string(end)
    } else if (field === 3) {
      w.expect(tag & 7, LEN, 'Event.attributes')
      const b = attribute(w, end, attributes, '', `${where}.attributes`, i++)
      bad ??= b
    } else w.skip(tag & 7, end)
  }
  if (bad) throw new OtlpValueError(bad)
  return { name, time, attributes }
}

/** One span: every field read first (wire order is free), then checked in the JSON path's order. */
function span(w: ProtoWire, end: number, ctx: Attributes, where: string): MappedSpan {
  let traceId = NO_ID
  let spanId = NO_ID
  let parent = NO_ID
  let name = ''
  let kindNo = 0
  let start: number | null = null
  let endTime: number | null = null
  let code = 0
  let statusMessage = ''
  const own: Attributes = {}
  let badAttr: string | null = null
  let attrs = 0
  const linkRanges: Range[] = []
  const eventRanges: Range[] = []
  while (w.pos < end) {
    const tag = w.varint32(end)
    const wt = tag & 7
    switch (tag >>> 3) {
      case 1:
        w.expect(wt, LEN, 'Span.trace_id')
        traceId = idRange(w, end)
        break
      case 2:
        w.expect(wt, LEN, 'Span.span_id')
        spanId = idRange(w, end)
        break
      case 4:
        w.expect(wt, LEN, 'Span.parent_span_id')
        parent = idRange(w, end)
        break
      case 5:
        w.expect(wt, LEN, 'Span.name')
        name = w.string(end)
        break
      case 6:
        w.expect(wt, VARINT, 'Span.kind')
        kindNo = w.varint32(end) | 0
        break
      case 7:
        w.expect(wt, I64, 'Span.start_time_unix_nano')
        w.fixed64(end)
        start = nanosFromParts(w.low, w.high)
        break
      case 8:
        w.expect(wt, I64, 'Span.end_time_unix_nano')
        w.fixed64(end)
        endTime = nanosFromParts(w.low, w.high)
        break
      case 9:
        w.expect(wt, LEN, 'Span.attributes')
        const b = attribute(w, end, own, '', `${where}.attributes`, attrs++)
        badAttr ??= b
        break
      case 11:
      case 13: {
        w.expect(wt, LEN, tag >>> 3 === 11 ? 'Span.events' : 'Span.links')
        const stop = w.delimited(end)
        ;(tag >>> 3 === 11 ? eventRanges : linkRanges).push({ start: w.pos, end: stop })
        w.pos = stop
        break
      }
      case 15: {
        // a message field sent twice: the last one counts, as protobufjs decodes it
        w.expect(wt, LEN, 'Span.status')
        const stop = w.delimited(end)
        code = 0
        statusMessage = ''
        while (w.pos < stop) {
          const t = w.varint32(stop)
          if (t >>> 3 === 2) {
            w.expect(t & 7, LEN, 'Status.message')
            statusMessage = w.string(stop)
          } else if (t >>> 3 === 3) {
            w.expect(t & 7, VARINT, 'Status.code')
            code = w.varint32(stop) | 0
          } else w.skip(t & 7, stop)
        }
        break
      }
      default:
        w.skip(wt, end)
    }
  }
  // links and events are read whole before any check, so a malformed one fails the body (400)
  // even in a span rejected for another reason, as a decoder building messages would
  const links = linkRanges.map((r, i) => {
    w.pos = r.start
    return valueOrError(() => link(w, r.end, `${where}.links[${i}]`))
  })
  const events = eventRanges.map((r, i) => {
    w.pos = r.start
    return valueOrError(() => event(w, r.end, `${where}.events[${i}]`))
  })
  w.pos = end
  const buf = w.buf
  const tid = idFromBytes(buf, traceId.start, traceId.length, 16, `${where}.traceId`)
  if (!tid) throw new OtlpValueError(`${where}.traceId is required`)
  const sid = idFromBytes(buf, spanId.start, spanId.length, 8, `${where}.spanId`)
  if (!sid) throw new OtlpValueError(`${where}.spanId is required`)
  const parentSpanId = idFromBytes(buf, parent.start, parent.length, 8, `${where}.parentSpanId`)
  if (start === null) throw new OtlpValueError(`${where}.startTimeUnixNano is required`)
  if (endTime !== null && endTime < start)
    throw new OtlpValueError(`${where}.endTimeUnixNano is before startTimeUnixNano`)
  if (code < 0 || code > 2)
    throw new OtlpValueError(`${where}.status.code must be 0, 1 or 2, got ${code}`)
  if (badAttr) throw new OtlpValueError(badAttr)
  for (const l of links) if (l instanceof OtlpValueError) throw l
  for (const e of events) if (e instanceof OtlpValueError) throw e
  const decoded = {
    traceId: tid,
    spanId: sid,
    parentSpanId,
    name,
    kindNo,
    startTime: start,
    endTime,
    code,
    statusMessage: statusMessage || null,
  }
  return spanRecords(decoded, own, links as SpanLink[], events as DecodedEvent[], ctx)
}

function valueOrError<T>(read: () => T): T | OtlpValueError {
  try {
    return read()
  } catch (e) {
    if (e instanceof OtlpValueError) return e
    throw e
  }
}

/**
 * An ExportTraceServiceRequest body → records. A body that is not such a message throws
 * OtlpRequestError (400); a span that breaks a rule is rejected alone, with its reason.
 */
export function otlpTraceProtoToRecords(body: Buffer, opts: OtlpMapOptions = {}): OtlpMapResult {
  const w = new ProtoWire(body)
  const rejected: OtlpRejection[] = []
  const mapped: MappedSpan[] = []
  let index = 0
  try {
    const { list: resources } = split(w, body.length, -1, 1, 'ExportTraceServiceRequest')
    resources.forEach((rs, r) => {
      const whereR = `resourceSpans[${r}]`
      w.pos = rs.start
      const parts = split(w, rs.end, 1, 2, 'ResourceSpans')
      const resourceCtx = context(w, parts.single, false, whereR)
      parts.list.forEach((ss, s) => {
        const whereS = `${whereR}.scopeSpans[${s}]`
        w.pos = ss.start
        const scopeParts = split(w, ss.end, 1, 2, 'ScopeSpans')
        const ctx = { ...resourceCtx, ...context(w, scopeParts.single, true, whereS) }
        scopeParts.list.forEach((sp, i) => {
          w.pos = sp.start
          try {
            mapped.push(span(w, sp.end, ctx, `${whereS}.spans[${i}]`))
          } catch (e) {
            if (!(e instanceof OtlpValueError)) throw e
            rejected.push({ index, reason: e.message })
          }
          index++
        })
      })
    })
  } catch (e) {
    if (e instanceof OtlpRequestError) throw e
    if (e instanceof ProtoWireError || e instanceof RangeError)
      throw new OtlpRequestError(
        `body is not a valid OTLP traces protobuf message: ${(e as Error).message}`,
      )
    throw e
  }
  return finishTraceMapping(mapped, rejected, opts)
}
