// Which addresses count as "this machine only", for binding and for the Host header check.
import net from 'node:net'

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h === '::1') return true
  return net.isIPv4(h) && h.startsWith('127.')
}

/**
 * Host header of a request to a loopback-bound server: must name a loopback host, so a web page
 * that rebinds its own DNS name to 127.0.0.1 cannot reach the collector.
 */
export function hostHeaderIsLoopback(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader)
  return m !== null && isLoopbackHost(m[1])
}
