// The renderer's one way to talk to main: Electron's preload bridge when present, else the
// browser transport of `tracescope serve`. Views import getTraceApi() and nothing lower.
import type { TraceApi } from '../../shared/contract/api'
import { createTraceApi } from '../../shared/contract/client'
import { browserTransport, tokenFromLocation, wsUrlFor } from './browserTransport'
import { electronBridge, electronTransport } from './electronTransport'

let api: TraceApi | null = null

export function getTraceApi(): TraceApi {
  if (api) return api
  const bridge = electronBridge()
  if (bridge) {
    api = createTraceApi(electronTransport(bridge), 'electron')
    return api
  }
  const token = tokenFromLocation(location)
  if (!token) {
    throw new Error('No access token in the page address: open the URL `tracescope serve` printed.')
  }
  api = createTraceApi(browserTransport(wsUrlFor(location, token)), 'browser')
  return api
}

/** tests and storybook-like harnesses: use this API instead of picking one */
export function setTraceApi(next: TraceApi | null): void {
  api = next
}

export { ContractError } from '../../shared/contract/errors'
export type { TraceApi } from '../../shared/contract/api'
