// OTLP JSON files (one request, or JSON Lines of requests as the Collector's file exporter
// writes them) → records, span by span: however many spans one resource holds, the import
// holds one batch of them. Spans are mapped through the one OTLP mapping (src/main/otlp) in
// batches of the same resource and scope, with the request's trace → session choices carried
// from batch to batch.
//
// Resource and scope are read as they come; OTLP writers (the Collector, the SDK exporters)
// put them before the spans. Spans that come first still get them if they arrive before the
// batch is mapped (BATCH spans); earlier ones are mapped without them.

import type { Attributes, TraceRecord } from '../../shared/domain'
import { otlpLogsToRecords } from '../otlp'
import { OtlpValueError } from '../otlp/otlpValues'
import {
  contextAttributes,
  finishTraceMapping,
  mapSpan,
  type MappedSpan,
  type OtlpRejection,
} from '../otlp/otlpTraces'
import type { Shape } from './jsonStreamSplitter'
import type { ImportRejection, LineOf } from './storeWriter'

const BATCH = 1000

/** Where the splitter walks in an OTLP request, and what it hands out. */
export const OTLP_SHAPE: Shape = {
  name: 'request',
  object: {
    resourceSpans: {
      array: {
        name: 'resourceSpans',
        object: {
          resource: { leaf: 'resource' },
          scopeSpans: {
            array: {
              name: 'scopeSpans',
              object: { scope: { leaf: 'scope' }, spans: { array: { leaf: 'span' } } },
            },
          },
        },
      },
    },
    // log records are far fewer and smaller than spans: one resource at a time
    resourceLogs: { array: { leaf: 'resourceLogs' } },
  },
}

export interface RecordBatch {
  records: TraceRecord[]
  lineOf: LineOf
  spans: number
}

interface PendingSpan {
  raw: unknown
  line: number
  where: string
}

/** Splitter handlers for OTLP: mapped batches wait in `ready` for the (asynchronous) writer. */
export class OtlpImport {
  readonly ready: RecordBatch[] = []
  spans = 0
  private traceSessions = new Map<string, string | null>()
  private rs = -1
  private ss = -1
  private sp = -1
  private logs = -1
  private resource: unknown = undefined
  private scope: unknown = undefined
  private pending: PendingSpan[] = []
  private readonly sessions = new SessionMerger()

  constructor(private readonly refuse: (r: ImportRejection) => void) {}

  open(name: string): void {
    if (name === 'request') {
      this.traceSessions = new Map()
      this.rs = this.logs = -1
    } else if (name === 'resourceSpans') {
      this.flush()
      this.rs++
      this.ss = -1
      this.resource = undefined
    } else if (name === 'scopeSpans') {
      this.flush()
      this.ss++
      this.sp = -1
      this.scope = undefined
    }
  }

  close(name: string): void {
    if (name === 'scopeSpans' || name === 'request') this.flush()
  }

  value(name: string, json: string, line: number): void {
    if (name === 'span') {
      this.sp++
      this.pending.push({
        raw: parseValue(json, line),
        line,
        where: `resourceSpans[${this.rs}].scopeSpans[${this.ss}].spans[${this.sp}]`,
      })
      if (this.pending.length >= BATCH) this.flush()
    } else if (name === 'resource') this.resource = parseValue(json, line)
    else if (name === 'scope') this.scope = parseValue(json, line)
    else if (name === 'resourceLogs') this.mapLogs(parseValue(json, line), line)
  }

  /** Maps the spans waiting for their batch. */
  flush(): void {
    const batch = this.pending
    if (!batch.length) return
    this.pending = []
    const whereR = `resourceSpans[${this.rs}]`
    let ctx: Attributes
    try {
      ctx = {
        ...contextAttributes(this.resource, undefined, whereR),
        ...contextAttributes(undefined, this.scope, `${whereR}.scopeSpans[${this.ss}]`),
      }
    } catch (e) {
      if (!(e instanceof OtlpValueError)) throw e
      for (const s of batch)
        this.refuse({ line: s.line, kind: 'span', id: null, field: s.where, reason: e.message })
      return
    }
    const mapped: MappedSpan[] = []
    const lines = new Map<string, number>()
    for (const s of batch) {
      try {
        const m = mapSpan(s.raw, ctx, s.where)
        mapped.push(m)
        lines.set((m.records[0] as { spanId: string }).spanId, s.line)
      } catch (e) {
        if (!(e instanceof OtlpValueError)) throw e
        this.refuse({
          line: s.line,
          kind: 'span',
          id: spanIdOf(s.raw),
          field: s.where,
          reason: e.message,
        })
      }
    }
    if (!mapped.length) return
    this.spans += mapped.length
    const res = finishTraceMapping(mapped, [], { traceSessions: this.traceSessions })
    const first = batch[0].line
    // a line per record only when the batch spans lines (the session records take the first)
    const lineOf: LineOf =
      batch[batch.length - 1].line === first
        ? first
        : res.records.map((r) => lines.get((r as { spanId?: string }).spanId ?? '') ?? first)
    this.ready.push({ records: this.sessions.merge(res.records), lineOf, spans: mapped.length })
  }

  private mapLogs(resourceLogs: unknown, line: number): void {
    this.logs++
    let res
    try {
      res = otlpLogsToRecords({ resourceLogs: [resourceLogs] })
    } catch (e) {
      const where = `resourceLogs[${this.logs}]`
      this.refuse({ line, kind: 'event', id: null, field: where, reason: (e as Error).message })
      return
    }
    for (const r of res.rejected) this.refuse(logRejection(r, line, this.logs))
    if (res.records.length)
      this.ready.push({ records: this.sessions.merge(res.records), lineOf: line, spans: 0 })
  }
}

function logRejection(r: OtlpRejection, line: number, index: number): ImportRejection {
  return { line, kind: 'event', id: null, field: `resourceLogs[${index}]`, reason: r.reason }
}

function spanIdOf(raw: unknown): string | null {
  const id = (raw as { spanId?: unknown } | null)?.spanId
  return typeof id === 'string' && id.length <= 64 ? id : null
}

/** A value the splitter handed out; its brackets balance, but its content may still be wrong. */
export function parseValue(json: string, line: number): unknown {
  try {
    return JSON.parse(json)
  } catch (e) {
    throw new Error(`line ${line}: not JSON (${(e as Error).message})`)
  }
}

/**
 * The OTLP mapping emits a session record per batch; later batches of a session must not
 * overwrite its name with their own (null when the batch holds no root span).
 */
export class SessionMerger {
  private seen = new Map<string, { startTime: number | null; name: string | null }>()

  merge(records: TraceRecord[]): TraceRecord[] {
    for (let i = 0; i < records.length; i++) {
      const r = records[i]
      if (r.kind !== 'session') continue
      const known = this.seen.get(r.id)
      const start = r.startTime ?? null
      if (!known) {
        this.seen.set(r.id, { startTime: start, name: r.name ?? null })
        continue
      }
      if (start !== null && (known.startTime === null || start < known.startTime))
        known.startTime = start
      known.name ??= r.name ?? null
      records[i] = { ...r, startTime: known.startTime, name: known.name }
    }
    return records
  }
}
