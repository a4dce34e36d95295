// No single request takes `serve` down: over real HTTP and WebSocket against a real server on a
// real store, a token of the right length in characters but not bytes, a request target that
// is not a URL, an answer nested thousands of levels deep (a file written before depths were
// capped) and an export file that disappears are each answered, and the server goes on serving.
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeWireFrame, encodeWire } from '../../src/shared/contract/wire'
import type { WireMessage } from '../../src/shared/contract/wire'
import { TOO_DEEP } from '../../src/shared/nesting'
import { startServer } from '../../src/main/server/startServer'
import type { RunningServer } from '../../src/main/server/startServer'
import { seedNativeStore, tempDir } from '../service/serviceFixtures'
import type { SeededStore } from '../service/serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let server: RunningServer
let seeded: SeededStore
const logged: string[] = []

function get(
  target: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: target,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** the status line the server answers to raw request text */
function raw(text: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(server.port, '127.0.0.1', () => sock.write(text))
    let got = ''
    sock.setEncoding('utf8')
    sock.on('data', (c: string) => {
      got += c
      if (got.includes('\r\n')) {
        resolve(got.split('\r\n')[0])
        sock.destroy()
      }
    })
    sock.on('close', () => resolve(got.split('\r\n')[0]))
    sock.on('error', () => resolve(got.split('\r\n')[0] || 'error'))
  })
}

async function stillServing(): Promise<void> {
  expect((await get(`/?token=${server.token}`)).status).toBe(200)
}

async function invoke(channel: string, input: unknown): Promise<WireMessage> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  try {
    return await new Promise<WireMessage>((resolve, reject) => {
      ws.on('message', (d, isBinary) => {
        const m = decodeWireFrame(isBinary ? (d as Buffer) : d.toString())
        if (m.t === 'result') resolve(m)
      })
      ws.once('close', (code) => reject(new Error(`socket closed with ${code}`)))
      ws.send(encodeWire({ t: 'invoke', id: 1, channel, input }))
    })
  } finally {
    ws.close()
  }
}

beforeAll(async () => {
  tmp = tempDir('tracescope-routes-')
  seeded = await seedNativeStore(path.join(tmp.dir, 'native.db'))
  // a span attribute 3,000 arrays deep, written below the store as an older version could have
  let deep: unknown = 'bottom'
  for (let i = 0; i < 3000; i++) deep = [deep]
  const db = new Database(seeded.path)
  const changed = db
    .prepare(`UPDATE spans SET attributes = ? WHERE rowid = (SELECT min(rowid) FROM spans)`)
    .run(JSON.stringify({ deep }))
  expect(changed.changes).toBe(1)
  db.close()
  const renderer = path.join(tmp.dir, 'renderer')
  fs.mkdirSync(renderer)
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>viewer</title>')
  server = await startServer({
    dbPath: seeded.path,
    appStorePath: path.join(tmp.dir, 'app.db'),
    rendererDir: renderer,
    log: (line) => logged.push(line),
  })
})

afterAll(async () => {
  await server.close()
  tmp.cleanup()
})

describe('tokens', () => {
  it('refuses a token of the right length in characters but not in bytes (an <img> GET)', async () => {
    const wrong = 'é'.repeat(server.token.length)
    expect(wrong.length).toBe(server.token.length)
    expect(Buffer.byteLength(wrong)).not.toBe(Buffer.byteLength(server.token))
    // what an <img src> on any web page sends: a GET with no Origin header
    expect((await get(`/?token=${encodeURIComponent(wrong)}`)).status).toBe(401)
    expect((await get(`/exports/x?token=${encodeURIComponent(wrong)}`)).status).toBe(401)
    const ws = await new Promise<number | 'open'>((resolve) => {
      const s = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${encodeURIComponent(wrong)}`)
      s.on('open', () => resolve('open'))
      s.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0))
      s.on('error', () => undefined)
    })
    expect(ws).toBe(401)
    await stillServing()
  })
})

describe('request targets', () => {
  it('answers 400 to a target that is not a URL, for pages and WebSocket upgrades', async () => {
    const host = `Host: 127.0.0.1:${server.port}\r\n`
    expect(await raw(`GET http://a:xx/ HTTP/1.1\r\n${host}\r\n`)).toBe('HTTP/1.1 400 Bad Request')
    expect(
      await raw(
        `GET http://a:xx/ws HTTP/1.1\r\n${host}Connection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      ),
    ).toBe('HTTP/1.1 400 Bad Request')
    await stillServing()
  })
})

describe('deeply nested values', () => {
  it('sends a span whose attribute nests 3,000 levels deep, cut at the limit', async () => {
    const sources = await invoke('sources.list', {})
    expect(sources.t === 'result' && sources.envelope.ok).toBe(true)
    const list = (
      sources as { envelope: { value: Array<{ sourceId: string; appStore: boolean }> } }
    ).envelope.value
    const file = list.find((s) => !s.appStore)!
    const page = await invoke('spans.list', {
      sourceId: file.sourceId,
      sessionId: seeded.sessionId,
    })
    expect(page.t).toBe('result')
    const envelope = (page as Extract<WireMessage, { t: 'result' }>).envelope
    expect(envelope.ok).toBe(true)
    const text = JSON.stringify(envelope)
    expect(text).toContain(TOO_DEEP)
    expect(text).not.toContain('bottom')
    await stillServing()
  })
})

describe('export downloads', () => {
  async function finishedExport(): Promise<{ url: string; file: string }> {
    const sources = await invoke('sources.list', {})
    const app = (
      sources as { envelope: { value: Array<{ sourceId: string; appStore: boolean }> } }
    ).envelope.value.find((s) => !s.appStore)!
    const started = (await invoke('export.start', {
      sourceId: app.sourceId,
      filter: { sessionIds: [seeded.sessionId] },
      format: 'ndjson',
    })) as Extract<WireMessage, { t: 'result' }>
    expect(started.envelope.ok).toBe(true)
    const { exportId } = (started.envelope as { value: { exportId: string } }).value
    await expect
      .poll(() => server.core.exports.download(exportId), { timeout: 10_000 })
      .not.toBeNull()
    const found = server.core.exports.download(exportId)!
    return { url: `/exports/${exportId}?token=${server.token}`, file: found.path }
  }

  it('answers 404 when the export file is gone, and keeps serving', async () => {
    const { url, file } = await finishedExport()
    expect((await get(url)).status).toBe(200)
    fs.rmSync(file)
    expect((await get(url)).status).toBe(404)
    await stillServing()
  })

  it('ends only that response when the file cannot be read mid-stream', async () => {
    const { url, file } = await finishedExport()
    // a directory opens but every read fails (EISDIR): the stream errors after it has started
    fs.rmSync(file)
    fs.mkdirSync(file)
    const outcome = await get(url).then(
      (r) => r.status,
      (e: Error) => e.message,
    )
    expect(outcome).not.toBe(200)
    await stillServing()
    expect(logged.some((l) => l.includes('could not read'))).toBe(true)
  })
})
