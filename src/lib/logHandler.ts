// A logging handler in the spirit of seed 001's SQLiteHandler: buffered, flushed by size or
// interval and when the process is about to exit; console-style calls. Log lines become events
// (linked to the active tracer span if there is one); exceptions also become error records.
import { randomUUID } from 'node:crypto'
import type { Attributes, TraceRecord } from '../shared/domain'
import type { TraceStorage } from './traceStorage'
import type { Tracer } from './tracer'

export type LogLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'fatal'

export interface LogHandlerOptions {
  sessionId: string
  agentId?: string | null
  /** records kept before a flush (default 100) */
  bufferSize?: number
  /** ms between flushes of a partly filled buffer (default 1000) */
  flushIntervalMs?: number
  /** attributes added to every record (seed 001's `extras`) */
  extras?: Attributes
  /** link records to the span active in this tracer's async context */
  tracer?: Tracer
  /** flush when the event loop empties before exit (default true); after process.exit() nothing can be written, call close() first */
  flushOnExit?: boolean
}

export class LogHandler {
  private buffer: TraceRecord[] = []
  private timer: NodeJS.Timeout | null = null
  private pending: Promise<void> = Promise.resolve()
  private closed = false
  private readonly bufferSize: number
  private readonly exitHook = (): void => void this.flush()

  constructor(
    private readonly storage: TraceStorage,
    private readonly opts: LogHandlerOptions,
  ) {
    this.bufferSize = Math.max(1, opts.bufferSize ?? 100)
    if (opts.flushOnExit ?? true) process.on('beforeExit', this.exitHook)
  }

  /** Records waiting for the next flush. */
  get buffered(): number {
    return this.buffer.length
  }

  log(level: LogLevel, message: string, attributes: Attributes = {}, time = Date.now()): void {
    this.buffer.push(this.event(level, message, attributes, time))
    this.schedule()
  }

  private event(
    level: LogLevel,
    message: string,
    attributes: Attributes,
    time: number,
  ): Extract<TraceRecord, { kind: 'event' }> {
    if (this.closed) throw new Error('log handler is closed')
    const span = this.opts.tracer?.activeSpan()
    return {
      kind: 'event',
      id: randomUUID(),
      sessionId: this.opts.sessionId,
      spanId: span?.spanId ?? null,
      agentId: this.opts.agentId ?? null,
      time,
      name: 'log',
      level,
      message,
      attributes: this.opts.extras ? { ...this.opts.extras, ...attributes } : attributes,
    }
  }

  debug(message: string, attributes?: Attributes): void {
    this.log('debug', message, attributes)
  }
  info(message: string, attributes?: Attributes): void {
    this.log('info', message, attributes)
  }
  warn(message: string, attributes?: Attributes): void {
    this.log('warning', message, attributes)
  }
  error(message: string, attributes?: Attributes): void {
    this.log('error', message, attributes)
  }

  /** An error log line plus an error record carrying type, message and stack. */
  exception(err: unknown, message?: string, attributes: Attributes = {}, time = Date.now()): void {
    const e = err instanceof Error ? err : new Error(String(err))
    const event = this.event(
      'error',
      message ?? e.message,
      { ...attributes, 'exception.type': e.name },
      time,
    )
    // both records in the buffer before a size flush can take one of them
    this.buffer.push(event, {
      kind: 'error',
      id: `${event.id}:x`,
      sessionId: this.opts.sessionId,
      spanId: event.spanId ?? null,
      agentId: event.agentId ?? null,
      time,
      type: e.name,
      message: e.message,
      stack: e.stack ?? null,
    })
    this.schedule()
  }

  /** Writes everything buffered; resolves once committed. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.buffer.length === 0) return this.pending
    const batch = this.buffer
    this.buffer = []
    // chained so batches commit in order and a later flush() waits for earlier ones
    this.pending = this.pending.then(async () => {
      const r = await this.storage.store.write(batch)
      if (r.rejected.length)
        process.emitWarning(
          `tracescope: ${r.rejected.length} log records not stored (first: ${r.rejected[0].field} ${r.rejected[0].reason})`,
        )
    })
    return this.pending
  }

  async close(): Promise<void> {
    await this.flush()
    this.closed = true
    process.off('beforeExit', this.exitHook)
  }

  private schedule(): void {
    if (this.buffer.length >= this.bufferSize) {
      void this.flush()
      return
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.flushIntervalMs ?? 1000)
      // the interval alone must not keep a finished script alive; beforeExit flushes the rest
      this.timer.unref()
    }
  }
}

export function createLogHandler(storage: TraceStorage, opts: LogHandlerOptions): LogHandler {
  return new LogHandler(storage, opts)
}
