// The waterfall's right edge in real Chromium against `tracescope serve`: on first view and
// after "Fit", the bar of the session's last-ending span must end inside the canvas with room
// after it (it used to end on the canvas' last pixel and read as cut off). Read from the
// canvas' pixels: the rightmost coloured (bar) pixel, not from what the code meant to draw.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import {
  writeClaudeFlowDb,
  writeClaudeFlowEventsDb,
  writeDdeutilDb,
  tempDir,
} from '../fixtures/seedWriters'
import { chromiumMissingReason, launch, openPage } from './browser'

const chromiumMissing = chromiumMissingReason()
const SCROLLER = '[data-testid=timeline-scroller]'
/** the free room the last bar must leave before the canvas' right edge, in CSS pixels */
const MIN_ROOM_PX = 8

/**
 * Runs in the page: a canvas' width and the x of its rightmost bar pixel (CSS px); the body
 * canvas by default, or the overview strip (its spans and the view's frame are coloured too).
 */
function rightmostBar(testId = 'timeline-canvas'): { width: number; barRight: number } {
  const c = document.querySelector(`[data-testid=${testId}]`) as HTMLCanvasElement
  const ctx = c.getContext('2d')!
  const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height)
  const dpr = c.width / c.clientWidth
  let right = -1
  for (let y = 0; y < height; y++)
    for (let x = width - 1; x > right; x--) {
      const o = (y * width + x) * 4
      // bars are saturated colours (status or agent); grid lines, text and stripes are grey
      const sat =
        Math.max(data[o], data[o + 1], data[o + 2]) - Math.min(data[o], data[o + 1], data[o + 2])
      if (sat > 60) {
        right = x
        break
      }
    }
  return { width: c.clientWidth, barRight: (right + 1) / dpr }
}

async function lastBarRoom(
  p: Page,
  testId = 'timeline-canvas',
): Promise<{ room: number; barRight: number; width: number }> {
  // the frame after the store settled: wait until two reads agree
  let prev = ''
  for (;;) {
    const g = await p.evaluate(rightmostBar, testId)
    const key = JSON.stringify(g)
    if (key === prev) return { ...g, room: g.width - g.barRight }
    prev = key
    await p.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))))
  }
}

