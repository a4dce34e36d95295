// The loopback servers against a hostile page and DNS rebinding: `serve` (browser mode) and the
// OTLP collector over real HTTP and WebSocket, and in real Chromium: the CSP blocks inline and
// injected script and eval; a page of another site (and a rebound DNS name pointing at
// 127.0.0.1) gets nothing from either server.
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CollectorConfigError,
  startCollector,
  type CollectorHandle,
} from '../../src/main/collector'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import type { TraceStore } from '../../src/main/store/storeApi'
import { openStore } from '../../src/main/store/traceStore'
import { otlpJson } from '../../torture/lib/otlpBodies'
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissingReason } from '../e2e/browser'

const EVIL = 'evil.example'
let dir: string
let server: RunningServer
let store: TraceStore
let collector: CollectorHandle
let attacker: http.Server
let attackerPort: number

const OTLP_BODY = JSON.stringify(
  otlpJson('attack', [
    {
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      name: 'injected',
      startMs: Date.now(),
      endMs: Date.now() + 1,
    },
  ]),
)

function request(
  port: number,
  pathAndQuery: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: pathAndQuery, method, headers },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

function rawStatus(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(text))
    let got = ''
    sock.setEncoding('utf8')
    sock.on('data', (c: string) => (got += c))
    sock.on('close', () => resolve(got.split('\r\n')[0]))
    sock.on('error', () => resolve('error'))
  })
}

function wsStatus(
  port: number,
  query: string,
  headers: Record<string, string>,
): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(0))
  })
}

const spanCount = () => store.stats().counts.spans ?? 0

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-servers-'))
  // a "renderer" that tries everything a CSP must stop: inline script, injected script, eval
  const renderer = path.join(dir, 'renderer')
  fs.mkdirSync(renderer)
  fs.writeFileSync(
    path.join(renderer, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>start</title></head><body>
<script>document.title = 'inline-ran'</script>
<img src="x" onerror="document.title = 'handler-ran'">
<script src="/probe.js"></script></body></html>`,
  )
  fs.writeFileSync(
    path.join(renderer, 'probe.js'),
    `const out = { violations: [] }
document.addEventListener('securitypolicyviolation', (e) => out.violations.push(e.violatedDirective))
try { eval('1'); out.eval = 'ran' } catch { out.eval = 'blocked' }
try { new Function('return 1')(); out.fn = 'ran' } catch { out.fn = 'blocked' }
const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.appendChild(s)
fetch(${JSON.stringify('http://127.0.0.1:PORT/v1/traces')}.replace('PORT', new URLSearchParams(location.search).get('collector')), { method: 'POST', mode: 'no-cors', body: '{}' })
  .then(() => (out.fetch = 'sent'), () => (out.fetch = 'blocked'))
  .finally(() => setTimeout(() => document.body.setAttribute('data-probe', JSON.stringify({ ...out, injected: window.__injected === true })), 200))
`,
  )
  const dbPath = path.join(dir, 'app.db')
  store = openStore(path.join(dir, 'collector.db'))
  collector = await startCollector({ store, port: 0 })
  const seed = openStore(dbPath)
  await seed.write([
    { kind: 'span', sessionId: 's', spanId: 'a1', name: 'x', startTime: Date.now() },
  ])
  await seed.close()
  server = await startServer({ dbPath, rendererDir: renderer, service: 'in-process' })
  // a page of another site, which tries to post spans to the collector as a browser allows it
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end(`<!doctype html><body><script>
const url = 'http://127.0.0.1:${collector.port}/v1/traces'
const body = ${JSON.stringify(OTLP_BODY)}
Promise.allSettled([
  fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }),
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }),
  navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' })),
]).then((r) => document.body.setAttribute('data-done', JSON.stringify(r.map((x) => x.status))))
</script></body>`)
  })
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()))
  attackerPort = (attacker.address() as AddressInfo).port
}, 120_000)

afterAll(async () => {
  await server?.close()
  await collector?.close()
  await store?.close()
  await new Promise((r) => attacker?.close(r))
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('tracescope serve over real HTTP', () => {
  const host = () => ({ host: `127.0.0.1:${server.port}` })

  it('answers the page only with the token', async () => {
    expect((await request(server.port, `/?token=${server.token}`, host())).status).toBe(200)
    expect((await request(server.port, '/', host())).status).toBe(401)
    const wrong = 'x'.repeat(server.token.length)
    expect((await request(server.port, `/?token=${wrong}`, host())).status).toBe(401)
    expect((await request(server.port, `/exports/anything`, host())).status).toBe(401)
  })

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    for (const h of [
      `${EVIL}:${server.port}`,
      `127.0.0.1.nip.io:${server.port}`,
      `localhost:${server.port + 1}`,
    ]) {
      const res = await request(server.port, `/?token=${server.token}`, { host: h })
      expect([400, 403], `Host ${JSON.stringify(h)}`).toContain(res.status)
    }
    const asset = await request(server.port, '/probe.js', { host: `${EVIL}:${server.port}` })
    expect(asset.status).toBe(403)
    // HTTP/1.0 without any Host header
    expect(await rawStatus(server.port, `GET /?token=${server.token} HTTP/1.0\r\n\r\n`)).toMatch(
      /^HTTP\/1\.[01] (400|403)/,
    )
  })

  it('refuses a foreign Origin even with the token', async () => {
    for (const origin of [`http://${EVIL}`, `http://127.0.0.1:${server.port + 1}`, 'null']) {
      const res = await request(server.port, `/?token=${server.token}`, { ...host(), origin })
      expect(res.status).toBe(403)
    }
  })

  it('sends a CSP without inline script or eval on every answer', async () => {
    for (const p of [`/?token=${server.token}`, '/probe.js', '/missing', '/']) {
      const csp = String((await request(server.port, p, host())).headers['content-security-policy'])
      expect(csp).toMatch(/script-src 'self'(;|$)/)
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
      expect(csp).toMatch(/object-src 'none'/)
      expect(csp).toMatch(/frame-ancestors 'none'/)
    }
  })

  it('WebSocket: token, Host and Origin are all required', async () => {
    const q = `?token=${server.token}`
    const origin = `http://127.0.0.1:${server.port}`
    expect(await wsStatus(server.port, q, { origin })).toBe('open')
    expect(await wsStatus(server.port, '', { origin })).toBe(401)
    expect(
      await wsStatus(server.port, `?token=${'y'.repeat(server.token.length)}`, { origin }),
    ).toBe(401)
    expect(await wsStatus(server.port, q, { origin: `http://${EVIL}` })).toBe(403)
    expect(await wsStatus(server.port, q, { origin, host: `${EVIL}:${server.port}` })).toBe(403)
  })
})

