// `export --format otlp --to <url>`: the OTLP export pushed to an OTLP/HTTP endpoint, one
// request per resourceSpans block (≤ 1,000 spans), with the forwarder's retry rule. A request
// that keeps failing past `retryForMs` ends the push with an error saying how far it got;
// nothing is sent twice after a 2xx.
import type { TraceQueries } from '../../shared/queries'
import type { TraceFilter } from './filters'
import type { ExportCounter } from './exportTypes'
import { otlpResourceBlocks } from './exportOtlp'
import { postOtlp } from '../forward/postOtlp'
import { backoffMs, outcomeOf } from '../forward/retryPolicy'

export interface PushTarget {
  url: string
  headers: Record<string, string>
}

export interface PushOptions {
  /** give up on one request after this long without a 2xx (default 60 s) */
  retryForMs?: number
  signal?: AbortSignal
  onProgress?: (p: PushProgress) => void
  timeoutMs?: number
}

export interface PushProgress {
  requests: number
  spans: number
  bytes: number
  retries: number
}

export interface PushResult extends PushProgress {
  sessions: number
  ms: number
}

export class PushError extends Error {
  constructor(
    message: string,
    readonly progress: PushProgress,
  ) {
    super(message)
    this.name = 'PushError'
  }
}

export async function pushOtlp(
  q: TraceQueries,
  filter: TraceFilter,
  target: PushTarget,
  opts: PushOptions = {},
): Promise<PushResult> {
  const started = Date.now()
  const retryForMs = opts.retryForMs ?? 60_000
  const done: PushProgress = { requests: 0, spans: 0, bytes: 0, retries: 0 }
  let sessions = 0
  const counter: ExportCounter = {
    phase: () => undefined,
    records(kind, n) {
      if (kind === 'session') sessions += n
    },
  }
  for (const block of otlpResourceBlocks(q, filter, counter)) {
    const body = Buffer.from(`{"resourceSpans":[${block.json}]}`)
    let failures = 0
    const firstTry = Date.now()
    for (;;) {
      if (opts.signal?.aborted) throw new PushError('stopped', { ...done })
      const answer = await postOtlp({
        url: target.url,
        path: '/v1/traces',
        contentType: 'application/json',
        contentEncoding: null,
        body,
        headers: target.headers,
        timeoutMs: opts.timeoutMs,
      })
      const outcome = outcomeOf(answer.status)
      if (outcome === 'done') break
      const sent = `${done.requests} request${done.requests === 1 ? '' : 's'} (${done.spans} spans) had been sent`
      if (outcome === 'reject')
        throw new PushError(
          `${target.url} refused request ${done.requests + 1}: ${answer.detail}; ${sent}`,
          {
            ...done,
          },
        )
      failures++
      const delay = answer.retryAfterMs ?? backoffMs(failures)
      if (Date.now() + delay - firstTry > retryForMs)
        throw new PushError(
          `${target.url} did not accept request ${done.requests + 1} within ${Math.round(retryForMs / 1000)} s (last: ${answer.detail}); ${sent}`,
          { ...done },
        )
      done.retries++
      await sleep(delay, opts.signal)
    }
    done.requests++
    done.bytes += body.length
    done.spans += block.spans
    opts.onProgress?.({ ...done })
  }
  return { ...done, sessions, ms: Date.now() - started }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t)
        resolve()
      },
      { once: true },
    )
  })
}
