// Forwards every OTLP request the collector stored to the team's OTLP/HTTP endpoints. Each
// endpoint has a sender that takes the oldest queued request, posts it, and removes it only
// after a 2xx: one copy upstream per request. While the upstream is down the request stays
// queued on disk and is retried by the one retry rule (retryPolicy.ts).
import path from 'node:path'
import type { ForwardEndpointStats, ForwardTarget } from '../../shared/forwardTargets'
import { ForwardQueue } from './forwardQueue'
import type { QueuedRequest } from './forwardQueue'
import { postOtlp } from './postOtlp'
import { backoffMs, outcomeOf } from './retryPolicy'

export type { ForwardTarget }

/** the queue lives beside the store: <dir>/<store name>.forward-queue.db */
export function forwardQueueFileFor(dbPath: string): string {
  return path.join(path.dirname(dbPath), `${path.basename(dbPath)}.forward-queue.db`)
}

export interface ForwarderOptions {
  targets: ForwardTarget[]
  /** the on-disk queue (created when missing; what it holds is sent first) */
  queueFile: string
  /** bound on queued bytes per endpoint */
  maxQueueBytes: number
  /** dropped, rejected, retrying and recovered: for the user to see */
  onEvent?: (e: ForwardEvent) => void
  /** per-request timeout (default 10 s) */
  timeoutMs?: number
}

export type ForwardEvent =
  | { type: 'dropped'; endpoint: string; bytes: number; dropped: number; detail: string }
  | { type: 'rejected'; endpoint: string; detail: string }
  | { type: 'retrying'; endpoint: string; detail: string; delayMs: number; failures: number }
  | { type: 'recovered'; endpoint: string; failures: number }

export type ForwardStats = ForwardEndpointStats

/** What the collector hands over: the request exactly as it came in. */
export interface ForwardableRequest {
  path: '/v1/traces' | '/v1/logs'
  contentType: string
  contentEncoding: string | null
  body: Buffer
}

export class Forwarder {
  private readonly queue: ForwardQueue
  private closed = false
  private queueOpen = true
  /** the counters as they were when the queue closed */
  private final: ForwardStats[] = []
  private readonly wakers = new Map<string, () => void>()
  private readonly lastError = new Map<string, string | null>()
  private readonly loops: Promise<void>[]

  constructor(private readonly opts: ForwarderOptions) {
    const urls = opts.targets.map((t) => t.url)
    if (new Set(urls).size !== urls.length) throw new Error('the same endpoint is given twice')
    this.queue = new ForwardQueue(opts.queueFile, opts.maxQueueBytes)
    this.loops = opts.targets.map((t) => this.send(t))
  }

  /** Queue a stored request for every endpoint (synchronous: it is on disk on return). */
  enqueue(r: ForwardableRequest): void {
    if (this.closed) return
    for (const t of this.opts.targets) {
      let queued: boolean
      let detail = 'the forward queue is full'
      try {
        queued = this.queue.push({ endpoint: t.url, ...r })
      } catch (e) {
        // the store has the request and its client gets its 2xx: only the copy is lost
        queued = false
        detail = `the forward queue could not be written: ${(e as Error).message}`
      }
      if (queued) {
        this.wakers.get(t.url)?.()
        continue
      }
      const c = this.queue.counters(t.url)
      this.opts.onEvent?.({
        type: 'dropped',
        endpoint: t.url,
        bytes: r.body.length,
        dropped: c.dropped,
        detail,
      })
    }
  }

  stats(): ForwardStats[] {
    if (!this.queueOpen) return this.final
    return this.opts.targets.map((t) => ({
      ...this.queue.counters(t.url),
      lastError: this.lastError.get(t.url) ?? null,
    }))
  }

  /**
   * Stop sending. A post in flight is given `graceMs` to be answered (so it is not sent
   * again after a restart); what is still queued stays on disk for the next start.
   */
  async close(graceMs = 2_000): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const wake of this.wakers.values()) wake()
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(this.loops),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
    ])
    clearTimeout(timer)
    this.final = this.stats()
    this.queueOpen = false
    this.queue.close()
  }

  private async send(t: ForwardTarget): Promise<void> {
    let failures = 0
    while (!this.closed) {
      const item = this.queue.peek(t.url)
      if (!item) {
        await this.pause(t.url, null)
        continue
      }
      const answer = await postOtlp({
        url: t.url,
        path: item.path,
        contentType: item.contentType,
        contentEncoding: item.contentEncoding,
        body: item.body,
        headers: t.headers,
        timeoutMs: this.opts.timeoutMs,
      })
      // closed while the post was out: the queue file is closed or about to be; the request
      // stays queued unless this answer is settled right now
      if (!this.queueOpen) return
      const outcome = outcomeOf(answer.status)
      if (outcome === 'retry') {
        failures++
        this.lastError.set(t.url, answer.detail)
        const delayMs = answer.retryAfterMs ?? backoffMs(failures)
        this.opts.onEvent?.({
          type: 'retrying',
          endpoint: t.url,
          detail: answer.detail,
          delayMs,
          failures,
        })
        await this.pause(t.url, delayMs)
        continue
      }
      this.settle(item, outcome === 'done' ? 'forwarded' : 'rejected')
      if (outcome === 'reject')
        this.opts.onEvent?.({ type: 'rejected', endpoint: t.url, detail: answer.detail })
      if (failures > 0) this.opts.onEvent?.({ type: 'recovered', endpoint: t.url, failures })
      failures = 0
      this.lastError.set(t.url, null)
    }
  }

  private settle(item: QueuedRequest, as: 'forwarded' | 'rejected'): void {
    if (this.queueOpen) this.queue.settle(item, as)
  }

  /** wait for new work (ms null) or a delay; close() and enqueue() end the wait early */
  private pause(endpoint: string, ms: number | null): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const timer = ms === null ? undefined : setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      // new work does not cut a backoff short: only close() does
      this.wakers.set(endpoint, ms === null ? done : () => (this.closed ? done() : undefined))
    })
  }
}
