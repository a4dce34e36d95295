// The OTLP/HTTP collector as a server: loopback by default; another address only with an
// explicit `allowRemote` and a bearer token. Used by `tracescope collect` and the app.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { OtlpReceiver } from './otlpReceiver'
import type { CollectorSink, CollectorStats, ReceiverOptions } from './otlpReceiver'
import { isLoopbackHost } from './loopback'
import { createMapPool } from './mapPool'

export interface CollectorOptions {
  store: CollectorSink
  /** default 4318 (OTLP/HTTP); 0 picks a free port */
  port?: number
  /** default 127.0.0.1 */
  host?: string
  /** required for a non-loopback host; clients send `Authorization: Bearer <token>` */
  token?: string
  /** must be true to bind a non-loopback host */
  allowRemote?: boolean
  /** bytes on the wire per request (default 16 MiB) */
  maxBodyBytes?: number
  /** request bytes held at once across all requests (default 160 MiB); past it, 429 */
  maxBufferedBytes?: number
  /** open connections at once (default 256); more are refused */
  maxConnections?: number
  /** bytes after gunzip per request (default 64 MiB) */
  maxDecompressedBytes?: number
  /** records being written at once before requests get 429 (default 50,000) */
  maxInFlightRecords?: number
  retryAfterSeconds?: number
  /**
   * worker threads that decode and map bodies of 32 KiB or more while this thread writes the
   * store (default 1 where there are at least 2 cores, else 0: inline), started on the first
   * such body. A worker that cannot start falls back to inline mapping.
   */
  mapWorkers?: number
  /** handed each stored request as it came in, e.g. Forwarder.enqueue */
  forward?: ReceiverOptions['forward']
}

export interface CollectorHandle {
  port: number
  host: string
  /** e.g. http://127.0.0.1:4318 (append /v1/traces) */
  url: string
  stats(): CollectorStats
  /** stop listening, answer every request in flight (writes finish), close connections */
  close(): Promise<void>
}

export class CollectorConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CollectorConfigError'
  }
}

export async function startCollector(opts: CollectorOptions): Promise<CollectorHandle> {
  const host = opts.host ?? '127.0.0.1'
  const loopback = isLoopbackHost(host)
  if (!loopback && !opts.allowRemote) {
    throw new CollectorConfigError(
      `refusing to listen on ${host}: not a loopback address; pass --allow-remote (and --token) to accept traces from other machines`,
    )
  }
  if (!loopback && !opts.token)
    throw new CollectorConfigError(
      `listening on ${host} needs a token (--token) that clients send as "Authorization: Bearer <token>"`,
    )
  if (opts.token !== undefined && opts.token.length < 8)
    throw new CollectorConfigError('the token must be at least 8 characters')

  // one worker: on two cores the store's thread and the decoding thread then run side by
  // side; a second worker only competes with them (measured: more CPU per span, fewer spans/s)
  const mapper = createMapPool(opts.mapWorkers ?? (os.availableParallelism() > 1 ? 1 : 0))
  const receiver = new OtlpReceiver({
    mapper,
    sink: opts.store,
    maxBodyBytes: opts.maxBodyBytes ?? 16 * 1024 * 1024,
    maxDecompressedBytes: opts.maxDecompressedBytes ?? 64 * 1024 * 1024,
    maxInFlightRecords: opts.maxInFlightRecords ?? 50_000,
    maxBufferedBytes: opts.maxBufferedBytes ?? 160 * 1024 * 1024,
    retryAfterSeconds: opts.retryAfterSeconds ?? 1,
    token: opts.token,
    checkHost: loopback,
    forward: opts.forward,
  })
  const server = http.createServer(
    { requestTimeout: 60_000, headersTimeout: 20_000, keepAliveTimeout: 5_000 },
    receiver.handle,
  )
  // each connection costs a socket and its buffers: a flood of them is refused at accept
  server.maxConnections = opts.maxConnections ?? 256
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new CollectorConfigError(
              `port ${opts.port ?? 4318} on ${host} is already in use (another collector?); pick one with --port`,
            )
          : e,
      ),
    )
    server.listen(opts.port ?? 4318, host, () => resolve())
  }).catch(async (e: unknown) => {
    await mapper.close()
    throw e
  })
  const address = server.address() as AddressInfo
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closed: Promise<void> | null = null
  return {
    port: address.port,
    host,
    url: `http://${urlHost}:${address.port}`,
    stats: () => ({ ...receiver.stats, mappedOffThread: mapper.offThread() }),
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        await receiver.drain()
        server.closeAllConnections()
        await stopped
        await mapper.close()
      })()
      return closed
    },
  }
}