describe.skipIf(chromiumMissing !== null)('the waterfall right edge', () => {
  let browser: Browser
  const dir = tempDir('tracescope-tl-edge-')
  const servers: RunningServer[] = []

  beforeAll(async () => {
    process.env.TRACESCOPE_HOME = path.join(dir.dir, 'home')
    browser = await launch()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    for (const s of servers) await s.close()
    dir.cleanup()
  })

  async function open(file: string, sessionId: string, rows: string): Promise<Page> {
    const server = await startServer({ dbPath: file, log: () => undefined })
    servers.push(server)
    const { page, problems } = await openPage(
      browser,
      `${server.url}#/session/${sessionId}/timeline`,
    )
    await page.waitForSelector(`${SCROLLER}[data-rows="${rows}"]`, { timeout: 30_000 })
    expect(problems).toEqual([])
    return page
  }

  it.each([
    // Run 2: its error span starts at 22.234 s and lasts 1.519 s, the latest end of the run
    ['claude-flow', writeClaudeFlowDb, 'session_1748775600000_1abc', '12', 23_753],
    // swarm-2 of the events layout: a 130 ms task ends last
    ['claude-flow events', writeClaudeFlowEventsDb, 'swarm-2', '9', null],
  ] as const)(
    '%s: the last-ending bar is whole, with room, on first view and after Fit',
    async (name, write, sessionId, rows, lastEndAfterStart) => {
      const file = path.join(dir.dir, `${name.replace(' ', '-')}.db`)
      write(file)
      const p = await open(file, sessionId, rows)
      const sc = p.locator(SCROLLER)
      if (lastEndAfterStart !== null) {
        // the view reaches the span's end
        const end = Number(await sc.getAttribute('data-view-end'))
        expect(end).toBeGreaterThanOrEqual(1748775600000 + lastEndAfterStart)
      }
      const first = await lastBarRoom(p)
      // a bar was found near the right edge (the test is not passing on an empty canvas)
      expect(first.barRight).toBeGreaterThan(first.width * 0.9)
      expect(first.room).toBeGreaterThanOrEqual(MIN_ROOM_PX)
      // the overview strip above keeps the same room: its spans and the view's frame ended on
      // (and the frame's right side was cut by) the canvas' last pixel
      const mini = await lastBarRoom(p, 'minimap')
      expect(mini.barRight).toBeGreaterThan(mini.width * 0.9)
      expect(mini.room).toBeGreaterThanOrEqual(MIN_ROOM_PX)
      // zoom in, then a click on the overview: the time under the click becomes the view's
      // middle (the strip maps time as the bars do, its room on the right left out)
      const whole = [
        Number(await sc.getAttribute('data-view-start')),
        Number(await sc.getAttribute('data-view-end')),
      ]
      await p.click('[data-testid=zoom-in]')
      await p.click('[data-testid=zoom-in]')
      const box = (await p.locator('[data-testid=minimap]').boundingBox())!
      // a quarter of the way along the bars (the label column is 300 px wide)
      await p.mouse.click(box.x + 300 + (mini.width - 300 - 16) / 4, box.y + box.height / 2)
      // the zoomed view comes to be centred on the clicked time (the clicks above and this one
      // are handled in turn; wait for the end state, then check it)
      const target = whole[0] + (whole[1] - whole[0]) / 4
      const perPx = (whole[1] - whole[0]) / (mini.width - 300 - 16)
      await p
        .waitForFunction(
          ([w, t, px]) => {
            const el = document.querySelector('[data-testid=timeline-scroller]')!
            const s = Number(el.getAttribute('data-view-start'))
            const e = Number(el.getAttribute('data-view-end'))
            return e - s < w && Math.abs((s + e) / 2 - t) <= px
          },
          [whole[1] - whole[0], target, perPx] as const,
          { timeout: 10_000 },
        )
        .catch(() => undefined)
      const mid =
        (Number(await sc.getAttribute('data-view-start')) +
          Number(await sc.getAttribute('data-view-end'))) /
        2
      // within a pixel's worth of time, and still zoomed
      expect(Math.abs(mid - target)).toBeLessThanOrEqual(perPx)
      expect(
        Number(await sc.getAttribute('data-view-end')) -
          Number(await sc.getAttribute('data-view-start')),
      ).toBeLessThan(whole[1] - whole[0])
      // Fit: the same whole view again
      await p.getByRole('button', { name: 'Fit', exact: true }).click()
      const fit = await lastBarRoom(p)
      expect(fit.barRight).toBeGreaterThan(fit.width * 0.9)
      expect(fit.room).toBeGreaterThanOrEqual(MIN_ROOM_PX)
      await p.close()
    },
    120_000,
  )

  it('the overview strip shows a span that lasts the whole session apart from the view frame', async () => {
    // a ddeutil-workflow job: its root (job-a) runs from the first line to the last, on the
    // strip's first row, where it used to lie under the frame's top line and not be seen
    const file = path.join(dir.dir, 'ddeutil.db')
    writeDdeutilDb(file, { sessions: 3 })
    const p = await open(file, 'job-run-3a', '4')
    await lastBarRoom(p, 'minimap')
    // the coloured runs down the strip's middle column (CSS px): frame, root, ..., frame
    const runs = await p.evaluate(() => {
      const c = document.querySelector('[data-testid=minimap]') as HTMLCanvasElement
      const { data, width, height } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height)
      const dpr = c.width / c.clientWidth
      const x = Math.round((300 + (c.clientWidth - 300 - 16) / 2) * dpr)
      const out: Array<[number, number]> = []
      let inRun = false
      for (let y = 0; y < height; y++) {
        const o = (y * width + x) * 4
        const sat =
          Math.max(data[o], data[o + 1], data[o + 2]) - Math.min(data[o], data[o + 1], data[o + 2])
        if (sat > 40 && !inRun) out.push([y / dpr, y / dpr])
        if (sat > 40) out[out.length - 1][1] = y / dpr
        inRun = sat > 40
      }
      return out
    })
    // the frame's top and bottom and, between them and apart from both, the root's line
    expect(runs.length).toBeGreaterThanOrEqual(3)
    await p.close()
  }, 120_000)
})
