// The Logs tab at scale, in headless Chromium against `tracescope serve`: a session of N log
// lines (default 1,000,000; the tab holds 200,000 of them and pages the rest in; BENCH_LINES to
// change) — time until the lines it holds are in, reading older pages in at the top, then
// scrolling the virtualized list: rAF intervals and main-thread work per frame. The machine is
// shared, so the timeline of a BENCH_SPANS-span session (default 100,000) of the same file is
// scrolled the same way in alternating rounds and the ratio of the frame p95s printed.
// Prints figures; target: frame p95 ≤ 16 ms.   npm run bench:logs
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TraceRecord } from '../src/shared/domain'
import { openStore } from '../src/main/store/traceStore'
import { startServer } from '../src/main/server/startServer'
import { ensureRendererBuilt } from '../src/main/server/rendererBuild'
import { chromiumMissingReason, launch, openPage } from '../test/e2e/browser'
import { f1, measureFrames, median, pct } from './frameTiming'

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000)
const SPANS = Number(process.env.BENCH_SPANS ?? 100_000)
const FRAMES = 600
const ROUNDS = 3
const SESSION = 'bench-logs'
const SPAN_SESSION = 'bench-spans'
// 240 px a frame as bench:ui scrolls the timeline, and every 100th frame a jump
const SCROLL = { kind: 'scroll', px: 240, jumpEvery: 100, fromTop: true } as const
const LEVELS = ['debug', 'info', 'info', 'info', 'warning', 'error']

