// The critical path in Chromium against `tracescope serve`: on an OTLP run from the
// OpenTelemetry SDK whose coder waits for a review through a span link, the toggle lists the
// steps worked out by hand (agentSwarmFixture.ts) with their shares, marks them under the bars
// (the coder's own "chat code" is not marked), and a step selects its span.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { chromiumMissingReason, launch, openPage } from './browser'
import { CRITICAL_PATH, SWARM_ROWS, SWARM_SESSION, writeAgentSwarm } from './agentSwarmFixture'
import { describeFindings, seriousViolations } from './axe'

const missing = chromiumMissingReason()
const SHOTS = process.env.TRACESCOPE_SHOTS

/** Rows whose bar band's bottom (where path marks go) has pixels of exactly the text colour. */
function markedRows(p: Page, rows: number): Promise<boolean[]> {
  return p.evaluate((rows) => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid=timeline-canvas]')!
    const fg = getComputedStyle(document.documentElement).getPropertyValue('--fg').trim()
    const [R, G, B] = [1, 3, 5].map((k) => parseInt(fg.slice(k, k + 2), 16))
    const out: boolean[] = []
    for (let r = 0; r < rows; r++) {
      const d = c.getContext('2d')!.getImageData(300, r * 22 + 19, c.width - 300, 2).data
      let n = 0
      for (let k = 0; k < d.length; k += 4) if (d[k] === R && d[k + 1] === G && d[k + 2] === B) n++
      out.push(n > 4)
    }
    return out
  }, rows)
}

describe.skipIf(missing)('the critical path, in Chromium', () => {
  let dir: string
  let browser: Browser
  let server: RunningServer

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-path-'))
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    server = await startServer({ dbPath: await writeAgentSwarm(dir), log: () => undefined })
    browser = await launch()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  for (const scheme of ['light', 'dark'] as const)
    it(`lists the steps with their shares and marks them on the timeline (${scheme})`, async () => {
      const { page: p, problems } = await openPage(
        browser,
        `${server.url}#/session/${SWARM_SESSION}/timeline`,
        { colorScheme: scheme },
      )
      await p.waitForFunction(
        (n) =>
          document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ===
          n,
        String(SWARM_ROWS.length),
      )
      expect(await p.locator('[data-testid=path-list]').count()).toBe(0)
      await p.click('[data-testid=path-toggle]')
      expect(await p.getAttribute('[data-testid=path-toggle]', 'aria-pressed')).toBe('true')
      await p.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=path-step]').length === n,
        CRITICAL_PATH.length,
      )
      const steps = await p.$$eval('[data-testid=path-step]', (rows) =>
        rows.map((r) => [
          r.querySelector('button')?.textContent ?? '',
          r.querySelector('.path-pct')?.textContent ?? '',
        ]),
      )
      // every step, in time order, with its share of the 10 s run
      expect(steps).toEqual(
        CRITICAL_PATH.map(([name, from, to]) => [
          name,
          `${(((to - from) / 10000) * 100).toFixed(1)}%`,
        ]),
      )
      expect(await p.getAttribute('[data-testid=timeline-scroller]', 'data-path-steps')).toBe(
        String(CRITICAL_PATH.length),
      )
      await p.evaluate(
        () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
      )
      const marked = await markedRows(p, SWARM_ROWS.length)
      const onPath = new Set(CRITICAL_PATH.map(([name]) => name))
      expect(marked).toEqual(SWARM_ROWS.map(([name]) => onPath.has(name)))
      if (SHOTS) await p.screenshot({ path: path.join(SHOTS, `critical-path-${scheme}.png`) })

      // no serious accessibility finding with the list open
      const found = await seriousViolations(p)
      expect(describeFindings(found)).toBe('')

      // a step selects its span; the toggle again hides path and list
      await p.locator('[data-testid=path-step] button', { hasText: 'chat review' }).click()
      await p.waitForSelector('[data-testid=detail-span-id]')
      await p.click('[data-testid=path-toggle]')
      await p.waitForSelector('[data-testid=path-list]', { state: 'detached' })
      expect(problems).toEqual([])
    }, 120_000)
})