describe('a hostile WebSocket client with the token', () => {
  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
        headers: { origin: `http://127.0.0.1:${server.port}` },
      })
      ws.on('open', () => resolve(ws))
      ws.on('error', reject)
    })
  const closed = (ws: WebSocket) => new Promise<number>((r) => ws.on('close', (code) => r(code)))
  const stillServes = async () => {
    const ws = await open()
    const answer = new Promise<string>((r) => ws.once('message', (d) => r(String(d))))
    ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'app.info', input: {} }))
    const text = await answer
    ws.close()
    return JSON.parse(text).envelope.ok as boolean
  }

  it('a message over the size limit, a non-JSON message and a 100,000-deep message close only that socket', async () => {
    for (const payload of [
      'x'.repeat(5 * 1024 * 1024),
      'not json {',
      '['.repeat(100_000) + ']'.repeat(100_000),
    ]) {
      const ws = await open()
      const code = closed(ws)
      ws.send(payload)
      expect([1007, 1008, 1009]).toContain(await code)
    }
    expect(await stillServes()).toBe(true)
  })

  it('a flood of calls gets typed "unavailable" answers beyond the in-flight bound, and the server stays up', async () => {
    const ws = await open()
    const answers: Array<{ ok: boolean; error?: { code: string } }> = []
    const done = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        answers.push(JSON.parse(String(d)).envelope)
        if (answers.length === 300) resolve()
      }),
    )
    for (let id = 1; id <= 300; id++)
      ws.send(JSON.stringify({ t: 'invoke', id, channel: 'sources.list', input: {} }))
    await done
    ws.close()
    for (const a of answers) if (!a.ok) expect(a.error?.code).toBe('unavailable')
    expect(await stillServes()).toBe(true)
  })
})

