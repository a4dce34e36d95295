// The browser transport: one WebSocket per page carries invokes (answered with envelopes) and
// events. Every connection is a caller of its own; closing the page releases its files and
// subscriptions. Bounded: a page may have at most MAX_IN_FLIGHT calls running, and a page that
// stops reading its socket is disconnected before its unread answers pile up in main.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { decodeWire, encodeWire } from '../../shared/contract/wire'
import type { WireMessage } from '../../shared/contract/wire'
import type { AppCore } from '../service/appCore'
import { hostAllowed, originAllowed, tokenMatches } from './requestGuards'

const MAX_IN_FLIGHT = 64
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  socket.destroy()
}

export interface WsTransport {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  connections(): number
  close(): Promise<void>
}

export function createWsTransport(
  core: AppCore,
  opts: { token: string; port: () => number },
): WsTransport {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const sockets = new Set<WebSocket>()

  function serve(ws: WebSocket): void {
    const callerId = `ws-${randomBytes(6).toString('hex')}`
    const ctx = { callerId, transport: 'browser' as const }
    let inFlight = 0
    sockets.add(ws)
    const send = (msg: WireMessage) => {
      if (ws.readyState !== ws.OPEN) return
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.close(1008, 'client is not reading its answers')
        return
      }
      ws.send(encodeWire(msg))
    }
    core.connect(callerId, (channel, payload) => send({ t: 'event', channel, payload }))

    ws.on('message', (data, isBinary) => {
      let msg: WireMessage
      try {
        if (isBinary) throw new Error('binary')
        msg = decodeWire(data.toString())
      } catch {
        ws.close(1007, 'messages must be JSON')
        return
      }
      if (msg.t !== 'invoke' || typeof msg.id !== 'number') {
        ws.close(1008, 'expected an invoke message')
        return
      }
      const { id } = msg
      if (inFlight >= MAX_IN_FLIGHT) {
        send({
          t: 'result',
          id,
          envelope: {
            ok: false,
            error: {
              code: 'unavailable',
              message: `More than ${MAX_IN_FLIGHT} calls at once; wait for some to finish.`,
            },
          },
        })
        return
      }
      inFlight++
      void core
        .dispatch(msg.channel, msg.input, ctx)
        .then((envelope) => send({ t: 'result', id, envelope }))
        .finally(() => inFlight--)
    })
    ws.on('close', () => {
      sockets.delete(ws)
      void core.disconnect(callerId)
    })
    ws.on('error', () => ws.terminate())
  }

  return {
    handleUpgrade(req, socket, head) {
      const port = opts.port()
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found')
      if (!hostAllowed(req.headers.host, port)) return refuse(socket, 403, 'Forbidden')
      if (!originAllowed(req.headers.origin, port)) return refuse(socket, 403, 'Forbidden')
      if (!tokenMatches(url.searchParams.get('token'), opts.token))
        return refuse(socket, 401, 'Unauthorized')
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws))
    },
    connections: () => sockets.size,
    async close() {
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}
