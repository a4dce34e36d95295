// An OpenTelemetry SpanExporter that writes straight into a Tracescope .db, no collector needed:
//   new BatchSpanProcessor(new TracescopeSpanExporter({ path: 'traces.db' }))
// Spans are turned into an OTLP JSON request and mapped by src/main/otlp, the same mapping the
// collector and the file importer use.
import type { Attributes as OtelAttributes, AttributeValue, HrTime } from '@opentelemetry/api'
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base'
import type { ExportResult } from '@opentelemetry/core'
import { otlpTracesToRecords } from '../main/otlp'
import type { StoreOptions, TraceStore } from '../main/store/storeApi'
import { openStore as openNativeStore } from '../main/store/traceStore'

// ExportResultCode from @opentelemetry/core (0 = SUCCESS, 1 = FAILED), kept local so the SDK does
// not need @opentelemetry/core at run time
const SUCCESS = 0
const FAILED = 1

export interface TracescopeExporterOptions {
  /** a .db to open (and close on shutdown) */
  path?: string
  /** or a store the caller owns */
  store?: TraceStore
  storeOptions?: StoreOptions
  /** session for spans without gen_ai.conversation.id / session.id (default: one per trace) */
  sessionId?: string
}

type AnyValue = Record<string, unknown>

function anyValueOf(v: AttributeValue | undefined | null): AnyValue {
  if (v === undefined || v === null) return {}
  if (typeof v === 'string') return { stringValue: v }
  if (typeof v === 'boolean') return { boolValue: v }
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: v } : { doubleValue: v }
  if (Array.isArray(v))
    return {
      arrayValue: { values: (v as Array<AttributeValue | null | undefined>).map(anyValueOf) },
    }
  return { stringValue: String(v) }
}

function keyValues(attrs: OtelAttributes | undefined): Array<{ key: string; value: AnyValue }> {
  return Object.entries(attrs ?? {}).map(([key, value]) => ({ key, value: anyValueOf(value) }))
}

function nanos(t: HrTime): string {
  return (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString()
}

/** ReadableSpans → one OTLP JSON trace request (resource/scope grouping kept). */
export function readableSpansToOtlp(spans: ReadableSpan[]): unknown {
  const byResource = new Map<unknown, Map<string, { scope: AnyValue; spans: unknown[] }>>()
  for (const s of spans) {
    let scopes = byResource.get(s.resource)
    if (!scopes) byResource.set(s.resource, (scopes = new Map()))
    const sc = s.instrumentationScope
    const key = `${sc.name}@${sc.version ?? ''}`
    let group = scopes.get(key)
    if (!group)
      scopes.set(key, (group = { scope: { name: sc.name, version: sc.version ?? '' }, spans: [] }))
    const ctx = s.spanContext()
    group.spans.push({
      traceId: ctx.traceId,
      spanId: ctx.spanId,
      parentSpanId: s.parentSpanContext?.spanId ?? '',
      name: s.name,
      kind: s.kind + 1, // the API counts from INTERNAL = 0, OTLP from UNSPECIFIED = 0
      startTimeUnixNano: nanos(s.startTime),
      endTimeUnixNano: nanos(s.endTime),
      attributes: keyValues(s.attributes),
      events: s.events.map((e) => ({
        name: e.name,
        timeUnixNano: nanos(e.time),
        attributes: keyValues(e.attributes),
      })),
      links: s.links.map((l) => ({
        traceId: l.context.traceId,
        spanId: l.context.spanId,
        attributes: keyValues(l.attributes),
      })),
      status: { code: s.status.code, message: s.status.message ?? '' },
    })
  }
  return {
    resourceSpans: [...byResource].map(([resource, scopes]) => ({
      resource: { attributes: keyValues((resource as { attributes?: OtelAttributes }).attributes) },
      scopeSpans: [...scopes.values()].map((g) => ({ scope: g.scope, spans: g.spans })),
    })),
  }
}

export class TracescopeSpanExporter implements SpanExporter {
  private readonly store: TraceStore
  private readonly owned: boolean
  private pending = new Set<Promise<unknown>>()
  private stopped = false

  constructor(private readonly opts: TracescopeExporterOptions) {
    if (opts.store) {
      this.store = opts.store
      this.owned = false
    } else if (opts.path) {
      this.store = openNativeStore(opts.path, opts.storeOptions)
      this.owned = true
    } else throw new Error('TracescopeSpanExporter needs { path } or { store }')
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped)
      return resultCallback({ code: FAILED, error: new Error('exporter is shut down') })
    let mapped: ReturnType<typeof otlpTracesToRecords>
    try {
      mapped = otlpTracesToRecords(readableSpansToOtlp(spans), {
        defaultSessionId: this.opts.sessionId,
      })
    } catch (e) {
      return resultCallback({ code: FAILED, error: e as Error })
    }
    const p = this.store.write(mapped.records).then(
      (r) => {
        const bad = mapped.rejected.length + r.rejected.length
        resultCallback(
          bad
            ? {
                code: FAILED,
                error: new Error(
                  `${bad} records not stored: ${mapped.rejected[0]?.reason ?? r.rejected[0]?.reason}`,
                ),
              }
            : { code: SUCCESS },
        )
      },
      (e: Error) => resultCallback({ code: FAILED, error: e }),
    )
    this.pending.add(p)
    void p.finally(() => this.pending.delete(p))
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.pending)
    await this.store.flush()
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return
    await this.forceFlush()
    this.stopped = true
    if (this.owned) await this.store.close()
  }
}
