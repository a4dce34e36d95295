// One viewer for the end-to-end tests of LLM calls (Conversation section and tab, Σ tokens and
// cost, Settings → Prices): the spans the official OpenTelemetry JS SDK sent through the
// collector (genAiFixture.ts) in a store, `tracescope serve` on it, a Chromium, and pages whose
// console errors (a CSP violation is one) fail the file. Registers its own beforeAll / afterAll.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { chromiumMissingReason, launch, openPage } from './browser'
import { writeGenAiFixture, type GenAiFixture } from './genAiFixture'

export { GENAI_SESSION } from './genAiFixture'

export const chromiumMissing = chromiumMissingReason()

export interface PageOptions {
  colorScheme?: 'light' | 'dark'
  width?: number
  height?: number
}

export interface GenAiViewer {
  /** the folder of the store (and of anything a test writes); set once beforeAll ran */
  readonly dir: string
  readonly fx: GenAiFixture
  readonly url: string
  readonly browser: Browser
  /** a page of the served store at `hash` (`#/sessions`…), its console errors checked */
  open(hash: string, opts?: PageOptions): Promise<Page>
}

/**
 * `env`: variables set before the store is written and the server started (its workers
 * inherit them), given the folder; restored afterwards.
 */
export function genAiViewer(
  name: string,
  env: (dir: string) => Record<string, string> = () => ({}),
): GenAiViewer {
  let dir = ''
  let fx: GenAiFixture | undefined
  let server: RunningServer | undefined
  let browser: Browser | undefined
  const saved: Record<string, string | undefined> = {}
  const opened: Array<{ problems: string[] }> = []

  beforeAll(async () => {
    if (chromiumMissing) return
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `tracescope-${name}-`))
    for (const [k, v] of Object.entries(env(dir))) {
      saved[k] = process.env[k]
      process.env[k] = v
    }
    fx = await writeGenAiFixture(dir)
    server = await startServer({ dbPath: fx.db, log: () => undefined })
    browser = await launch()
  }, 120_000)

  afterAll(async () => {
    for (const w of opened)
      expect(w.problems, 'console errors (a CSP violation is one)').toEqual([])
    await browser?.close()
    await server?.close()
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('genAiViewer: used before its beforeAll ran')
    return v
  }

  return {
    get dir() {
      return dir
    },
    get fx() {
      return ready(fx)
    },
    get url() {
      return ready(server).url
    },
    get browser() {
      return ready(browser)
    },
    async open(hash, opts = {}) {
      const w = await openPage(ready(browser), `${ready(server).url}${hash}`, opts)
      opened.push(w)
      return w.page
    },
  }
}
