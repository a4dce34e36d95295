// Settings → Prices in real Chromium against `tracescope serve`: a model without a shipped
// price is priced from the dialog, the prices file next to the settings is written, and every
// sum reads it (the sessions list has no unpriced tokens left); a wrong value is named; axe in
// the light and the dark theme. Spans sent by the official OpenTelemetry JS SDK (genAiFixture).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { describeFindings, seriousViolations } from './axe'
import { chromiumMissingReason, launch, openPage, type WatchedPage } from './browser'
import { GENAI_SESSION, writeGenAiFixture, type GenAiFixture } from './genAiFixture'

const missing = chromiumMissingReason()
const SHOTS = process.env.TRACESCOPE_CONVERSATION_SHOTS

describe.skipIf(missing)('Settings → Prices', { timeout: 120_000 }, () => {
  let dir: string
  let fx: GenAiFixture
  let server: RunningServer
  let browser: Browser
  let pricesFile: string
  const saved = process.env.TRACESCOPE_PRICES
  const opened: WatchedPage[] = []

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-prices-'))
    pricesFile = path.join(dir, 'prices.json')
    // the server's workers read the file this names (they inherit the environment)
    process.env.TRACESCOPE_PRICES = pricesFile
    fx = await writeGenAiFixture(dir)
    server = await startServer({ dbPath: fx.db, log: () => undefined })
    browser = await launch()
  }, 120_000)

  afterAll(async () => {
    for (const w of opened)
      expect(w.problems, 'console errors (a CSP violation is one)').toEqual([])
    await browser?.close()
    await server?.close()
    if (saved === undefined) delete process.env.TRACESCOPE_PRICES
    else process.env.TRACESCOPE_PRICES = saved
    fs.rmSync(dir, { recursive: true, force: true })
  })

  async function settings(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const w = await openPage(browser, `${server.url}#/sessions`, { colorScheme, height: 1100 })
    opened.push(w)
    await w.page.waitForSelector('[data-testid=session-row]')
    await w.page.click('[data-testid=settings-button]')
    await w.page.waitForSelector('[data-testid=settings-prices]')
    await w.page.click('[data-testid=prices-edit] summary')
    return w.page
  }

  it('names a wrong value and writes nothing', async () => {
    const p = await settings()
    await p.fill('[data-testid=price-model]', 'local-llama-3')
    await p.fill('[data-testid=price-input]', '1')
    await p.click('[data-testid=price-save]')
    expect(await p.locator('[data-testid=prices-message]').innerText()).toBe(
      'Output: enter USD per million tokens (0 or more).',
    )
    expect(fs.existsSync(pricesFile)).toBe(false)
  })

  it('prices a model from the dialog: the file is written and the sums use it', async () => {
    const p = await settings()
    const row = p.locator(`[data-testid=session-row][data-session-id=${GENAI_SESSION}]`)
    expect(await row.locator('[data-testid=session-cost]').innerText()).toBe('$0.114 +600 unpriced')
    await p.fill('[data-testid=price-model]', 'local-llama-3')
    await p.fill('[data-testid=price-input]', '1')
    await p.fill('[data-testid=price-output]', '2')
    // from the keyboard: Enter saves this price (not the settings form around it)
    await p.press('[data-testid=price-output]', 'Enter')
    await p.waitForSelector('[data-testid=price-row]')
    expect(await p.locator('[data-testid=settings-saved]').count()).toBe(0)
    expect(await p.locator('[data-testid=prices-message]').innerText()).toBe(
      'Saved the price of local-llama-3.',
    )
    expect(JSON.parse(fs.readFileSync(pricesFile, 'utf8'))).toEqual({
      models: { 'local-llama-3': { input: 1, output: 2 } },
    })
    // a fresh view reads sums priced with it: 500 × $1 + 100 × $2 per million more, none unpriced
    const again = await openPage(browser, `${server.url}#/sessions`, { height: 900 })
    opened.push(again)
    const fresh = again.page.locator(`[data-testid=session-row][data-session-id=${GENAI_SESSION}]`)
    await fresh.waitFor()
    await again.page.waitForFunction(
      (id) =>
        document.querySelector(
          `[data-testid=session-row][data-session-id="${id}"] [data-testid=session-cost]`,
        )?.textContent === '$0.115',
      GENAI_SESSION,
    )
  })

  it.each(['light', 'dark'] as const)(
    'has no serious axe violation in the %s theme',
    async (theme) => {
      const p = await settings(theme)
      await p.waitForSelector('[data-testid=price-row]')
      const findings = await seriousViolations(p)
      expect(findings, describeFindings(findings)).toEqual([])
      await p.screenshot({ path: path.join(SHOTS ?? dir, `prices-settings-${theme}.png`) })
    },
  )
})
