// A small tracer for agent code that writes straight to a store: startSpan/end, nesting by async
// context (AsyncLocalStorage), withSpan for a function's duration. Spans are enqueued (never
// blocking the agent); the store commits them in batches. A span still open `runningAfterMs`
// after it started is written then as running, and completed in place when it ends, so a viewer
// shows a long step while it runs; a short one is written once, when it ends.
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import type { Attributes, SpanStatus, TraceRecord } from '../shared/domain'
import type { TraceStorage } from './traceStorage'
import { safeRecord } from './safeAttributes'
import { checkSetup } from './arguments'
import { agentIdentity } from '../shared/agentIdentity'

function declaredAgent(attrs: Attributes): string | null {
  const a = agentIdentity(attrs)
  return a?.type === 'gen_ai.agent' ? a.key : null
}

export interface TracerOptions {
  sessionId: string
  agentId?: string | null
  /** called when the store refuses a record (default: a warning on stderr) */
  onRejected?: (reason: string) => void
  /**
   * Write a span as running once it has been open this long (ms; default 100). 0 writes every
   * span when it starts; Infinity only when it ends.
   */
  runningAfterMs?: number
}

export interface SpanOptions {
  attributes?: Attributes
  /** parent span; default: the span active in this async context */
  parent?: ActiveSpan | null
  agentId?: string | null
  kind?: string
  startTime?: number
}

export class ActiveSpan {
  readonly spanId = randomBytes(8).toString('hex')
  readonly startTime: number
  private statusCode: SpanStatus = 'unset'
  private statusMessage: string | null = null
  private readonly extra: TraceRecord[] = []
  private ended = false
  private runningTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly tracer: Tracer,
    readonly name: string,
    readonly traceId: string,
    readonly parentSpanId: string | null,
    readonly attributes: Attributes,
    readonly agentId: string | null,
    startTime?: number,
    readonly spanKind: string = 'internal',
  ) {
    this.startTime = startTime ?? now()
    const after = tracer.runningAfterMs
    if (after === 0) this.writeRunning()
    else if (Number.isFinite(after)) {
      this.runningTimer = setTimeout(() => this.writeRunning(), after)
      // an open span never keeps the agent's process alive
      this.runningTimer.unref()
    }
  }

  /** The span as stored: running (no end time yet) or ended. */
  private record(endTime: number | null): TraceRecord {
    return {
      kind: 'span',
      sessionId: this.tracer.sessionId,
      traceId: this.traceId,
      spanId: this.spanId,
      parentSpanId: this.parentSpanId,
      name: this.name,
      spanKind: this.spanKind,
      agentId: this.agentId,
      startTime: this.startTime,
      endTime,
      status: endTime === null ? 'unset' : this.statusCode,
      statusMessage: endTime === null ? null : this.statusMessage,
      // a copy: the agent may go on changing its attributes before the span ends
      attributes: endTime === null ? { ...this.attributes } : this.attributes,
    }
  }

  private writeRunning(): void {
    this.runningTimer = null
    if (!this.ended) this.tracer.emit([this.record(null)])
  }

  setAttribute(key: string, value: unknown): this {
    this.attributes[key] = value
    return this
  }

  setAttributes(attrs: Attributes): this {
    Object.assign(this.attributes, attrs)
    return this
  }

  get status(): SpanStatus {
    return this.statusCode
  }

  setStatus(status: SpanStatus, message?: string): this {
    this.statusCode = status
    this.statusMessage = message ?? null
    return this
  }

  addEvent(name: string, attributes: Attributes = {}, message: string | null = null): this {
    this.extra.push({
      kind: 'event',
      id: `${this.spanId}:e${this.extra.length}`,
      sessionId: this.tracer.sessionId,
      spanId: this.spanId,
      agentId: this.agentId,
      time: now(),
      name,
      level: null,
      message,
      attributes,
    })
    return this
  }

  /** Records an error on this span (and marks it failed unless a status was set). */
  recordException(err: unknown, recoveryAction: string | null = null): this {
    const e = err instanceof Error ? err : new Error(String(err))
    this.extra.push({
      kind: 'error',
      id: `${this.spanId}:x${this.extra.length}`,
      sessionId: this.tracer.sessionId,
      spanId: this.spanId,
      agentId: this.agentId,
      time: now(),
      type: e.name,
      message: e.message,
      stack: e.stack ?? null,
      recoveryAction,
    })
    if (this.statusCode === 'unset') this.setStatus('error', e.message)
    return this
  }

  end(endTime: number = now()): void {
    if (this.ended) return
    this.ended = true
    if (this.runningTimer) clearTimeout(this.runningTimer)
    this.tracer.emit([this.record(endTime), ...this.extra])
  }
}

