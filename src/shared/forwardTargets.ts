// Reading what the user wrote for forwarding (CLI flags, the app's Settings): endpoint URLs and
// `name=value` headers, checked before anything starts so a typo is an error that names it, not
// a silent non-delivery. Shared: the settings form checks as the user types, main checks again.

/** one OTLP/HTTP endpoint to forward to, with the headers sent to it */
export interface ForwardTarget {
  /** OTLP/HTTP base URL, e.g. http://collector.internal:4318 */
  url: string
  /** sent with every request, e.g. { authorization: 'Bearer …' } */
  headers: Record<string, string>
}

export function parseForwardUrl(raw: string, flag = '--forward'): string {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw new Error(
      `${flag} ${JSON.stringify(raw)} is not a URL; expected e.g. http://collector:4318`,
    )
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error(`${flag} ${raw}: only http:// and https:// OTLP/HTTP endpoints are supported`)
  if (u.username || u.password)
    throw new Error(`${flag} ${raw}: put credentials in a header, not in the URL`)
  return u.toString().replace(/\/+$/, '')
}

// header names per RFC 9110 token; values without control characters
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

export function parseForwardHeader(raw: string, flag = '--forward-header'): [string, string] {
  const eq = raw.indexOf('=')
  if (eq <= 0)
    throw new Error(
      `${flag} ${JSON.stringify(raw)}: expected name=value, e.g. authorization=Bearer abc`,
    )
  const name = raw.slice(0, eq).trim()
  const value = raw.slice(eq + 1).trim()
  if (!TOKEN.test(name))
    throw new Error(`${flag}: ${JSON.stringify(name)} is not a valid header name`)
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new Error(`${flag} ${name}: the value holds a control character`)
  const lower = name.toLowerCase()
  if (lower === 'content-type' || lower === 'content-encoding' || lower === 'content-length')
    throw new Error(`${flag} ${name}: set by Tracescope from the request it forwards`)
  return [lower, value]
}

/** what one forward endpoint has taken so far (kept on disk, so it survives restarts) */
export interface ForwardEndpointStats {
  endpoint: string
  /** requests waiting, and their bytes */
  queued: number
  queuedBytes: number
  /** requests the endpoint accepted */
  forwarded: number
  /** requests dropped because the queue was full (or one request was bigger than it) */
  dropped: number
  droppedBytes: number
  /** requests the endpoint refused for good (a 4xx other than 408/429) */
  rejected: number
  /** the last failure's detail while the endpoint is failing, else null */
  lastError: string | null
}

/** why a URL cannot be forwarded to, or null when it can */
export function forwardUrlProblem(raw: string): string | null {
  try {
    parseForwardUrl(raw, 'endpoint')
    return null
  } catch (e) {
    return (e as Error).message
  }
}
