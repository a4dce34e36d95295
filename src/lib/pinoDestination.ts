// A pino destination: `pino(opts, pinoDestination(storage, { sessionId }))`. pino hands its
// destination one JSON line per log call, so this is a plain Writable with no pino import:
// the SDK gains no dependency, and it also works under pino.multistream.
import { Writable } from 'node:stream'
import type { Attributes } from '../shared/domain'
import { checkSetup } from './arguments'
import { LogHandler } from './logHandler'
import type { LogHandlerOptions, LogLevel } from './logHandler'
import type { TraceStorage } from './traceStorage'

/** pino's numeric levels (10 trace … 60 fatal). */
export function pinoLevel(level: unknown): LogLevel {
  if (typeof level === 'string') {
    const l = level.toLowerCase()
    return l === 'warn'
      ? 'warning'
      : ((['trace', 'debug', 'info', 'warning', 'error', 'fatal'].includes(l)
          ? l
          : 'info') as LogLevel)
  }
  const n = typeof level === 'number' ? level : 30
  if (n >= 60) return 'fatal'
  if (n >= 50) return 'error'
  if (n >= 40) return 'warning'
  if (n >= 30) return 'info'
  if (n >= 20) return 'debug'
  return 'trace'
}

interface PinoErr {
  type?: string
  message?: string
  stack?: string
}

export class PinoDestination extends Writable {
  readonly handler: LogHandler
  private partial = ''

  constructor(storage: TraceStorage, opts: LogHandlerOptions) {
    super({ decodeStrings: false })
    this.handler = new LogHandler(storage, opts)
  }

  override _write(
    chunk: string | Buffer,
    _enc: BufferEncoding,
    done: (e?: Error | null) => void,
  ): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'))
    const lines = text.split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) if (line.trim()) this.line(line)
    done()
  }

  override _final(done: (e?: Error | null) => void): void {
    if (this.partial.trim()) this.line(this.partial)
    this.partial = ''
    this.handler.close().then(() => done(), done)
  }

  /** Writes what is buffered; resolves once committed. */
  flush(): Promise<void> {
    return this.handler.flush()
  }

  private line(line: string): void {
    let obj: Record<string, unknown>
    try {
      obj = JSON.parse(line) as Record<string, unknown>
    } catch {
      this.handler.log('info', line) // not JSON (a custom formatter): keep the text
      return
    }
    const { level, time, msg, err, ...rest } = obj
    const when =
      typeof time === 'number'
        ? time
        : typeof time === 'string' && !Number.isNaN(Date.parse(time))
          ? Date.parse(time)
          : Date.now()
    const message = typeof msg === 'string' ? msg : msg === undefined ? '' : JSON.stringify(msg)
    const attrs = rest as Attributes
    if (err && typeof err === 'object') {
      const e = err as PinoErr
      const error = new Error(e.message ?? message)
      error.name = e.type ?? 'Error'
      error.stack = e.stack ?? undefined
      this.handler.exception(error, message || e.message, attrs, when)
    } else {
      this.handler.log(pinoLevel(level), message, attrs, when)
    }
  }
}

export function pinoDestination(storage: TraceStorage, opts: LogHandlerOptions): PinoDestination {
  checkSetup('pinoDestination', storage, opts)
  return new PinoDestination(storage, opts)
}
