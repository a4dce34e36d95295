// Browser mode over real HTTP and WebSocket: the token, Host/Origin refusal, the CSP and other
// headers, static files without traversal, the contract through the renderer's own browser
// transport (typed errors, typed-array columns, live events), and export downloads.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTraceApi } from '../../src/shared/contract/client'
import { ContractError } from '../../src/shared/contract/errors'
import type { TraceApi } from '../../src/shared/contract/api'
import type { ClientTransport } from '../../src/shared/contract/client'
import type { Envelope } from '../../src/shared/contract/errors'
import type { EventChannel } from '../../src/shared/contract/events'
import { columnsToSpans } from '../../src/shared/contract/spanColumns'
import { decodeWireFrame, encodeWire } from '../../src/shared/contract/wire'
import { startServer } from '../../src/main/server/startServer'
import type { RunningServer } from '../../src/main/server/startServer'
import { seedNativeStore, spanRecords, tempDir } from '../service/serviceFixtures'
import type { SeededStore } from '../service/serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let server: RunningServer
let seeded: SeededStore
let api: TraceApi

function request(
  pathAndQuery: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: pathAndQuery,
        method,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

function upgradeStatus(query: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => undefined)
  })
}

/** the browser transport's protocol over the ws client (Chromium e2e tests run the real one) */
async function wsTransport(url: string, origin: string): Promise<ClientTransport> {
  const ws = new WebSocket(url, { origin })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  const pending = new Map<number, (e: Envelope<unknown>) => void>()
  const listeners = new Set<(c: EventChannel, p: unknown) => void>()
  let id = 0
  ws.on('message', (data, isBinary) => {
    const msg = decodeWireFrame(isBinary ? (data as Buffer) : data.toString())
    if (msg.t === 'result') pending.get(msg.id)?.(msg.envelope)
    if (msg.t === 'event') listeners.forEach((l) => l(msg.channel, msg.payload))
  })
  return {
    invoke: (channel, input) =>
      new Promise((resolve) => {
        pending.set(++id, resolve)
        ws.send(encodeWire({ t: 'invoke', id, channel, input }))
      }),
    onEvent: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
  }
}

beforeAll(async () => {
  tmp = tempDir('tracescope-srv-')
  seeded = await seedNativeStore(path.join(tmp.dir, 'native.db'))
  const renderer = path.join(tmp.dir, 'renderer')
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true })
  fs.writeFileSync(
    path.join(renderer, 'index.html'),
    '<!doctype html><script type="module" src="./assets/app.js"></script>',
  )
  fs.writeFileSync(path.join(renderer, 'assets/app.js'), 'console.log("viewer")')
  fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'not for the browser')
  server = await startServer({
    dbPath: seeded.path,
    appStorePath: path.join(tmp.dir, 'app.db'),
    rendererDir: renderer,
  })
  const origin = `http://127.0.0.1:${server.port}`
  api = createTraceApi(
    await wsTransport(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, origin),
    'browser',
  )
})

afterAll(async () => {
  await server.close()
  tmp.cleanup()
})

describe('HTTP', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(server.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`),
    )
  })

  it('serves the page with the token, a strict CSP and no-referrer; refuses it without', async () => {
    const ok = await request(`/?token=${server.token}`)
    expect(ok.status).toBe(200)
    const csp = String(ok.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(ok.headers['referrer-policy']).toBe('no-referrer')
    expect(ok.headers['x-content-type-options']).toBe('nosniff')
    expect((await request('/')).status).toBe(401)
    expect((await request(`/?token=${'x'.repeat(server.token.length)}`)).status).toBe(401)
  })

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    const host = await request(`/?token=${server.token}`, { host: `evil.example:${server.port}` })
    expect(host.status).toBe(403)
    const origin = await request(`/?token=${server.token}`, { origin: 'http://evil.example' })
    expect(origin.status).toBe(403)
    expect(
      (await request(`/?token=${server.token}`, { origin: `http://localhost:${server.port}` }))
        .status,
    ).toBe(200)
  })

  it('serves assets by extension and never a file outside the renderer folder', async () => {
    const js = await request('/assets/app.js')
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toMatch(/^text\/javascript/)
    expect((await request('/../secret.txt')).status).toBe(404)
    expect((await request('/%2e%2e/secret.txt')).status).toBe(404)
    expect((await request('/assets/app.js', {}, 'POST')).status).toBe(405)
  })

  it('listens on loopback only', async () => {
    await expect(
      startServer({ dbPath: seeded.path, host: '0.0.0.0', rendererDir: tmp.dir }),
    ).rejects.toThrow(/loopback only/)
  })
})

