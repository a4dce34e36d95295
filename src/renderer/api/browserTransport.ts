// Browser mode (`tracescope serve`): one WebSocket per page carries invokes and events. The
// token comes from the page URL (?token=…), which the server printed; keep the query string
// when routing (use the hash for view state).
import type { ClientTransport } from '../../shared/contract/client'
import type { Envelope } from '../../shared/contract/errors'
import type { EventChannel } from '../../shared/contract/events'
import { decodeWireFrame, encodeWire } from '../../shared/contract/wire'

type Pending = (env: Envelope<unknown>) => void

export function tokenFromLocation(loc: { search: string; hash: string }): string | null {
  const fromSearch = new URLSearchParams(loc.search).get('token')
  if (fromSearch) return fromSearch
  const m = /[?&#]token=([A-Za-z0-9_-]+)/.exec(loc.hash)
  return m ? m[1] : null
}

export function wsUrlFor(loc: { protocol: string; host: string }, token: string): string {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${loc.host}/ws?token=${encodeURIComponent(token)}`
}

export function browserTransport(url: string): ClientTransport {
  let ws: WebSocket | null = null
  let nextId = 1
  let opened: Promise<WebSocket> | null = null
  let everOpened = false
  let retryMs = 250
  const pending = new Map<number, Pending>()
  const eventListeners = new Set<(channel: EventChannel, payload: unknown) => void>()
  const reconnectListeners = new Set<() => void>()

  function failAll(message: string) {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'unavailable', message } })
    }
    pending.clear()
  }

  function connect(): Promise<WebSocket> {
    if (opened) return opened
    opened = new Promise<WebSocket>((resolve, reject) => {
      const sock = new WebSocket(url)
      // span pages come as binary frames (wire.ts): their typed arrays are these bytes
      sock.binaryType = 'arraybuffer'
      sock.onopen = () => {
        ws = sock
        retryMs = 250
        const reconnected = everOpened
        everOpened = true
        resolve(sock)
        if (reconnected) for (const l of reconnectListeners) l()
      }
      sock.onmessage = (ev) => {
        const msg = decodeWireFrame(ev.data as string | ArrayBuffer)
        if (msg.t === 'result') {
          const done = pending.get(msg.id)
          pending.delete(msg.id)
          done?.(msg.envelope)
        } else if (msg.t === 'event') {
          for (const l of eventListeners) l(msg.channel, msg.payload)
        }
      }
      sock.onclose = () => {
        ws = null
        opened = null
        failAll('The connection to Tracescope was lost; reconnecting.')
        if (!everOpened)
          reject(new Error(`Cannot connect to ${url.replace(/token=[^&]+/, 'token=…')}`))
        // keep trying: the server may be restarting; the page recovers on its own
        setTimeout(() => void connect().catch(() => undefined), retryMs)
        retryMs = Math.min(retryMs * 2, 5000)
      }
    })
    return opened
  }

  return {
    async invoke(channel, input) {
      let sock: WebSocket
      try {
        sock = ws ?? (await connect())
      } catch (e) {
        return { ok: false, error: { code: 'unavailable', message: (e as Error).message } }
      }
      const id = nextId++
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve)
        sock.send(encodeWire({ t: 'invoke', id, channel, input }))
      })
    },
    onEvent(listener) {
      eventListeners.add(listener)
      void connect().catch(() => undefined)
      return () => eventListeners.delete(listener)
    },
    onReconnect(listener) {
      reconnectListeners.add(listener)
      return () => reconnectListeners.delete(listener)
    },
  }
}
