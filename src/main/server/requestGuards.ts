// Who may talk to the browser-mode server. Bound to loopback, it still has to refuse pages
// from other sites (a foreign Origin) and DNS-rebinding (a foreign Host), and anyone without
// the random token printed at start.
import { timingSafeEqual } from 'node:crypto'

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

export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(token))
}
