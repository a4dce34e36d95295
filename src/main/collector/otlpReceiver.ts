// The OTLP/HTTP request handler: POST /v1/traces and /v1/logs, JSON or protobuf, gzip or not.
// A 2xx is sent only after the store committed the records: nothing answered 2xx is lost.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import type { TraceRecord } from '../../shared/domain'
import type { WriteResult } from '../store/storeApi'
import { STORE_DEFAULTS } from '../store/traceStore'
import { OtlpRequestError, encodeExportResponse, encodeStatus, encodingOf } from '../otlp'
import type { OtlpEncoding, OtlpMapResult, OtlpSignal } from '../otlp'
import type { MapPool } from './mapPool'
import { ByteBudget } from './byteBudget'
import { BodyError, gunzipLimited, readLimitedBody } from './readBody'
import { hostHeaderIsLoopback } from './loopback'
import type { ForwardableRequest } from '../forward/forwarder'

/** What the collector needs of a store: the native TraceStore, or the app's service wrapper. */
export interface CollectorSink {
  write(records: TraceRecord[]): Promise<WriteResult>
  /** the store's queue, when it can tell: other writers' records count against the budget too */
  counters?(): { queued: number }
  /** records per transaction: less than this queued, `commit()` is called at once */
  readonly batchSize?: number
  /** commit what is queued now, without waiting for the batch to fill or its timer (and
   *  without catching the search index up, which the store does when idle) */
  commit?(): Promise<void>
}

export interface ReceiverOptions {
  sink: CollectorSink
  /** bytes on the wire (default 16 MiB) */
  maxBodyBytes: number
  /** bytes after gunzip (default 64 MiB) */
  maxDecompressedBytes: number
  /** records being written at once before new requests get 429 (default 50,000) */
  maxInFlightRecords: number
  /** seconds suggested to throttled clients */
  retryAfterSeconds: number
  token?: string
  /** enforce a loopback Host header (on when bound to loopback) */
  checkHost: boolean
  /** decodes and maps bodies (inline or on worker threads) */
  mapper: MapPool
  /** request bytes (bodies and gunzipped text) held at once across requests; past it, 429 */
  maxBufferedBytes: number
  /** handed each stored request as it came in (before its 2xx), e.g. to forward it upstream */
  forward?: (r: ForwardableRequest) => void
}

export interface CollectorStats {
  requests: number
  acceptedSpans: number
  rejectedSpans: number
  acceptedLogRecords: number
  throttled: number
  failed: number
  inFlightRecords: number
  /** request bodies decoded and mapped on a worker thread */
  mappedOffThread?: number
}

const PATHS: Record<string, OtlpSignal> = { '/v1/traces': 'traces', '/v1/logs': 'logs' }
// google.rpc.Code values for the Status body
const RPC = {
  INVALID_ARGUMENT: 3,
  UNAUTHENTICATED: 16,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  UNIMPLEMENTED: 12,
  NOT_FOUND: 5,
}

export class OtlpReceiver {
  readonly stats: CollectorStats = {
    requests: 0,
    acceptedSpans: 0,
    rejectedSpans: 0,
    acceptedLogRecords: 0,
    throttled: 0,
    failed: 0,
    inFlightRecords: 0,
  }
  private closing = false
  /** requests whose body is being read or mapped: their records will reach the queue soon */
  private reading = 0
  private idleWaiters: Array<() => void> = []
  private readonly tokenBuf: Buffer | null

  private readonly budget: ByteBudget

  constructor(private readonly opts: ReceiverOptions) {
    this.budget = new ByteBudget(opts.maxBufferedBytes)
    this.tokenBuf = opts.token ? Buffer.from(`Bearer ${opts.token}`) : null
  }

