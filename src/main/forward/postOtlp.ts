// One OTLP/HTTP POST to an upstream endpoint: the body exactly as it arrived (JSON or
// protobuf, gzip or not), the user's auth headers, a bounded wait. Never throws: a network
// failure is an answer with status null, so callers apply one retry rule to both.
import { retryAfterMs } from './retryPolicy'

export interface OtlpPost {
  /** endpoint base, e.g. http://collector:4318 — the signal's path is appended */
  url: string
  /** '/v1/traces' or '/v1/logs' */
  path: string
  contentType: string
  /** 'gzip' or null */
  contentEncoding: string | null
  body: Uint8Array
  headers: Record<string, string>
  timeoutMs?: number
}

export interface PostAnswer {
  status: number | null
  retryAfterMs: number | null
  /** the error or the start of the answer's body, for the user */
  detail: string
}

export function endpointUrl(base: string, path: string): string {
  // an endpoint given with its signal path already (…/v1/traces) is used as it is
  if (/\/v1\/(traces|logs)\/?$/.test(base)) return base.replace(/\/v1\/(traces|logs)\/?$/, path)
  return `${base.replace(/\/+$/, '')}${path}`
}

export async function postOtlp(p: OtlpPost): Promise<PostAnswer> {
  const headers: Record<string, string> = { ...p.headers, 'content-type': p.contentType }
  if (p.contentEncoding) headers['content-encoding'] = p.contentEncoding
  try {
    const res = await fetch(endpointUrl(p.url, p.path), {
      method: 'POST',
      headers,
      // a Buffer is a valid fetch body; the DOM typings (in the test build) only say ArrayBuffer
      body: p.body as unknown as ArrayBuffer,
      signal: AbortSignal.timeout(p.timeoutMs ?? 10_000),
    })
    const text = await res.text().catch(() => '')
    return {
      status: res.status,
      retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
      detail: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    }
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } }
    return {
      status: null,
      retryAfterMs: null,
      detail: err.cause?.code ?? err.cause?.message ?? err.message,
    }
  }
}
