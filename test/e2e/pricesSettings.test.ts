// Settings → Prices in real Chromium against `tracescope serve`: a model without a shipped
// price is priced from the dialog, the prices file next to the settings is written, and every
// sum reads it (the sessions list has no unpriced tokens left), in the views already open — of
// the saving tab and of every other open tab — as in fresh ones; a wrong value is named; axe in the light and the dark theme. Spans sent by the
// official OpenTelemetry JS SDK (genAiFixture).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { describeFindings, seriousViolations } from './axe'
import { chromiumMissing as missing, GENAI_SESSION, genAiViewer } from './genAiViewer'

const SHOTS = process.env.TRACESCOPE_CONVERSATION_SHOTS

describe.skipIf(missing)('Settings → Prices', { timeout: 120_000 }, () => {
  // the server's workers read the file this names (they inherit the environment)
  const v = genAiViewer('prices', (dir) => ({ TRACESCOPE_PRICES: path.join(dir, 'prices.json') }))
  const pricesFile = () => path.join(v.dir, 'prices.json')

  async function openPrices(p: Page): Promise<void> {
    await p.click('[data-testid=settings-button]')
    await p.waitForSelector('[data-testid=settings-prices]')
    await p.click('[data-testid=prices-edit] summary')
  }

  async function settings(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const p = await v.open('#/sessions', { colorScheme, height: 1100 })
    await p.waitForSelector('[data-testid=session-row]')
    await openPrices(p)
    return p
  }

  /** waits until the element's text is `text` (it changes without a reload) */
  const textBecomes = (p: Page, selector: string, text: string) =>
    p.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want, [
      selector,
      text,
    ] as const)

  it('names a wrong value and writes nothing', async () => {
    const p = await settings()
    await p.fill('[data-testid=price-model]', 'local-llama-3')
    await p.fill('[data-testid=price-input]', '1')
    await p.click('[data-testid=price-save]')
    expect(await p.locator('[data-testid=prices-message]').innerText()).toBe(
      'Output: enter USD per million tokens (0 or more).',
    )
    expect(fs.existsSync(pricesFile())).toBe(false)
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
    expect(JSON.parse(fs.readFileSync(pricesFile(), 'utf8'))).toEqual({
      models: { 'local-llama-3': { input: 1, output: 2 } },
    })
    // the list under the dialog, not reloaded: 500 × $1 + 100 × $2 per million more
    const cost = `[data-testid=session-row][data-session-id="${GENAI_SESSION}"] [data-testid=session-cost]`
    await textBecomes(p, cost, '$0.115')
    // a fresh view reads sums priced with it: 500 × $1 + 100 × $2 per million more, none unpriced
    const again = await v.open('#/sessions', { height: 900 })
    const fresh = again.locator(`[data-testid=session-row][data-session-id=${GENAI_SESSION}]`)
    await fresh.waitFor()
    await again.waitForFunction(
      (id) =>
        document.querySelector(
          `[data-testid=session-row][data-session-id="${id}"] [data-testid=session-cost]`,
        )?.textContent === '$0.115',
      GENAI_SESSION,
    )
  })

  /** saves a price of local-llama-3 from the dialog opened over `p`, then closes it */
  async function priceLlama(p: Page, input: number, output: number): Promise<void> {
    await openPrices(p)
    await p.fill('[data-testid=price-model]', 'local-llama-3')
    await p.fill('[data-testid=price-input]', String(input))
    await p.fill('[data-testid=price-output]', String(output))
    await p.click('[data-testid=price-save]')
    await p.waitForSelector('[data-testid=prices-message].status-ok')
    await p.keyboard.press('Escape')
  }

  /** a mark on the document: a reload would take it away */
  const markDocument = (p: Page) =>
    p.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true))
  const notReloaded = (p: Page) =>
    p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)

  it('a saved price reaches the Σ of the open session’s tree without a reload', async () => {
    const p = await v.open(`#/session/${GENAI_SESSION}/tree/span/${v.fx.spans.root}`, {
      height: 1100,
    })
    const sum = '[data-testid=tree-subtree-usage]'
    await p.waitForSelector('[data-testid=detail-subtree-usage]')
    const before = await p.locator(sum).innerText()
    await markDocument(p)
    await priceLlama(p, 10, 20)
    // 113,825 µ$ at the shipped prices + 500 × $10 + 100 × $20 per million
    await textBecomes(p, sum, 'Σ 54,660 tok · $0.121')
    expect(before).not.toBe('Σ 54,660 tok · $0.121')
    await textBecomes(
      p,
      '[data-testid=detail-subtree-usage]',
      '5 calls · in 54,100 · out 560 · $0.121',
    )
    expect(await notReloaded(p)).toBe(true)
    await p.screenshot({ path: path.join(SHOTS ?? v.dir, 'prices-open-tree.png') })
  })

  it('a saved price reaches the open Agents tab’s cost by model without a reload', async () => {
    const p = await v.open(`#/session/${GENAI_SESSION}/agents`, { height: 1100 })
    const llama = p.locator('[data-testid=cost-by-model] [data-testid=cost-row]', {
      hasText: 'local-llama-3',
    })
    await llama.waitFor()
    await markDocument(p)
    await priceLlama(p, 20, 40)
    // 500 × $20 + 100 × $40 per million
    await p.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=cost-by-model] [data-testid=cost-row]')].some(
        (tr) => tr.textContent?.startsWith('local-llama-3') && tr.textContent.endsWith('$0.014'),
      ),
    )
    expect(await llama.locator('td').allInnerTexts()).toEqual([
      'local-llama-3',
      '1',
      '500',
      '100',
      '$0.014',
      '',
    ])
    expect(await notReloaded(p)).toBe(true)
  })

  it('a saved price reaches the open call’s Conversation cost without a reload', async () => {
    const p = await v.open(`#/session/${GENAI_SESSION}/timeline/span/${v.fx.spans.unpriced}`, {
      height: 1100,
    })
    await p.waitForSelector('[data-testid=conv-cost]')
    await markDocument(p)
    await priceLlama(p, 30, 60)
    // priced in the page with the table main sent back: 500 × $30 + 100 × $60 per million
    await textBecomes(p, '[data-testid=conv-cost]', '$0.021')
    expect(await notReloaded(p)).toBe(true)
  })

  it('a price saved in one tab reaches the other open tabs: their list and header', async () => {
    const list = await v.open('#/sessions', { height: 900 })
    const cost = `[data-testid=session-row][data-session-id="${GENAI_SESSION}"] [data-testid=session-cost]`
    await list.waitForSelector(cost)
    const head = await v.open(`#/session/${GENAI_SESSION}/tree`, { height: 900 })
    await head.waitForSelector('[data-testid=session-usage]')
    await markDocument(list)
    await markDocument(head)
    const saver = await v.open('#/sessions', { height: 1100 })
    await saver.waitForSelector('[data-testid=session-row]')
    await priceLlama(saver, 40, 80)
    // 113,825 µ$ at the shipped prices + 500 × $40 + 100 × $80 per million, none unpriced
    await textBecomes(list, cost, '$0.142')
    await textBecomes(head, '[data-testid=session-usage]', '54,660 tokens · $0.142')
    expect(await notReloaded(list)).toBe(true)
    expect(await notReloaded(head)).toBe(true)
  })

  it.each(['light', 'dark'] as const)(
    'has no serious axe violation in the %s theme',
    async (theme) => {
      const p = await settings(theme)
      await p.waitForSelector('[data-testid=price-row]')
      const findings = await seriousViolations(p)
      expect(findings, describeFindings(findings)).toEqual([])
      await p.screenshot({ path: path.join(SHOTS ?? v.dir, `prices-settings-${theme}.png`) })
    },
  )
})