  /** Stop taking new work (503) and resolve once every write in flight has been answered. */
  drain(): Promise<void> {
    this.closing = true
    if (this.stats.inFlightRecords === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.stats.requests++
    this.serve(req, res).catch((e: unknown) => {
      this.stats.failed++
      this.fail(req, res, 500, null, RPC.UNAVAILABLE, `internal error: ${(e as Error).message}`)
    })
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0]
    const signal = PATHS[path]
    const encoding = encodingOf(req.headers['content-type'])
    if (this.opts.checkHost && !hostHeaderIsLoopback(req.headers.host)) {
      return this.fail(
        req,
        res,
        403,
        encoding,
        RPC.INVALID_ARGUMENT,
        'Host header must name a loopback address',
      )
    }
    if (!signal)
      return this.fail(
        req,
        res,
        404,
        encoding,
        RPC.NOT_FOUND,
        `no such endpoint ${path}; use POST /v1/traces or /v1/logs`,
      )
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return this.fail(
        req,
        res,
        405,
        encoding,
        RPC.UNIMPLEMENTED,
        `${req.method} is not allowed on ${path}; use POST`,
      )
    }
    if (this.tokenBuf && !this.authorized(req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer')
      return this.fail(
        req,
        res,
        401,
        encoding,
        RPC.UNAUTHENTICATED,
        'missing or wrong bearer token',
      )
    }
    if (!encoding) {
      return this.fail(
        req,
        res,
        415,
        null,
        RPC.INVALID_ARGUMENT,
        `unsupported Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')}; send application/json or application/x-protobuf`,
      )
    }
    const contentEncoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase()
    if (contentEncoding !== 'gzip' && contentEncoding !== 'identity') {
      return this.fail(
        req,
        res,
        415,
        encoding,
        RPC.INVALID_ARGUMENT,
        `unsupported Content-Encoding ${JSON.stringify(contentEncoding)}; send gzip or none`,
      )
    }
    if (this.closing)
      return this.throttle(req, res, 503, encoding, 'the collector is shutting down')

    // admitted by its declared size before a byte of the body is read
    const ticket = this.budget.open()
    res.once('close', () => ticket.release())
    const declared = Number(req.headers['content-length'])
    const declaredOk =
      Number.isFinite(declared) && declared >= 0 && declared <= this.opts.maxBodyBytes
    if (declaredOk && !ticket.take(declared))
      return this.throttle(req, res, 429, encoding, busyMessage(this.budget))

    let mapped: OtlpMapResult
    // the bytes as they came in, kept only when they are to be forwarded
    let wire: Buffer | null = null
    this.reading++
    try {
      let body: Buffer
      try {
        body = await readLimitedBody(req, this.opts.maxBodyBytes, ticket)
        if (this.opts.forward) wire = body
        if (contentEncoding === 'gzip')
          body = await gunzipLimited(body, this.opts.maxDecompressedBytes, ticket)
      } catch (e) {
        if (!(e instanceof BodyError)) throw e
        if (e.status === 429)
          return this.throttle(req, res, 429, encoding, busyMessage(this.budget))
        return this.fail(req, res, e.status, encoding, RPC.INVALID_ARGUMENT, e.message)
      }
      try {
        mapped = await this.opts.mapper.map(signal, encoding, body)
      } catch (e) {
        if (!(e instanceof OtlpRequestError)) throw e
        return this.fail(req, res, 400, encoding, RPC.INVALID_ARGUMENT, e.message)
      }
    } finally {
      this.reading--
    }

    const n = mapped.records.length
    // ours are in the store's queue too, so the larger of the two is the load
    const inFlight = Math.max(this.stats.inFlightRecords, this.opts.sink.counters?.().queued ?? 0)
    // one request bigger than the whole budget still gets in when nothing else is being written
    if (inFlight > 0 && inFlight + n > this.opts.maxInFlightRecords) {
      return this.throttle(
        req,
        res,
        429,
        encoding,
        `the writer queue is full (${inFlight} records being written); retry later`,
      )
    }
    if (this.closing)
      return this.throttle(req, res, 503, encoding, 'the collector is shutting down')

    let result: WriteResult = { written: 0, rejected: [] }
    if (n > 0) {
      this.stats.inFlightRecords += n
      try {
        const writing = this.opts.sink.write(mapped.records)
        // Nothing else is on its way into the queue and less than a batch waits: commit now
        // instead of idling until the timer fires (the clients are all waiting for their
        // answers). A full batch commits by itself. commit(), not flush(): flush() would also
        // catch the search index up in the middle of a burst, which the store does when idle.
        const queued = this.opts.sink.counters?.().queued ?? 0
        if (this.reading === 0 && queued < (this.opts.sink.batchSize ?? STORE_DEFAULTS.batchSize))
          this.opts.sink.commit?.().catch(() => undefined)
        result = await writing
      } catch (e) {
        this.stats.failed++
        return this.throttle(
          req,
          res,
          503,
          encoding,
          `the store could not write: ${(e as Error).message}`,
        )
      } finally {
        this.stats.inFlightRecords -= n
        if (this.stats.inFlightRecords === 0 && this.idleWaiters.length)
          for (const w of this.idleWaiters.splice(0)) w()
      }
    }
    if (wire && mapped.accepted > 0)
      this.opts.forward?.({
        path: signal === 'traces' ? '/v1/traces' : '/v1/logs',
        contentType: contentTypeOf(encoding),
        contentEncoding: contentEncoding === 'gzip' ? 'gzip' : null,
        body: wire,
      })
    this.answer(res, signal, encoding, mapped, result)
  }

