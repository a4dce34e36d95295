// The in-process transport: the typed client calling the handler table directly (tests, CLI,
// benchmarks). Payloads are structured-cloned both ways so callers cannot share mutable state
// with main — exactly what the other transports guarantee.
import type { TraceApi } from '../../shared/contract/api'
import { createTraceApi } from '../../shared/contract/client'
import type { EventChannel } from '../../shared/contract/events'
import type { AppCore } from './appCore'

export function inProcessApi(
  core: AppCore,
  callerId = 'in-process',
  opts: { clone?: boolean } = {},
): TraceApi & { close(): Promise<void> } {
  const clone = opts.clone ?? true
  const listeners = new Set<(channel: EventChannel, payload: unknown) => void>()
  core.connect(callerId, (channel, payload) => {
    const p = clone ? structuredClone(payload) : payload
    queueMicrotask(() => {
      for (const l of listeners) l(channel, p)
    })
  })
  const api = createTraceApi(
    {
      async invoke(channel, input) {
        const env = await core.dispatch(channel, clone ? structuredClone(input) : input, {
          callerId,
          transport: 'in-process',
        })
        return clone ? structuredClone(env) : env
      },
      onEvent(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    'in-process',
  )
  return Object.assign(api, { close: () => core.disconnect(callerId) })
}