describe('WebSocket', () => {
  it('needs the token and a same-site Origin', async () => {
    const origin = `http://127.0.0.1:${server.port}`
    expect(await upgradeStatus(`?token=${server.token}`, { origin })).toBe('open')
    expect(await upgradeStatus('?token=nope', { origin })).toBe(401)
    expect(await upgradeStatus(`?token=${server.token}`, { origin: 'http://evil.example' })).toBe(
      403,
    )
    expect(
      await upgradeStatus(`?token=${server.token}`, {
        origin,
        host: `evil.example:${server.port}`,
      }),
    ).toBe(403)
  })

  it('answers the contract, with typed errors naming the field', async () => {
    const sources = await api.invoke('sources.list', {})
    expect(sources.map((s) => s.path).sort()).toEqual(
      [path.join(tmp.dir, 'app.db'), seeded.path].sort(),
    )
    const native = sources.find((s) => s.path === seeded.path)!
    const page = await api.invoke('sessions.list', { sourceId: native.sourceId })
    expect(page.items.map((s) => s.id)).toEqual([seeded.sessionId])
    const err = await api
      .invoke('spans.list', { sourceId: native.sourceId, limit: -5 })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ContractError)
    expect(err).toMatchObject({ code: 'invalid-input', field: 'limit' })
    const info = await api.invoke('app.info', {})
    expect(info).toMatchObject({
      mode: 'browser',
      capabilities: { openDialog: false, downloadExports: true },
    })
    await expect(api.invoke('sources.openDialog', {})).rejects.toMatchObject({
      code: 'unavailable',
    })
  })

  it('carries span columns as typed arrays, NaN for open spans included', async () => {
    const app = (await api.invoke('sources.list', {})).find((s) => s.appStore)!
    const base = Date.now()
    await server.core.service.ingest(app.sourceId, [
      { kind: 'session', id: 'open-spans' },
      ...spanRecords('open-spans', 50, base),
      {
        kind: 'span',
        sessionId: 'open-spans',
        spanId: 'still-running',
        name: 'wait',
        startTime: base + 99,
      },
    ])
    await server.core.service.flush(app.sourceId)
    const cols = await api.invoke('spans.columns', {
      sourceId: app.sourceId,
      sessionId: 'open-spans',
      limit: 5000,
    })
    expect(cols.count).toBe(51)
    expect(cols.startTime).toBeInstanceOf(Float64Array)
    expect(cols.status).toBeInstanceOf(Uint8Array)
    const i = columnsToSpans(cols).findIndex((s) => s.spanId === 'still-running')
    expect(i).toBeGreaterThanOrEqual(0)
    expect(Number.isNaN(cols.endTime[i])).toBe(true)
    expect(cols.startTime[i]).toBe(base + 99)
  })

  it('pushes live events and export progress, and serves the export as a download', async () => {
    const app = (await api.invoke('sources.list', {})).find((s) => s.appStore)!
    const seen: number[] = []
    const stop = api.subscribe(
      { sourceId: app.sourceId, topic: 'spans', sessionId: 'pushed' },
      (e) => seen.push(e.spanCount),
    )
    await server.core.service.ingest(app.sourceId, [
      { kind: 'session', id: 'pushed' },
      ...spanRecords('pushed', 7, Date.now()),
    ])
    await server.core.service.flush(app.sourceId)
    await expect.poll(() => seen.at(-1), { timeout: 5000 }).toBe(7)
    stop()

    const done = new Promise<string>((resolve, reject) =>
      api.on('export.progress', (p) => {
        if (p.phase === 'done' && p.downloadUrl) resolve(p.downloadUrl)
        if (p.phase === 'failed') reject(new Error(p.error ?? 'failed'))
      }),
    )
    const started = await api.invoke('export.start', {
      sourceId: app.sourceId,
      filter: { sessionIds: ['pushed'] },
      format: 'chrome',
    })
    expect(started.started).toBe(true)
    const url = await done
    const file = await request(url)
    expect(file.status).toBe(200)
    expect(file.headers['content-disposition']).toMatch(/attachment; filename=".*\.trace\.json"/)
    expect(JSON.parse(file.body)).toBeTypeOf('object')
    expect((await request(url.replace(/token=[^&]+/, 'token=wrong'))).status).toBe(401)
  })
})