  private answer(
    res: ServerResponse,
    signal: OtlpSignal,
    encoding: OtlpEncoding,
    mapped: OtlpMapResult,
    result: WriteResult,
  ): void {
    const unit = signal === 'traces' ? 'span' : 'event'
    const storeRejected = result.rejected.filter((r) => r.kind === unit)
    const rejected = mapped.rejected.length + storeRejected.length
    const accepted = mapped.accepted - storeRejected.length
    if (signal === 'traces') {
      this.stats.acceptedSpans += accepted
      this.stats.rejectedSpans += rejected
    } else this.stats.acceptedLogRecords += accepted
    const reasons = [
      ...mapped.rejected.map((r) => `#${r.index}: ${r.reason}`),
      ...storeRejected.map((r) => `${r.kind} ${r.id ?? ''} ${r.field}: ${r.reason}`),
      ...result.rejected
        .filter((r) => r.kind !== unit)
        .map((r) => `${r.kind} ${r.id ?? ''} ${r.field}: ${r.reason}`),
    ]
    const message = reasons.length
      ? truncate(
          `${reasons.length} rejected: ${reasons.slice(0, 20).join('; ')}${reasons.length > 20 ? '; …' : ''}`,
        )
      : ''
    const body = encodeExportResponse(signal, encoding, rejected, message)
    res.writeHead(200, {
      'Content-Type': contentTypeOf(encoding),
      'Content-Length': Buffer.byteLength(body),
    })
    res.end(body)
  }

  private authorized(header: string | undefined): boolean {
    if (!header || !this.tokenBuf) return false
    const got = Buffer.from(header)
    return got.length === this.tokenBuf.length && timingSafeEqual(got, this.tokenBuf)
  }

  private throttle(
    req: IncomingMessage,
    res: ServerResponse,
    status: 429 | 503,
    encoding: OtlpEncoding | null,
    message: string,
  ): void {
    this.stats.throttled++
    res.setHeader('Retry-After', String(this.opts.retryAfterSeconds))
    this.fail(
      req,
      res,
      status,
      encoding,
      status === 429 ? RPC.RESOURCE_EXHAUSTED : RPC.UNAVAILABLE,
      message,
    )
  }

  private fail(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    encoding: OtlpEncoding | null,
    code: number,
    message: string,
  ): void {
    if (res.headersSent) return
    const body = encodeStatus(encoding, code, message)
    const unread = !req.complete
    // a body we did not read: answer, then close rather than read on (it may be huge)
    res.writeHead(status, {
      'Content-Type': contentTypeOf(encoding ?? 'json'),
      'Content-Length': Buffer.byteLength(body),
      ...(unread ? { Connection: 'close' } : {}),
    })
    res.end(body)
    if (unread) {
      req.resume() // let the answer get out while the client is still sending
      const timer = setTimeout(() => req.socket.destroy(), 2000)
      timer.unref()
      res.once('close', () => clearTimeout(timer))
    }
  }
}

function busyMessage(budget: ByteBudget): string {
  const mib = (n: number) => Math.round(n / 1024 / 1024)
  return `the collector is busy (${mib(budget.inUse())} of ${mib(budget.limit)} MiB of request bodies in memory); retry later`
}

function contentTypeOf(encoding: OtlpEncoding): string {
  return encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json'
}

function truncate(s: string): string {
  return s.length > 4000 ? `${s.slice(0, 3999)}…` : s
}
