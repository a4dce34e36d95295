// Σ tokens and cost on parent spans (tree and span detail) and cost by agent and model (the
// Agents tab) in real Chromium, with spans sent by the official OpenTelemetry JS SDK through
// the collector (genAiFixture.ts), and axe in the light and the dark theme.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { describeFindings, seriousViolations } from './axe'
import { chromiumMissing as missing, GENAI_SESSION, genAiViewer } from './genAiViewer'

/** set to a folder to keep the screenshots (they are taken either way) */
const SHOTS = process.env.TRACESCOPE_CONVERSATION_SHOTS

describe.skipIf(missing)(
  'Σ tokens on parent spans, cost by agent and model',
  { timeout: 120_000 },
  () => {
    const v = genAiViewer('rollup')

    function page(hash: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
      return v.open(`#/session/${GENAI_SESSION}/${hash}`, { colorScheme, height: 900 })
    }

    it('shows the Σ of the run on its root row and in its detail; a leaf call has none', async () => {
      const p = await page(`tree/span/${v.fx.spans.root}`)
      const cell = p.locator('[data-testid=tree-subtree-usage]')
      await cell.waitFor()
      // only the root has LLM calls below it; 54,100 in + 560 out, $0.114 priced, 600 unpriced
      expect(await cell.count()).toBe(1)
      expect(await cell.innerText()).toBe('Σ 54,660 tok · $0.114 +600 unpriced')
      const detail = p.locator('[data-testid=detail-subtree-usage]')
      await detail.waitFor()
      expect(await detail.innerText()).toBe('5 calls · in 54,100 · out 560 · $0.114 · 600 unpriced')
      await p.click(`[data-testid=tree-row] >> text=chat gpt-4o`)
      await p.waitForFunction(
        (id) => document.querySelector('[data-testid=detail-span-id]')?.textContent === id,
        v.fx.spans.current,
      )
      expect(await p.locator('[data-testid=detail-subtree-usage]').count()).toBe(0)
    })

    it('breaks cost down by agent and by model in the Agents tab', async () => {
      const p = await page('agents')
      const models = p.locator('[data-testid=cost-by-model] [data-testid=cost-row]')
      await models.first().waitFor()
      const rows = await models.evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      )
      // most expensive first; the model without a price last, its tokens counted as unpriced
      expect(rows[0]).toEqual(['gpt-4.1', '1', '50,000', '10', '$0.100', ''])
      expect(rows[rows.length - 1]).toEqual(['local-llama-3', '1', '500', '100', '—', '600'])
      const agents = await p
        .locator('[data-testid=cost-by-agent] [data-testid=cost-row]')
        .evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')!.textContent))
      expect(agents).toHaveLength(1)
      expect(agents[0]).toMatch(/reviewer/)
    })

    it.each(['light', 'dark'] as const)(
      'has no serious axe violation in the %s theme',
      async (theme) => {
        const shots = SHOTS ?? v.dir
        fs.mkdirSync(shots, { recursive: true })
        for (const [name, hash, ready] of [
          ['tree', `tree/span/${v.fx.spans.root}`, 'detail-subtree-usage'],
          ['agents', 'agents', 'cost-by-model'],
        ] as const) {
          const p = await page(hash, theme)
          await p.waitForSelector(`[data-testid=${ready}]`)
          const findings = await seriousViolations(p)
          expect(findings, `${name}:\n${describeFindings(findings)}`).toEqual([])
          await p.screenshot({ path: path.join(shots, `usage-${name}-${theme}.png`) })
        }
      },
    )
  },
)
