// The Content-Security-Policy really applies to the desktop app's file:// page, where no
// response header exists: the built index.html carries the header's policy in its meta tag
// (checked on the built output), and real Chromium loading that file from file:// refuses what
// the header refuses (a WebSocket to a local port, injected script). `serve` sends the page
// with its meta tag matching its own header.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { contentSecurityPolicy, metaPolicy, metaPolicyOf } from '../../src/main/server/csp'
import { ensureRendererBuilt } from '../../src/main/server/rendererBuild'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { chromiumMissingReason, launch } from '../e2e/browser'
import { tempDir } from '../service/serviceFixtures'

let built: string
let browser: Browser | null = null

beforeAll(async () => {
  const dir = await ensureRendererBuilt()
  built = path.join(dir, 'index.html')
  if (!chromiumMissingReason()) browser = await launch()
}, 180_000)

afterAll(async () => {
  await browser?.close()
})

describe('the built page (file:// in the desktop app)', () => {
  it('carries the Electron header policy in its meta tag, all but frame-ancestors', () => {
    const policy = metaPolicyOf(fs.readFileSync(built, 'utf8'))
    expect(policy).toBe(metaPolicy())
    expect(contentSecurityPolicy()).toBe(`${policy}; frame-ancestors 'none'`)
  })

  it('is enforced by Chromium on file://: no WebSocket to a local port, no injected script', async (ctx) => {
    if (!browser) return ctx.skip()
    const page = await browser.newPage()
    try {
      await page.goto(pathToFileURL(built).href)
      const result = await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const seen: string[] = []
            document.addEventListener('securitypolicyviolation', (e) => {
              seen.push(e.violatedDirective)
              if (seen.length === 2) resolve(seen.sort())
            })
            try {
              new WebSocket('ws://127.0.0.1:9/')
            } catch (e) {
              seen.push(`threw ${(e as Error).name}`)
            }
            const s = document.createElement('script')
            s.textContent = 'window.__injected = true'
            document.body.appendChild(s)
            setTimeout(() => resolve(seen.sort()), 3000)
          }),
      )
      expect(result).toEqual(['connect-src', 'script-src-elem'])
      expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBe(
        undefined,
      )
    } finally {
      await page.close()
    }
  })
})

describe('serve', () => {
  let tmp: ReturnType<typeof tempDir>
  let server: RunningServer
  beforeAll(async () => {
    tmp = tempDir('tracescope-csp-')
    server = await startServer({
      appStorePath: path.join(tmp.dir, 'app.db'),
      rendererDir: path.dirname(built),
    })
  })
  afterAll(async () => {
    await server.close()
    tmp.cleanup()
  })

  it('sends the page with a meta tag matching its header (its own WebSocket allowed)', async () => {
    const res = await new Promise<{ csp: string; body: string }>((resolve, reject) => {
      http
        .get(`${server.url}`, (r) => {
          let body = ''
          r.setEncoding('utf8')
          r.on('data', (c: string) => (body += c))
          r.on('end', () => resolve({ csp: String(r.headers['content-security-policy']), body }))
        })
        .on('error', reject)
    })
    const meta = metaPolicyOf(res.body)
    expect(meta).toContain(`ws://127.0.0.1:${server.port}`)
    expect(res.csp).toBe(`${meta}; frame-ancestors 'none'`)
  })
})
