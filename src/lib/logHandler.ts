// A logging handler in the spirit of ddeutil-workflow's SQLiteHandler: buffered, flushed by size or
// interval, when the process is about to exit and when it is asked to stop (SIGTERM/SIGINT, see
// signalFlush.ts); console-style calls. Log lines become events (linked to the active tracer span
// if there is one); exceptions also become error records.
import { randomUUID } from 'node:crypto'
import type { Attributes, TraceRecord } from '../shared/domain'
import { checkSetup } from './arguments'
import { flushOnSignals, stopFlushOnSignals } from './signalFlush'
import { queueOnExit, stopQueueOnExit } from './exitCommit'
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
  /** attributes added to every record (ddeutil-workflow's `extras`) */
  extras?: Attributes
  /** link records to the span active in this tracer's async context */
  tracer?: Tracer
  /**
   * flush when the event loop empties before exit, and on SIGTERM/SIGINT before the signal takes
   * effect (default true). After process.exit() nothing can be written: call close() first.
   */
  flushOnExit?: boolean
}

// a background flush has no caller to reject to: say so instead of an unhandled rejection
const warn = (err: unknown): void =>
  process.emitWarning(`tracescope: log records not stored: ${(err as Error).message}`)

export class LogHandler {
  private buffer: TraceRecord[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly inflight = new Set<Promise<void>>()
  private closed = false
  private readonly bufferSize: number
  private readonly exitHook = (): void => void this.flush().catch(warn)

  constructor(
    private readonly storage: TraceStorage,
    private readonly opts: LogHandlerOptions,
  ) {
    checkSetup('createLogHandler', storage, opts)
    this.bufferSize = Math.max(1, opts.bufferSize ?? 100)
    if (opts.flushOnExit ?? true) {
      process.on('beforeExit', this.exitHook)
      flushOnSignals(this)
      queueOnExit(this)
    }
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
    if (this.closed)
      throw new Error(
        `tracescope: log handler for session ${this.opts.sessionId} is closed; line not stored: ${message.slice(0, 80)}`,
      )
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

  /** Writes everything buffered; resolves once it and every earlier flush are committed. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.buffer.length > 0) {
      const batch = this.buffer
      this.buffer = []
      // written at once: the store's queue commits in arrival order, so batches stay in order
      const w: Promise<void> = this.storage.store.write(batch).then(
        (r) => {
          this.inflight.delete(w)
          if (r.rejected.length)
            process.emitWarning(
              `tracescope: ${r.rejected.length} log record${r.rejected.length === 1 ? '' : 's'} not stored (first: ${r.rejected[0].field} ${r.rejected[0].reason})`,
            )
        },
        (err: unknown) => {
          this.inflight.delete(w)
          throw err
        },
      )
      this.inflight.add(w)
    }
    return Promise.all(this.inflight).then(() => undefined)
  }

  /** The process is ending (exitCommit.ts): the buffer goes to the store's queue at once. */
  bufferToQueue(): void {
    if (this.buffer.length === 0) return
    const batch = this.buffer
    this.buffer = []
    this.storage.store.enqueue(batch)
  }

  /** Nothing buffered and nothing on its way to the store. */
  get idle(): boolean {
    return this.buffer.length === 0 && this.inflight.size === 0
  }

  /**
   * Commits the buffer without waiting for the store's batching interval: the store's commit
   * starts in the same tick as the write, before any timer (so before the application can log
   * again). Used by the signal drain (signalFlush.ts).
   */
  async drain(): Promise<void> {
    const done = this.flush()
    void this.storage.store.flush().catch(() => undefined)
    await done
  }

  /**
   * Commits everything buffered. A line logged once close() has been called throws (it is
   * refused, never accepted and then dropped).
   */
  async close(): Promise<void> {
    this.closed = true
    try {
      await this.flush()
    } finally {
      process.off('beforeExit', this.exitHook)
      stopFlushOnSignals(this)
      stopQueueOnExit(this)
    }
  }

  private schedule(): void {
    if (this.buffer.length >= this.bufferSize) {
      void this.flush().catch(warn)
      return
    }
    if (!this.timer) {
      this.timer = setTimeout(
        () => void this.flush().catch(warn),
        this.opts.flushIntervalMs ?? 1000,
      )
      // the interval alone must not keep a finished script alive; beforeExit flushes the rest
      this.timer.unref()
    }
  }
}

export function createLogHandler(storage: TraceStorage, opts: LogHandlerOptions): LogHandler {
  return new LogHandler(storage, opts)
}
