// The session header's tokens and cost in real Chromium against `tracescope serve`:
//  - a Tracescope store of spans the official OpenTelemetry JS SDK sent (genAiFixture): the
//    session's tokens, its cost and the tokens without a price beside it; axe and screenshots
//    in the light and the dark theme;
//  - a flujo file (flujo's own schema) with 12,000 token-bearing steps per run, more than one
//    page of spans: the sessions list and the header show the complete totals (never "≥"),
//    with the cost flujo recorded for every fourth step and the other steps' tokens unpriced
//    (flujo names no model).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { describeFindings, seriousViolations } from './axe'
import { chromiumMissing as missing, GENAI_SESSION, genAiViewer } from './genAiViewer'
import { openPage, type WatchedPage } from './browser'
import { flujoRunTotals, runIdOf, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'

const SHOTS = process.env.TRACESCOPE_CONVERSATION_SHOTS

describe.skipIf(missing)('the session header’s tokens and cost', { timeout: 180_000 }, () => {
  const v = genAiViewer('header-usage')

  it.each(['light', 'dark'] as const)(
    'a store: tokens, cost and unpriced tokens beside it (%s)',
    async (theme) => {
      const p = await v.open(`#/session/${GENAI_SESSION}/tree`, { colorScheme: theme })
      const usage = p.locator('[data-testid=session-usage]')
      await usage.waitFor()
      // 54,100 input + 560 output; $0.114 from the four priced models, local-llama-3's 600 not
      expect(await usage.innerText()).toBe('54,660 tokens · $0.114 +600 unpriced')
      expect(await usage.getAttribute('title')).toContain('in 54,100 · out 560')
      const findings = await seriousViolations(p)
      expect(findings, describeFindings(findings)).toEqual([])
      await p
        .locator('.session-head')
        .screenshot({ path: path.join(SHOTS ?? v.dir, `session-header-usage-${theme}.png`) })
    },
  )

  describe('a flujo file with more spans per run than one page', () => {
    const opts = { runs: 2, steps: 12_000, recordedEvery: 4 }
    let dir = ''
    let server: RunningServer | undefined
    const opened: WatchedPage[] = []

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-header-flujo-'))
      const file = path.join(dir, 'flujo_state.db')
      writeFlujoTokenRuns(file, opts)
      server = await startServer({ dbPath: file, log: () => undefined })
    }, 120_000)
    afterAll(async () => {
      for (const w of opened) expect(w.problems, 'console errors').toEqual([])
      for (const w of opened) await w.page.close()
      await server?.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    async function open(hash: string): Promise<Page> {
      const w = await openPage(v.browser, `${server!.url}${hash}`, { height: 900 })
      opened.push(w)
      return w.page
    }

    // 12,000 steps of 100 + i % 50 tokens: 1,494,000; every fourth step ($0.001 each as flujo
    // recorded it) 3,000 steps, $3.00; the other 9,000 steps' 1,122,000 tokens have no price
    const TOKENS = '1,494,000'
    // the list's columns are narrow: counts in short form

    it('adds up every step of the file, as its own figures say', () => {
      expect(flujoRunTotals(opts)).toEqual({
        tokens: 1_494_000,
        recordedCalls: 3_000,
        recordedUsd: 3,
        unpricedTokens: 1_122_000,
      })
    })

    it('the sessions list: complete tokens and cost, never "≥"', async () => {
      const p = await open('#/sessions')
      const row = p.locator(`[data-testid=session-row][data-session-id=${runIdOf(1)}]`)
      await row.waitFor()
      const tokens = row.locator('[data-testid=session-tokens]')
      // "…" while the file's pass runs, then the figures (no partial sum in between)
      await p.waitForFunction(
        (id) =>
          document.querySelector(
            `[data-testid=session-row][data-session-id="${id}"] [data-testid=session-tokens]`,
          )?.textContent !== '…',
        runIdOf(1),
      )
      expect(await tokens.innerText()).toBe('1.49M')
      expect(await tokens.getAttribute('title')).toBe(
        'in 0 · out 0 · other 1,494,000 · $3.00 · 1,122,000 unpriced',
      )
      const cost = row.locator('[data-testid=session-cost]')
      expect(await cost.innerText()).toBe('$3.00 +1.12M unpriced')
      expect(await cost.getAttribute('data-cost-source')).toBe('both')
      expect(await cost.getAttribute('title')).toContain(
        'cost of 3,000 of 12,000 calls as recorded by the source',
      )
    })

    it('the header: the same totals, the recorded cost said', async () => {
      const p = await open(`#/session/${runIdOf(0)}/tree`)
      const usage = p.locator('[data-testid=session-usage]:not([data-pending])')
      await usage.waitFor({ timeout: 60_000 })
      // "(recorded)" next to the cost it qualifies, not after the unpriced tokens
      expect(await usage.innerText()).toBe(
        `${TOKENS} tokens · $3.00 (recorded) +1,122,000 unpriced`,
      )
    })
  })
})
