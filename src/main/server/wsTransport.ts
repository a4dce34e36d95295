// The browser transport: one WebSocket per page carries invokes (answered with envelopes) and
// events. Every connection is a caller of its own; closing the page releases its files and
// subscriptions. Bounded: a page may have at most MAX_IN_FLIGHT calls running, and a page that
// stops reading its socket is disconnected before its unread answers pile up in main.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { RawData, WebSocket } from 'ws'
import { decodeWire, encodeWire, encodeWireFrame } from '../../shared/contract/wire'
import type { WireMessage } from '../../shared/contract/wire'
import type { AppCore } from '../service/appCore'
import { cutDeep, MAX_REPLY_NESTING } from '../../shared/nesting'
import { hostAllowed, originAllowed, requestUrl, tokenMatches } from './requestGuards'

const MAX_IN_FLIGHT = 64
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024

/**
 * A message as text, or a binary frame when it carries typed arrays (encodeWireFrame). A value
 * nested too deep for JSON.stringify (a file written before depths were capped) is cut and sent;
 * if it still cannot be encoded, that call fails, not the server.
 */
function encodeAnswer(msg: WireMessage, log: (line: string) => void): string | Uint8Array | null {
  try {
    return encodeWireFrame(msg)
  } catch {
    try {
      return encodeWireFrame(cutDeep(msg, MAX_REPLY_NESTING))
    } catch (e) {
      log(`tracescope serve: an answer could not be encoded: ${(e as Error).message}`)
      if (msg.t !== 'result') return null
      return encodeWire({
        t: 'result',
        id: msg.id,
        envelope: {
          ok: false,
          error: {
            code: 'internal',
            message: `The answer could not be sent to the page (${(e as Error).message}).`,
          },
        },
      })
    }
  }
}

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
  opts: { token: string; port: () => number; log?: (line: string) => void },
): WsTransport {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const sockets = new Set<WebSocket>()
  const log = opts.log ?? (() => undefined)

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
      const frame = encodeAnswer(msg, log)
      if (frame === null) return
      ws.send(frame)
    }
    core.connect(callerId, (channel, payload) => send({ t: 'event', channel, payload }))

    ws.on('message', (data, isBinary) => {
      try {
        onMessage(data, isBinary)
      } catch (e) {
        log(`tracescope serve: a WebSocket message failed: ${(e as Error)?.stack ?? e}`)
        ws.close(1011, 'internal error')
      }
    })
    const onMessage = (data: RawData, isBinary: boolean) => {
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
        .catch((e: unknown) => log(`tracescope serve: call ${msg.channel} failed: ${String(e)}`))
        .finally(() => inFlight--)
    }
    ws.on('close', () => {
      sockets.delete(ws)
      core.disconnect(callerId).catch((e: unknown) => log(`tracescope serve: ${String(e)}`))
    })
    ws.on('error', () => ws.terminate())
  }

  return {
    handleUpgrade(req, socket, head) {
      try {
        upgrade(req, socket, head)
      } catch (e) {
        log(`tracescope serve: a WebSocket upgrade failed: ${(e as Error)?.stack ?? e}`)
        if (!socket.destroyed) refuse(socket, 500, 'Internal Server Error')
      }
    },
    connections: () => sockets.size,
    async close() {
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const port = opts.port()
    const url = requestUrl(req.url)
    if (!url) return refuse(socket, 400, 'Bad Request')
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found')
    if (!hostAllowed(req.headers.host, port)) return refuse(socket, 403, 'Forbidden')
    if (!originAllowed(req.headers.origin, port)) return refuse(socket, 403, 'Forbidden')
    if (!tokenMatches(url.searchParams.get('token'), opts.token))
      return refuse(socket, 401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws))
  }
}
