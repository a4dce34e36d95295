// The Conversation section of a span with a 200 KB prompt, in headless Chromium against
// `tracescope serve` (spans sent by the OpenTelemetry JS SDK: test/e2e/genAiFixture.ts).
// Target: a 200 KB prompt renders in ≤ 100 ms. Measured in the page, each run:
//   open      the span is selected (its route set) → its section is in the DOM and laid out,
//             and → the next frame is painted (includes fetching the span's 200 KB attributes);
//   show all  "show all" clicked → all 200 KB in the DOM and laid out, and → painted;
//   markdown  … → the part on screen turned into Markdown (headings present).
// The same `open` of a small call (1 KB) is timed in the same run, as a baseline for the load.
// Prints medians (min–max) of BENCH_RUNS runs (default 9) and the load average.
//   npx tsx bench/conversationBench.ts
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { startServer } from '../src/main/server/startServer'
import { ensureRendererBuilt } from '../src/main/server/rendererBuild'
import { chromiumMissingReason, launch, openPage } from '../test/e2e/browser'
import { GENAI_SESSION, writeGenAiFixture } from '../test/e2e/genAiFixture'

const RUNS = Number(process.env.BENCH_RUNS ?? 9)

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const line = (xs: number[]): string =>
  `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/** In the page: sets the route to the span and times its section (laid out, then painted). */
function openSpan(page: Page, hash: string, spanId: string): Promise<[number, number]> {
  return page.evaluate(
    ([h, id]) =>
      new Promise<[number, number]>((resolve) => {
        const ready = (): boolean => {
          const shown = document.querySelector('[data-testid=detail-span-id]')?.textContent
          const text = document.querySelector<HTMLElement>(
            '[data-testid=conversation] [data-testid=conv-text]',
          )
          if (!shown?.includes(id) || !text) return false
          void text.offsetHeight
          return true
        }
        const t0 = performance.now()
        const done = (): void => {
          const laid = performance.now() - t0
          // the frame after the layout: painted
          requestAnimationFrame(() => setTimeout(() => resolve([laid, performance.now() - t0]), 0))
        }
        const mo = new MutationObserver(() => {
          if (ready()) {
            mo.disconnect()
            done()
          }
        })
        mo.observe(document.body, { childList: true, subtree: true, characterData: true })
        location.hash = h
      }),
    [hash, spanId] as const,
  )
}

/**
 * In the page: the floor of any rendering of the text shown: the same characters put in as one
 * text node of a plain-text block beside it, laid out.
 */
function plainFloor(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid=conv-text]')!
    const text = el.textContent ?? ''
    const div = document.createElement('div')
    div.style.whiteSpace = 'pre-wrap'
    const t0 = performance.now()
    div.textContent = text
    el.parentElement!.appendChild(div)
    void div.offsetHeight
    const ms = performance.now() - t0
    div.remove()
    return ms
  })
}

/** In the page: clicks "show all" and times the full text (laid out, painted, Markdown on screen). */
function showAll(page: Page): Promise<[number, number, number]> {
  return page.evaluate(
    () =>
      new Promise<[number, number, number]>((resolve) => {
        const button = document.querySelector<HTMLButtonElement>('[data-testid=conv-show-all]')!
        const t0 = performance.now()
        button.click()
        // React commits a click's update in a microtask: wait in microtasks, never a task later
        const el = document.querySelector<HTMLElement>('[data-testid=conv-text]')!
        let laid = 0
        const unfolded = (): void => {
          if (el.getAttribute('data-folded') !== 'false') return queueMicrotask(unfolded)
          void el.offsetHeight
          laid = performance.now() - t0
          painted()
        }
        const painted = (): void => {
          requestAnimationFrame(() =>
            setTimeout(() => {
              const paintedAt = performance.now() - t0
              const rich = (): void => {
                if (el.querySelector('h2')) resolve([laid, paintedAt, performance.now() - t0])
                else requestAnimationFrame(rich)
              }
              rich()
            }, 0),
          )
        }
        unfolded()
      }),
  )
}

async function main(): Promise<void> {
  const missing = chromiumMissingReason()
  if (missing) throw new Error(missing)
  await ensureRendererBuilt()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-convbench-'))
  const fx = await writeGenAiFixture(dir)
  const server = await startServer({ dbPath: fx.db, log: () => undefined })
  const browser = await launch()
  const route = (id: string): string => `#/session/${GENAI_SESSION}/timeline/span/${id}`
  const small: number[] = []
  const open: number[] = []
  const openPaint: number[] = []
  const all: number[] = []
  const allPaint: number[] = []
  const rich: number[] = []
  const floor: number[] = []
  const loadBefore = load()
  try {
    const { page, problems } = await openPage(browser, `${server.url}${route(fx.spans.legacy)}`, {
      height: 1000,
    })
    await page.waitForSelector('[data-testid=conversation]')
    console.log(
      `200 KB prompt: ${(fx.bigPromptChars / 1024).toFixed(0)} KB of Markdown; ${RUNS} runs, load ${loadBefore}`,
    )
    for (let i = 0; i < RUNS; i++) {
      // a small call first: the baseline, and it leaves the big one unselected
      small.push((await openSpan(page, route(fx.spans.current), fx.spans.current))[0])
      const [o, op] = await openSpan(page, route(fx.spans.big), fx.spans.big)
      open.push(o)
      openPaint.push(op)
      const [a, ap, r] = await showAll(page)
      all.push(a)
      allPaint.push(ap)
      rich.push(r)
      floor.push(await plainFloor(page))
    }
    if (problems.length) throw new Error(`console errors: ${problems.join('; ')}`)
  } finally {
    await browser.close()
    await server.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  console.log(`open, small call (baseline): laid out ${line(small)}`)
  console.log(`open, 200 KB prompt:         laid out ${line(open)}, painted ${line(openPaint)}`)
  console.log(`  ratio to the small call:   ${(median(open) / median(small)).toFixed(2)}×`)
  console.log(`show all 200 KB:             laid out ${line(all)}, painted ${line(allPaint)}`)
  console.log(`  Markdown on screen:        ${line(rich)}`)
  console.log(
    `  first run (a cold page):   laid out ${all[0].toFixed(1)} ms, painted ${allPaint[0].toFixed(1)} ms`,
  )
  console.log(`  floor: the text as one plain block, laid out: ${line(floor)}`)
  console.log(`  show all / floor:          ${(median(all) / median(floor)).toFixed(2)}×`)
  console.log(`load average before ${loadBefore}, after ${load()} (${os.cpus().length} CPUs)`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