async function writeFixture(file: string): Promise<void> {
  const store = openStore(file)
  const t0 = Date.now() - LINES
  let batch: TraceRecord[] = [
    { kind: 'session', id: SESSION, name: 'logs bench', status: 'completed', startTime: t0 },
  ]
  for (let a = 0; a < 8; a++)
    batch.push({
      kind: 'span',
      sessionId: SESSION,
      spanId: `agent-${a}`,
      name: `agent.step ${a}`,
      agentId: `agent-${a}`,
      startTime: t0,
      endTime: t0 + LINES,
    })
  for (let i = 0; i < LINES; i++) {
    const a = i % 8
    batch.push({
      kind: 'event',
      id: `l${i}`,
      sessionId: SESSION,
      spanId: `agent-${a}`,
      agentId: `agent-${a}`,
      time: t0 + i,
      name: 'log',
      level: LEVELS[i % LEVELS.length],
      message: `step ${i}: processed batch ${i % 97} of the input in ${i % 300} ms`,
    })
    if (batch.length >= 5000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
  batch = [{ kind: 'session', id: SPAN_SESSION, name: 'timeline bench', status: 'completed' }]
  for (let i = 0; i < SPANS; i++) {
    batch.push({
      kind: 'span',
      sessionId: SPAN_SESSION,
      spanId: `s${i}`,
      parentSpanId: i % 50 === 0 ? undefined : `s${i - (i % 50)}`,
      name: `step ${i % 40}`,
      agentId: `agent-${i % 8}`,
      startTime: t0 + i,
      endTime: t0 + i + 40,
    })
    if (batch.length >= 5000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
  await store.close()
}

async function main(): Promise<void> {
  const missing = chromiumMissingReason()
  if (missing) {
    console.log(`skipped: ${missing}`)
    return
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-logs-bench-'))
  // a private build: another process rebuilding out/renderer mid-run would blank the page
  const rendererDir = await ensureRendererBuilt({
    outDir: path.join(dir, 'renderer'),
    force: true,
    log: () => undefined,
  })
  const file = path.join(dir, 'logs.db')
  process.env.TRACESCOPE_HOME = path.join(dir, 'home')
  await writeFixture(file)
  const browser = await launch()
  const server = await startServer({ dbPath: file, rendererDir, log: () => undefined })
  try {
    console.log(
      `Logs tab bench: ${LINES.toLocaleString()} lines, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}`,
    )
    const { page } = await openPage(browser, `${server.url}#/session/${SESSION}/logs`)
    const t0 = Date.now()
    await page.waitForSelector('[data-testid=logs-line]', { timeout: 600_000 })
    console.log(`first lines shown: ${Date.now() - t0} ms`)
    // the opening read is done when the count says which stretch is held and nothing is read
    const COUNT = '[data-testid=logs-count]'
    const settled = /^[\d,]+ of [\d,]+( newest)? lines$/
    await page.waitForFunction(
      ([sel, re]) => new RegExp(re).test(document.querySelector(sel)?.textContent ?? ''),
      [COUNT, settled.source] as const,
      { timeout: 600_000 },
    )
    console.log(
      `lines held in: ${((Date.now() - t0) / 1000).toFixed(1)} s (${await page.textContent(COUNT)})`,
    )
    // reading older pages in at the top: from asking (scrolled to the top) to the page shown,
    // which the list marks by keeping its line in view: its scrollTop leaves 0. Each read of a page
    // waits for the one before it to end, or that one's arrival would undo the scroll.
    const pageMs: number[] = []
    const LIST = '[data-testid=logs-list]'
    const paged = (await page.textContent(COUNT))?.includes('newest') ?? false
    for (let k = 0; paged && k < 5; k++) {
      await page.waitForFunction(
        (sel) => !(document.querySelector(sel)?.textContent ?? '').includes('reading older'),
        COUNT,
        { timeout: 120_000 },
      )
      const t = Date.now()
      await page.evaluate((sel) => (document.querySelector(sel)!.scrollTop = 0), LIST)
      await page.waitForFunction((sel) => document.querySelector(sel)!.scrollTop > 0, LIST, {
        timeout: 120_000,
        polling: 'raf',
      })
      pageMs.push(Date.now() - t)
    }
    console.log(
      `older page of 5,000 read in at the top: median ${median(pageMs)} ms (${pageMs.join(', ')}); ${await page.textContent(COUNT)}`,
    )
    // Home on the list: the session's first line shown, then its oldest 200,000 held; End back
    const firstLine = '[data-testid=logs-line] .log-message'
    let t = Date.now()
    await page.focus('[data-testid=logs-list]')
    await page.keyboard.press('Home')
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.startsWith('step 0:') ?? false,
      firstLine,
      { timeout: 600_000 },
    )
    const oldestShown = Date.now() - t
    await page.waitForFunction(
      (sel) => / oldest lines$/.test(document.querySelector(sel)?.textContent ?? ''),
      COUNT,
      { timeout: 600_000 },
    )
    const oldestHeld = Date.now() - t
    t = Date.now()
    await page.keyboard.press('End')
    await page.waitForFunction(
      (sel) => / newest lines$/.test(document.querySelector(sel)?.textContent ?? ''),
      COUNT,
      { timeout: 600_000 },
    )
    console.log(
      `jump to oldest (Home): first line shown ${oldestShown} ms, oldest 200,000 held ${f1(oldestHeld / 1000)} s; back to newest (End): ${f1((Date.now() - t) / 1000)} s`,
    )
    const { page: timeline } = await openPage(
      browser,
      `${server.url}#/session/${SPAN_SESSION}/timeline`,
    )
    await timeline.waitForFunction(
      (n) =>
        Number(
          document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ?? 0,
        ) >= n,
      SPANS,
      { polling: 200, timeout: 600_000 },
    )
    const logsP95: number[] = []
    const timelineP95: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      await page.bringToFront()
      const logs = await measureFrames(page, '[data-testid=logs-list]', FRAMES, SCROLL)
      logsP95.push(pct(logs.work, 95))
      console.log(
        `round ${r + 1} Logs, ${FRAMES} frames: rAF interval p50 ${f1(pct(logs.interval, 50))} ms, p95 ${f1(pct(logs.interval, 95))} ms; main-thread work per frame p50 ${f1(pct(logs.work, 50))} ms, p95 ${f1(pct(logs.work, 95))} ms; load average ${os.loadavg()[0].toFixed(1)}`,
      )
      await timeline.bringToFront()
      const tl = await measureFrames(timeline, '[data-testid=timeline-scroller]', FRAMES, SCROLL)
      timelineP95.push(pct(tl.work, 95))
      console.log(
        `round ${r + 1} timeline (${SPANS.toLocaleString()} spans), ${FRAMES} frames: rAF interval p95 ${f1(pct(tl.interval, 95))} ms; main-thread work per frame p50 ${f1(pct(tl.work, 50))} ms, p95 ${f1(pct(tl.work, 95))} ms; load average ${os.loadavg()[0].toFixed(1)}`,
      )
    }
    console.log(
      `scroll work per frame p95, median of ${ROUNDS} rounds: Logs ${f1(median(logsP95))} ms, timeline ${f1(median(timelineP95))} ms, ratio ${(median(logsP95) / median(timelineP95)).toFixed(2)} (target p95 ≤ 16 ms); load average now ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    )
    await timeline.close()
    await page.close()
  } finally {
    await server.close()
    await browser.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
