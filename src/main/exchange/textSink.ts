// Text out to a Writable with back-pressure: small writes are gathered into chunks, and the
// producer awaits 'drain' whenever the stream says its buffer is full, so memory stays flat.

import type { Writable } from 'node:stream'

const CHUNK = 64 * 1024

export class TextSink {
  private buf: string[] = []
  private bufLen = 0
  bytes = 0

  constructor(
    private readonly out: Writable | NodeJS.WritableStream,
    private readonly signal?: AbortSignal,
  ) {}

  /** Queue text; resolves at once unless the chunk had to wait for the stream to drain. */
  async write(text: string): Promise<void> {
    this.buf.push(text)
    this.bufLen += text.length
    if (this.bufLen >= CHUNK) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.signal?.aborted) throw abortError()
    if (!this.bufLen) return
    const chunk = this.buf.join('')
    this.buf = []
    this.bufLen = 0
    this.bytes += Buffer.byteLength(chunk)
    // a stream that already failed (full disk) would never emit 'drain' again
    const failed = outputFailure(this.out)
    if (failed) throw failed
    if (!this.out.write(chunk)) await drained(this.out, this.signal)
  }
}

function outputFailure(out: Writable | NodeJS.WritableStream): Error | null {
  const w = out as Partial<Writable>
  if (w.errored) return w.errored
  if (w.destroyed) return new Error('output closed before the export finished')
  return null
}

function drained(out: Writable | NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      out.off('drain', onDrain)
      out.off('error', onError)
      out.off('close', onClose)
      signal?.removeEventListener('abort', onAbort)
      if (err) reject(err)
      else resolve()
    }
    const onDrain = (): void => done()
    const onError = (e: Error): void => done(e)
    const onClose = (): void => done(new Error('output closed before the export finished'))
    const onAbort = (): void => done(abortError())
    out.on('drain', onDrain)
    out.on('error', onError)
    out.on('close', onClose)
    signal?.addEventListener('abort', onAbort)
  })
}

export function abortError(): Error {
  const e = new Error('aborted')
  e.name = 'AbortError'
  return e
}
