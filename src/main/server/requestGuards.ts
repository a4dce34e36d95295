// Who may talk to the browser-mode server. Bound to loopback, it still has to refuse pages
// from other sites (a foreign Origin) and DNS-rebinding (a foreign Host), and anyone without
// the random token printed at start.
import { createHash, timingSafeEqual } from 'node:crypto'

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

/** Host header must name this server on a loopback name, with our port. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false
  const h = host.toLowerCase()
  return LOOPBACK_NAMES.some((name) => h === `${name}:${port}`)
}

/** An Origin, when the browser sends one, must be this server itself. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`)
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

/**
 * Compares SHA-256 digests, which always have the same length: comparing the strings' bytes
 * throws when a token has the right length in characters but not in bytes (any non-ASCII
 * character), and a thrown guard must never be how a request is answered.
 */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false
  return timingSafeEqual(digest(given), digest(token))
}

/** The request target as a URL, or null when it does not parse (`GET http://a:xx/`). */
export function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost')
  } catch {
    return null
  }
}
