// Reading a request body with a hard size limit, and gunzipping it with another: a client can
// never make the collector hold more than the limits in memory, gzip bombs included.
import type { IncomingMessage } from 'node:http'
import zlib from 'node:zlib'
import type { BudgetTicket } from './byteBudget'

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 429,
    message: string,
  ) {
    super(message)
    this.name = 'BodyError'
  }
}

/**
 * Collects the body, counting bytes as they stream in. Past `maxBytes` it stops keeping data
 * and rejects at once with 413; the caller answers and closes the connection.
 */
export function readLimitedBody(
  req: IncomingMessage,
  maxBytes: number,
  ticket?: BudgetTicket,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new BodyError(413, `body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const onData = (chunk: Buffer): void => {
      if (done) return
      size += chunk.length
      if (size > maxBytes) {
        done = true
        chunks.length = 0
        reject(new BodyError(413, `body exceeds the limit of ${maxBytes} bytes`))
        return
      }
      // bytes beyond what the ticket already holds (the declared length) are taken as they come
      if (ticket && size > ticket.holding() && !ticket.take(size - ticket.holding())) {
        done = true
        chunks.length = 0
        reject(new BodyError(429, 'the collector is holding as many request bytes as it may'))
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => {
      if (done) return
      done = true
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size))
    })
    req.once('error', (e) => {
      if (done) return
      done = true
      reject(new BodyError(400, `reading the body failed: ${e.message}`))
    })
    req.once('aborted', () => {
      if (done) return
      done = true
      reject(new BodyError(400, 'the client aborted the request before the body was complete'))
    })
  })
}

/** Gunzip off the event loop (libuv pool), refusing output beyond `maxBytes`. */
export function gunzipLimited(
  body: Buffer,
  maxBytes: number,
  ticket?: BudgetTicket,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zlib.gunzip(body, { maxOutputLength: maxBytes }, (err, out) => {
      if (!err) {
        if (ticket && !ticket.take(out.length))
          return reject(
            new BodyError(429, 'the collector is holding as many request bytes as it may'),
          )
        return resolve(out)
      }
      if (
        (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
        err instanceof RangeError
      ) {
        reject(new BodyError(413, `decompressed body exceeds the limit of ${maxBytes} bytes`))
      } else {
        reject(new BodyError(400, `gzip body is corrupt or truncated: ${err.message}`))
      }
    })
  })
}
