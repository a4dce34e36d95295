// The transport-independent half of TraceApi: typed invoke over an envelope transport, live
// subscriptions with automatic ack, broadcast listeners. Used by the renderer (Electron and
// browser transports) and by in-process callers (tests, CLI).
import type { LiveSpec, TraceApi, Unsubscribe } from './api'
import { ContractError } from './errors'
import type { Envelope } from './errors'
import type { EventChannel } from './events'
import type { InvokeChannel } from './invoke'

export interface ClientTransport {
  invoke(channel: InvokeChannel, input: unknown): Promise<Envelope<unknown>>
  /** every event main sends this client */
  onEvent(listener: (channel: EventChannel, payload: unknown) => void): Unsubscribe
  /** after a reconnect the server forgot our subscriptions: the client makes them again */
  onReconnect?(listener: () => void): Unsubscribe
  pathForFile?(file: Blob): Promise<string | null> | string | null
}

interface LiveEntry {
  spec: LiveSpec
  listener: (event: never) => void
  subscriptionId: string | null
  stopped: boolean
}

export function createTraceApi(transport: ClientTransport, mode: TraceApi['mode']): TraceApi {
  const live = new Map<string, LiveEntry>()
  /** events that arrived before live.subscribe answered (keep only the latest per id) */
  const early = new Map<string, unknown>()
  const broadcast = new Map<EventChannel, Set<(p: never) => void>>()

  async function invoke(channel: InvokeChannel, input: unknown): Promise<never> {
    const env = await transport.invoke(channel, input)
    if (env.ok) return env.value as never
    throw ContractError.fromShape(env.error)
  }

  function deliverLive(entry: LiveEntry, payload: { subscriptionId: string; seq: number }) {
    try {
      ;(entry.listener as (e: unknown) => void)(payload)
    } finally {
      // ack even when the listener threw, or the subscription would stall forever
      void transport
        .invoke('live.ack', { subscriptionId: payload.subscriptionId, seq: payload.seq })
        .catch(() => undefined)
    }
  }

  transport.onEvent((channel, payload) => {
    if (channel === 'live.sessions' || channel === 'live.spans' || channel === 'live.errors') {
      const p = payload as { subscriptionId: string; seq: number }
      const entry = live.get(p.subscriptionId)
      if (entry) deliverLive(entry, p)
      else early.set(p.subscriptionId, p)
      return
    }
    for (const l of broadcast.get(channel) ?? []) (l as (p: unknown) => void)(payload)
  })

  async function start(entry: LiveEntry): Promise<void> {
    const { subscriptionId } = (await invoke('live.subscribe', entry.spec)) as {
      subscriptionId: string
    }
    if (entry.stopped) {
      void invoke('live.unsubscribe', { subscriptionId }).catch(() => undefined)
      return
    }
    entry.subscriptionId = subscriptionId
    live.set(subscriptionId, entry)
    const pending = early.get(subscriptionId)
    early.delete(subscriptionId)
    if (pending) deliverLive(entry, pending as { subscriptionId: string; seq: number })
  }

  const all = new Set<LiveEntry>()
  transport.onReconnect?.(() => {
    live.clear()
    early.clear()
    for (const entry of all) {
      entry.subscriptionId = null
      void start(entry).catch(() => undefined)
    }
  })

  return {
    mode,
    invoke: invoke as TraceApi['invoke'],
    subscribe(spec, listener) {
      const entry: LiveEntry = {
        spec: { ...spec },
        listener: listener as (e: never) => void,
        subscriptionId: null,
        stopped: false,
      }
      all.add(entry)
      void start(entry).catch((e: unknown) => {
        // a bad spec is a programming error in the view: say so where it can be seen
        console.error('live.subscribe failed', e)
      })
      return () => {
        entry.stopped = true
        all.delete(entry)
        if (entry.subscriptionId) {
          live.delete(entry.subscriptionId)
          void invoke('live.unsubscribe', { subscriptionId: entry.subscriptionId }).catch(
            () => undefined,
          )
        }
      }
    },
    on(channel, listener) {
      let set = broadcast.get(channel)
      if (!set) broadcast.set(channel, (set = new Set()))
      set.add(listener as (p: never) => void)
      return () => set.delete(listener as (p: never) => void)
    },
    async pathForDroppedFile(file) {
      if (!transport.pathForFile) return null
      return (await transport.pathForFile(file)) ?? null
    },
  }
}
