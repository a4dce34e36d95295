// Domain objects ↔ TraceRecords: what ndjson writes line by line, what the json document's
// arrays hold once tagged, and what every importer hands to store.write().

import type {
  Agent,
  AgentMessage,
  MemoryEntry,
  MetricSample,
  RecordKind,
  Session,
  Span,
  Task,
  TraceError,
  TraceEvent,
  TraceRecord,
} from '../../shared/domain'
import { RECORD_KINDS } from '../../shared/domain'

/**
 * TraceRecord's `kind` tag shadows SpanInput.kind (the OTLP span kind), so span records carry
 * the span's own kind as `spanKind` as well; importers read either.
 */
export type SpanRecord = Extract<TraceRecord, { kind: 'span' }> & { spanKind?: string }

export function sessionRecord(s: Session): TraceRecord {
  return {
    kind: 'session',
    id: s.id,
    name: s.name,
    status: s.status,
    startTime: s.startTime,
    endTime: s.endTime,
    attributes: s.attributes,
  }
}

export function spanRecord(s: Span): SpanRecord {
  const r: SpanRecord = {
    kind: 'span',
    sessionId: s.sessionId,
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    spanKind: s.kind,
    agentId: s.agentId,
    startTime: s.startTime,
    endTime: s.endTime,
    status: s.status,
    statusMessage: s.statusMessage,
    attributes: s.attributes,
  }
  if (s.links?.length) r.links = s.links
  return r
}

export function eventRecord(e: TraceEvent): TraceRecord {
  return { kind: 'event', ...e }
}

export function errorRecord(e: TraceError): TraceRecord {
  return { kind: 'error', ...e }
}

export function agentRecord(a: Agent): TraceRecord {
  return { kind: 'agent', ...a }
}

export function messageRecord(m: AgentMessage): TraceRecord {
  return { kind: 'message', ...m }
}

export function taskRecord(t: Task): TraceRecord {
  const { durationMs: _d, ...rest } = t
  return { kind: 'task', ...rest }
}

export function metricRecord(m: MetricSample): TraceRecord {
  return { kind: 'metric', ...m }
}

export function memoryRecord(m: MemoryEntry): TraceRecord {
  return { kind: 'memory', ...m }
}

/** Keys of the json document, in the order they are written; each holds one record kind. */
export const DOCUMENT_KEYS = [
  ['sessions', 'session'],
  ['spans', 'span'],
  ['events', 'event'],
  ['errors', 'error'],
  ['messages', 'message'],
  ['agents', 'agent'],
  ['metrics', 'metric'],
  ['tasks', 'task'],
  ['memory', 'memory'],
] as const satisfies ReadonlyArray<readonly [string, RecordKind]>

export type DocumentKey = (typeof DOCUMENT_KEYS)[number][0]

/** Order records are written in by json and ndjson: sessions first so importers see them first. */
export const RECORD_ORDER: RecordKind[] = DOCUMENT_KEYS.map(([, kind]) => kind)

export const KIND_OF_KEY: Record<string, RecordKind> = Object.fromEntries(DOCUMENT_KEYS)

/** Fields the store derives: dropped when a domain object becomes a record again. */
const DERIVED: Partial<Record<RecordKind, string[]>> = {
  session: [
    'durationMs',
    'spanCount',
    'errorCount',
    'unresolvedErrorCount',
    'agentCount',
    'live',
    'lastActivity',
  ],
  span: ['durationMs'],
  task: ['durationMs'],
}

/**
 * A record from an object of a json document's array or an ndjson line. Accepts both the
 * domain shape (derived fields are dropped) and the record shape. Throws naming what is wrong.
 */
export function recordFromObject(kind: RecordKind, obj: unknown, where: string): TraceRecord {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    throw new Error(`${where}: expected an object`)
  const src = obj as Record<string, unknown>
  const out: Record<string, unknown> = {}
  const drop = DERIVED[kind] ?? []
  for (const [k, v] of Object.entries(src)) {
    if (k === 'kind' || k === 'spanKind' || drop.includes(k)) continue
    out[k] = v
  }
  if (kind === 'span') {
    // In a document (untagged) `kind` is the span's own kind; in a tagged record it is the tag.
    const own = src.spanKind ?? (src.kind !== 'span' ? src.kind : undefined)
    if (typeof own === 'string') out.spanKind = own
  }
  return { kind, ...out } as TraceRecord
}

/** Parses one ndjson line (a tagged record). */
export function recordFromLine(line: string, lineNo: number): TraceRecord {
  let obj: unknown
  try {
    obj = JSON.parse(line)
  } catch (e) {
    throw new Error(`line ${lineNo}: not JSON (${(e as Error).message})`)
  }
  const kind = (obj as { kind?: unknown } | null)?.kind
  if (typeof kind !== 'string' || !RECORD_KINDS.has(kind))
    throw new Error(`line ${lineNo}: unknown record kind ${JSON.stringify(kind)}`)
  return recordFromObject(kind as RecordKind, obj, `line ${lineNo}`)
}

/**
 * A comparable form of a record: keys sorted, undefined/null-valued optional fields and empty
 * attribute maps removed, so "same records" means same content whatever the writer's defaults.
 */
export function canonicalRecord(r: TraceRecord): string {
  return stableStringify(r)
}

export function stableStringify(v: unknown): string {
  return JSON.stringify(normalise(v))
}

function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k]
      if (x === undefined || x === null) continue
      if (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0) continue
      if (Array.isArray(x) && x.length === 0) continue
      out[k] = normalise(x)
    }
    return out
  }
  return v
}