/** Wall-clock ms with sub-ms precision that never goes backwards within a process. */
const origin = Date.now() - performance.now()
function now(): number {
  return origin + performance.now()
}

export class Tracer {
  private readonly context = new AsyncLocalStorage<ActiveSpan>()
  readonly sessionId: string
  private readonly agentId: string | null
  private readonly onRejected: (reason: string) => void
  readonly runningAfterMs: number

  constructor(
    private readonly storage: TraceStorage,
    opts: TracerOptions,
  ) {
    checkSetup('createTracer', storage, opts)
    this.sessionId = opts.sessionId
    this.agentId = opts.agentId ?? null
    this.onRejected = opts.onRejected ?? ((reason) => process.emitWarning(`tracescope: ${reason}`))
    const after = opts.runningAfterMs ?? 100
    if (!(after >= 0)) {
      throw new TypeError(
        `tracescope: createTracer's runningAfterMs must be 0 or more (ms), got ${String(after)}`,
      )
    }
    this.runningAfterMs = after
  }

  /** The span active in the current async context, if any. */
  activeSpan(): ActiveSpan | undefined {
    return this.context.getStore()
  }

  /** Starts a span; its parent is the active span unless `parent` says otherwise. Call end(). */
  startSpan(name: string, attributes: Attributes = {}, opts: SpanOptions = {}): ActiveSpan {
    const parent = opts.parent === undefined ? this.activeSpan() : opts.parent
    const traceId = parent?.traceId ?? randomBytes(16).toString('hex')
    const attrs = { ...attributes, ...opts.attributes }
    return new ActiveSpan(
      this,
      name,
      traceId,
      parent?.spanId ?? null,
      attrs,
      // an explicit agentId wins; else the GenAI agent the attributes name (the rule of
      // shared/agentIdentity.ts, as for OTLP), else the parent's agent, else the tracer's
      opts.agentId ?? declaredAgent(attrs) ?? parent?.agentId ?? this.agentId,
      opts.startTime,
      opts.kind,
    )
  }

  /** Runs `fn` inside a new span (active for everything it awaits); errors are recorded and rethrown. */
  async withSpan<T>(
    name: string,
    fn: (span: ActiveSpan) => T | Promise<T>,
    attributes: Attributes = {},
    opts: SpanOptions = {},
  ): Promise<T> {
    const span = this.startSpan(name, attributes, opts)
    try {
      const result = await this.context.run(span, () => fn(span))
      if (span.status === 'unset') span.setStatus('ok')
      return result
    } catch (e) {
      span.recordException(e)
      throw e
    } finally {
      span.end()
    }
  }

  /** Makes `span` the active one while `fn` runs (for spans started by hand). */
  runInSpan<T>(span: ActiveSpan, fn: () => T): T {
    return this.context.run(span, fn)
  }

  /** @internal called by ActiveSpan when it is written */
  emit(records: TraceRecord[]): void {
    const retry: TraceRecord[] = []
    const first: Array<{ label: string; why: string }> = []
    for (const x of this.storage.store.enqueue(records).rejected) {
      const record = records[x.index]
      // values that cannot be stored as they are (or make the record too large) are replaced, and
      // the span, event or error is stored without them rather than lost
      if (
        (x.field === 'attributes' || x.field.startsWith('attributes.') || x.field === 'record') &&
        (record.kind === 'span' || record.kind === 'event' || record.kind === 'error')
      ) {
        retry.push(safeRecord(record))
        first.push({ label: `${x.kind} ${x.id ?? ''}`, why: `${x.field} ${x.reason}` })
      } else this.onRejected(`${x.kind} ${x.id ?? ''} not stored: ${x.field} ${x.reason}`)
    }
    if (retry.length === 0) return
    const refused = new Map(this.storage.store.enqueue(retry).rejected.map((x) => [x.index, x]))
    retry.forEach((r, i) => {
      const x = refused.get(i)
      const replaced = r.kind === 'error' ? 'message and stack cut' : 'attributes replaced'
      this.onRejected(
        x
          ? `${first[i].label} not stored: ${x.field} ${x.reason}`
          : `${first[i].label} stored with ${replaced}: ${first[i].why}`,
      )
    })
  }

  /** Commits every ended span. */
  flush(): Promise<void> {
    return this.storage.flush()
  }
}

export function createTracer(storage: TraceStorage, opts: TracerOptions): Tracer {
  return new Tracer(storage, opts)
}
