// Hand-written validation of incoming records (a schema library costs more than the insert at
// 100K records/s). Each record is checked and encoded in one pass: payloads are serialized and
// compressed here, outside the write transaction, and the serialized size is the sum of the
// encoded parts. A failure names the record and the field; nothing of a failed record is written.
import { RECORD_KINDS } from '../../shared/domain'
import { MAX_NESTING, tooDeepAt } from '../../shared/nesting'
import type { Attributes, TraceRecord } from '../../shared/domain'
import { tokenUsage } from '../../shared/genai/usage'
import type { RejectedRecord } from './storeApi'
import type { PreparedRecord } from './preparedRecord'
import {
  encodeId,
  encodeOptionalId,
  encodePayloadSized,
  TraceIdEncoder,
  type LaterGzip,
  type QueuedPayload,
} from './payloadCodec'

export interface ValidationLimits {
  maxRecordBytes: number
  compressAboveBytes: number
  /** per-store cache of the last trace id's encoding */
  traceIds?: TraceIdEncoder
  /** set by the store while it validates: payloads to compress go here (gzipOffload.ts) */
  laterGzip?: LaterGzip[]
}

export class RecordValidationError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`)
    this.name = 'RecordValidationError'
  }
}

const SPAN_STATUS: Record<string, number> = { unset: 0, ok: 1, error: 2 }
const SESSION_STATUS = new Set(['running', 'completed', 'failed', 'unknown'])

type Rec = Record<string, unknown>

function fail(field: string, reason: string): never {
  throw new RecordValidationError(field, reason)
}

function str(r: Rec, field: string): string {
  const v = r[field]
  if (typeof v !== 'string') fail(field, v === undefined ? 'is required' : 'must be a string')
  if (v.length === 0) fail(field, 'must not be empty')
  return v
}

function optStr(r: Rec, field: string): string | null {
  const v = r[field]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') fail(field, 'must be a string or null')
  return v
}

function time(r: Rec, field: string): number {
  const v = r[field]
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    fail(field, v === undefined ? 'is required' : 'must be a finite number (epoch ms)')
  }
  return v
}

function optTime(r: Rec, field: string): number | null {
  const v = r[field]
  if (v === undefined || v === null) return null
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, 'must be a finite number or null')
  return v
}

function optObject(r: Rec, field: string): Rec | undefined {
  const v = r[field]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'object' || Array.isArray(v)) fail(field, 'must be an object')
  return v as Rec
}

/** Sums the serialized size; exact UTF-8 counting only once the total could pass the limit. */
class Sizer {
  bytes = 0
  constructor(private readonly limit: number) {}
  add(v: string | null): void {
    if (v === null) return
    this.bytes += v.length
    if (this.bytes * 3 > this.limit) this.bytes += Buffer.byteLength(v) - v.length
    this.check()
  }
  addLength(n: number): void {
    this.bytes += n
    this.check()
  }
  private check(): void {
    if (this.bytes > this.limit) {
      fail('record', `is ${this.bytes} bytes serialized, over the ${this.limit}-byte limit`)
    }
  }
}

/** A value nested too deep overflows every reader later: refused, naming the attribute. */
function refuseDeep(value: unknown, field: string): void {
  if (field === 'attributes' && value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (tooDeepAt(v) !== null)
        fail(`attributes.${key}`, `nests deeper than ${MAX_NESTING} levels`)
    }
  } else if (tooDeepAt(value) !== null) fail(field, `nests deeper than ${MAX_NESTING} levels`)
}

function payload(
  value: unknown,
  field: string,
  limits: ValidationLimits,
  sizer: Sizer,
): QueuedPayload {
  refuseDeep(value, field)
  let encoded: ReturnType<typeof encodePayloadSized>
  try {
    encoded = encodePayloadSized(value, limits.compressAboveBytes, limits.laterGzip)
  } catch (err) {
    fail(field, `cannot be serialized as JSON (${(err as Error).message})`)
  }
  // measured by its JSON size, compressed or not: the limit is about the record, not the disk
  if (typeof encoded.stored === 'string') sizer.add(encoded.stored)
  else sizer.addLength(encoded.jsonLength)
  return encoded.stored
}

function prepare(r: Rec, limits: ValidationLimits): PreparedRecord {
  const sizer = new Sizer(limits.maxRecordBytes)
  const kind = r.kind
  switch (kind) {
    case 'session': {
      const status = r.status
      if (status !== undefined && (typeof status !== 'string' || !SESSION_STATUS.has(status))) {
        fail('status', 'must be one of running, completed, failed, unknown')
      }
      const id = str(r, 'id')
      const name = optStr(r, 'name')
      sizer.add(id)
      sizer.add(name)
      return {
        kind,
        id,
        name,
        status: (status as string | undefined) ?? null,
        startTime: optTime(r, 'startTime'),
        endTime: optTime(r, 'endTime'),
        attributes: payload(optObject(r, 'attributes'), 'attributes', limits, sizer),
      }
    }
    case 'span': {
      const status = r.status ?? 'unset'
      const code = typeof status === 'string' ? SPAN_STATUS[status] : undefined
      if (code === undefined) fail('status', 'must be one of unset, ok, error')
      const links = r.links
      if (links !== undefined && links !== null && !Array.isArray(links))
        fail('links', 'must be an array')
      const sessionId = str(r, 'sessionId')
      const spanId = str(r, 'spanId')
      const name = str(r, 'name')
      const statusMessage = optStr(r, 'statusMessage')
      sizer.add(sessionId)
      sizer.add(spanId)
      sizer.add(name)
      sizer.add(statusMessage)
      const startTime = time(r, 'startTime')
      const endTime = optTime(r, 'endTime')
      const attributes = optObject(r, 'attributes')
      return {
        kind,
        sessionId,
        spanId: encodeId(spanId),
        traceId: (limits.traceIds ??= new TraceIdEncoder()).encode(optStr(r, 'traceId')),
        parentId: encodeOptionalId(optStr(r, 'parentSpanId')),
        name,
        spanKind: optStr(r, 'spanKind'),
        agentId: optStr(r, 'agentId'),
        startTime,
        endTime,
        status: code,
        statusMessage,
        attributes: payload(attributes, 'attributes', limits, sizer),
        usage: attributes ? tokenUsage(attributes as Attributes) : null,
        links:
          links && (links as unknown[]).length > 0 ? payload(links, 'links', limits, sizer) : null,
      }
    }
    case 'event': {
      const message = optStr(r, 'message')
      sizer.add(message)
      return {
        kind,
        sessionId: str(r, 'sessionId'),
        id: optStr(r, 'id'),
        spanId: encodeOptionalId(optStr(r, 'spanId')),
        agentId: optStr(r, 'agentId'),
        time: time(r, 'time'),
        name: str(r, 'name'),
        level: optStr(r, 'level'),
        message,
        attributes: payload(optObject(r, 'attributes'), 'attributes', limits, sizer),
      }
    }
    case 'error': {
      const resolved = r.resolved
      if (resolved !== undefined && typeof resolved !== 'boolean')
        fail('resolved', 'must be a boolean')
      const message = r.message
      if (typeof message !== 'string')
        fail('message', message === undefined ? 'is required' : 'must be a string')
      const stack = optStr(r, 'stack')
      sizer.add(message)
      sizer.add(stack)
      return {
        kind,
        id: optStr(r, 'id'),
        sessionId: optStr(r, 'sessionId'),
        spanId: encodeOptionalId(optStr(r, 'spanId')),
        agentId: optStr(r, 'agentId'),
        time: time(r, 'time'),
        type: str(r, 'type'),
        message,
        stack: stack === null ? null : payload(stack, 'stack', limits, new Sizer(Infinity)),
        recoveryAction: optStr(r, 'recoveryAction'),
        resolved: resolved === true,
        resolutionNote: optStr(r, 'resolutionNote'),
        resolvedAt: optTime(r, 'resolvedAt'),
      }
    }
    case 'agent':
      return {
        kind,
        id: str(r, 'id'),
        name: str(r, 'name'),
        sessionId: optStr(r, 'sessionId'),
        type: optStr(r, 'type'),
        status: optStr(r, 'status'),
        startTime: optTime(r, 'startTime'),
        endTime: optTime(r, 'endTime'),
        attributes: payload(optObject(r, 'attributes'), 'attributes', limits, sizer),
      }
    case 'message':
      return {
        kind,
        id: optStr(r, 'id'),
        sessionId: optStr(r, 'sessionId'),
        senderAgentId: str(r, 'senderAgentId'),
        receiverAgentId: optStr(r, 'receiverAgentId'),
        type: optStr(r, 'type'),
        payload: payload(r.payload, 'payload', limits, sizer),
        time: time(r, 'time'),
        deliveryStatus: optStr(r, 'deliveryStatus'),
        responseTo: optStr(r, 'responseTo'),
      }
    case 'task': {
      const tokens = r.tokensUsed
      if (
        tokens !== undefined &&
        tokens !== null &&
        (typeof tokens !== 'number' || !Number.isFinite(tokens))
      ) {
        fail('tokensUsed', 'must be a finite number or null')
      }
      return {
        kind,
        id: str(r, 'id'),
        sessionId: optStr(r, 'sessionId'),
        agentId: optStr(r, 'agentId'),
        name: optStr(r, 'name'),
        status: optStr(r, 'status'),
        startTime: optTime(r, 'startTime'),
        endTime: optTime(r, 'endTime'),
        tokensUsed: (tokens as number | null | undefined) ?? null,
        attributes: payload(optObject(r, 'attributes'), 'attributes', limits, sizer),
      }
    }
    case 'metric': {
      const value = r.value
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        fail('value', value === undefined ? 'is required' : 'must be a finite number')
      }
      return {
        kind,
        sessionId: optStr(r, 'sessionId'),
        agentId: optStr(r, 'agentId'),
        time: time(r, 'time'),
        name: str(r, 'name'),
        value,
        attributes: payload(optObject(r, 'attributes'), 'attributes', limits, sizer),
      }
    }
    case 'memory': {
      if (!('value' in r)) fail('value', 'is required (null is allowed)')
      return {
        kind,
        sessionId: str(r, 'sessionId'),
        namespace: str(r, 'namespace'),
        key: str(r, 'key'),
        value: payload(r.value === undefined ? null : r.value, 'value', limits, sizer),
        time: time(r, 'time'),
        expiresAt: optTime(r, 'expiresAt'),
      }
    }
    default:
      return fail('kind', `must be one of ${[...RECORD_KINDS].join(', ')}`)
  }
}

/** The id a record is named by in a rejection (its id, span id or key), if it has one. */
export function idOf(r: Rec): string | null {
  for (const f of ['id', 'spanId', 'key']) if (typeof r[f] === 'string') return r[f] as string
  return null
}

/** Validates and encodes one record, or describes why it cannot be stored. */
export function validateRecord(
  record: unknown,
  index: number,
  limits: ValidationLimits,
): PreparedRecord | RejectedRecord {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { index, kind: 'unknown', id: null, field: 'record', reason: 'must be an object' }
  }
  const r = record as Rec
  try {
    return prepare(r, limits)
  } catch (err) {
    const kind = typeof r.kind === 'string' ? r.kind : 'unknown'
    if (err instanceof RecordValidationError) {
      return { index, kind, id: idOf(r), field: err.field, reason: err.reason }
    }
    return { index, kind, id: idOf(r), field: 'record', reason: (err as Error).message }
  }
}

export function isRejected(v: PreparedRecord | RejectedRecord): v is RejectedRecord {
  return 'reason' in v
}

/** A description of a record for messages: kind and id. */
export function describeRecord(r: RejectedRecord): string {
  return `${r.kind} record #${r.index}${r.id ? ` (${r.id})` : ''}: ${r.field} ${r.reason}`
}

export type { TraceRecord }