describe('the OTLP collector over real HTTP', () => {
  it('refuses a foreign Host (DNS rebinding) and stores nothing', async () => {
    const before = spanCount()
    const res = await request(
      collector.port,
      '/v1/traces',
      { host: `${EVIL}:${collector.port}`, 'content-type': 'application/json' },
      'POST',
      OTLP_BODY,
    )
    expect(res.status).toBe(403)
    expect(spanCount()).toBe(before)
  })

  it('refuses what a cross-site page can send without a preflight (text/plain) and stores nothing', async () => {
    const before = spanCount()
    const res = await request(
      collector.port,
      '/v1/traces',
      {
        host: `127.0.0.1:${collector.port}`,
        origin: `http://${EVIL}`,
        'content-type': 'text/plain',
      },
      'POST',
      OTLP_BODY,
    )
    expect(res.status).toBe(415)
    expect(spanCount()).toBe(before)
  })

  it('grants no CORS preflight, so a page of another site cannot send JSON or protobuf', async () => {
    const res = await request(
      collector.port,
      '/v1/traces',
      {
        host: `127.0.0.1:${collector.port}`,
        origin: `http://${EVIL}`,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
      'OPTIONS',
    )
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(res.status).toBeGreaterThanOrEqual(400)
  })

  it('with a token, requests without it or with a wrong one are refused', async () => {
    const s = openStore(path.join(dir, 'token.db'))
    const c = await startCollector({ store: s, port: 0, token: 'correct-horse-battery' })
    try {
      const h = { host: `127.0.0.1:${c.port}`, 'content-type': 'application/json' }
      expect((await request(c.port, '/v1/traces', h, 'POST', OTLP_BODY)).status).toBe(401)
      expect(
        (
          await request(
            c.port,
            '/v1/traces',
            { ...h, authorization: 'Bearer wrong-horse-battery' },
            'POST',
            OTLP_BODY,
          )
        ).status,
      ).toBe(401)
      expect(
        (
          await request(
            c.port,
            '/v1/traces',
            { ...h, authorization: 'Bearer correct-horse-battery' },
            'POST',
            OTLP_BODY,
          )
        ).status,
      ).toBe(200)
    } finally {
      await c.close()
      await s.close()
    }
  })

  it('will not listen beyond loopback without --allow-remote and a token', async () => {
    await expect(startCollector({ store, host: '0.0.0.0', port: 0 })).rejects.toBeInstanceOf(
      CollectorConfigError,
    )
    await expect(
      startCollector({ store, host: '0.0.0.0', port: 0, allowRemote: true }),
    ).rejects.toBeInstanceOf(CollectorConfigError)
  })
})

const noChromium = chromiumMissingReason()
if (noChromium) console.log(`[security] Chromium tests skipped: ${noChromium}`)

describe.skipIf(noChromium !== null)('in real Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // evil.example resolves to 127.0.0.1: the rebinding attacker's name for our servers
      args: [
        ...CHROMIUM_ARGS,
        `--host-resolver-rules=MAP ${EVIL} 127.0.0.1`,
        // Chromium's own Private Network Access checks would stop the rebound requests before
        // they reach our servers; other browsers have none, so the servers must refuse them
        '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks',
      ],
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  it('the CSP blocks inline script, inline handlers, injected script, eval and requests to other origins', async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text())
    })
    await page.goto(`${server.url}&collector=${collector.port}`)
    const probe = JSON.parse(
      (await (
        await page.waitForSelector('body[data-probe]', { state: 'attached' })
      ).getAttribute('data-probe')) ?? '{}',
    ) as Record<string, unknown>
    expect(await page.title()).toBe('start')
    expect(probe.eval).toBe('blocked')
    expect(probe.fn).toBe('blocked')
    expect(probe.injected).toBe(false)
    expect(probe.fetch).toBe('blocked')
    expect(probe.violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']))
    expect(violations.some((v) => /Content Security Policy/.test(v))).toBe(true)
    await page.close()
  }, 60_000)

  it('a page of another site cannot post spans to the collector', async () => {
    const before = spanCount()
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${attackerPort}/`)
    await page.waitForSelector('body[data-done]', { state: 'attached' })
    await new Promise((r) => setTimeout(r, 300))
    expect(spanCount()).toBe(before)
    await page.close()
  }, 60_000)

  it('DNS rebinding: a page on evil.example rebound to 127.0.0.1 gets nothing from either server', async () => {
    const before = spanCount()
    const requestsBefore = collector.stats().requests
    const results: Record<string, unknown> = {}
    for (const [name, port] of [
      ['serve', server.port],
      ['collector', collector.port],
    ] as const) {
      const page = await browser.newPage()
      // the attacker's document, as its own server sent it before the rebinding
      await page.route(`http://${EVIL}:${port}/attack`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>attack</title>' }),
      )
      await page.goto(`http://${EVIL}:${port}/attack`)
      // same origin now: what the attacker's script can read from our servers
      results[name] = await page.evaluate(async (body) => {
        const read = async (p: string, init?: RequestInit) => {
          try {
            const r = await fetch(p, init)
            return `${r.status} ${(await r.text()).slice(0, 40)}`
          } catch (e) {
            return `error ${(e as Error).message}`
          }
        }
        return {
          page: await read('/'),
          asset: await read('/probe.js'),
          otlp: await read('/v1/traces', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
          }),
        }
      }, OTLP_BODY)
      await page.close()
    }
    for (const r of Object.values(results) as Array<Record<string, string>>) {
      for (const v of Object.values(r)) expect(v).toMatch(/^(403|error)/)
    }
    expect(spanCount()).toBe(before)
    // the collector saw the rebound requests and refused them itself (not only the browser)
    expect(collector.stats().requests).toBeGreaterThan(requestsBefore)
  }, 60_000)
})
