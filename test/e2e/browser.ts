// Headless Chromium through playwright-core (never `playwright install`: the system
// chromium is used). Collects the page's console errors and CSP violations so tests can
// assert there were none.
import fs from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { prerequisite } from '../prerequisites'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

/** Why the browser tests cannot run here, or null; in CI a missing Chromium fails the run. */
export function chromiumMissingReason(): string | null {
  const missing = fs.existsSync(CHROMIUM)
    ? null
    : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`
  return prerequisite('Chromium', missing) ? null : missing
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
}

export interface WatchedPage {
  page: Page
  problems: string[]
}

export async function openPage(
  browser: Browser,
  url: string,
  opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    colorScheme: opts.colorScheme ?? 'light',
  })
  // tsx/esbuild wrap named functions in __name(); functions we hand to page.evaluate carry it
  await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f)')
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  await page.goto(url)
  return { page, problems }
}

/**
 * Runs in the page (hand it to page.evaluate): how many agent-graph labels lie under another
 * agent's circle or under another label, and the height of the smallest name.
 */
export function agentLabelLayout(): { overlaps: number; minNameHeight: number } {
  const boxes = (sel: string) =>
    [...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect())
  const names = boxes('[data-testid=agent-label] .name')
  // one circle per agent (a failed agent's red ring around it is not another agent)
  const circles = boxes('[data-testid=agent-node] circle:not(.failed-ring)')
  const texts = boxes('[data-testid=agent-label]')
  const hit = (a: DOMRect, b: DOMRect) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
  let overlaps = 0
  texts.forEach((t, i) => {
    circles.forEach((c, j) => {
      if (j !== i && hit(t, c)) overlaps++
    })
    texts.forEach((u, j) => {
      if (j > i && hit(t, u)) overlaps++
    })
  })
  return { overlaps, minNameHeight: Math.min(...names.map((b) => b.height)) }
}
