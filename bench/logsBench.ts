// The Logs tab at scale, in headless Chromium against `tracescope serve`: a session of N log
// lines (default 200,000, the most the tab keeps; BENCH_LINES to change) — time until every line
// is in, then scrolling the virtualized list: rAF intervals and main-thread work per frame.
// Prints figures; target: frame p95 ≤ 16 ms.   npm run bench:logs
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TraceRecord } from '../src/shared/domain'
import { openStore } from '../src/main/store/traceStore'
import { startServer } from '../src/main/server/startServer'
import { ensureRendererBuilt } from '../src/main/server/rendererBuild'
import { chromiumMissingReason, launch, openPage } from '../test/e2e/browser'

const LINES = Number(process.env.BENCH_LINES ?? 200_000)
const FRAMES = 600
const SESSION = 'bench-logs'
const LEVELS = ['debug', 'info', 'info', 'info', 'warning', 'error']

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN
}
const f1 = (n: number): string => n.toFixed(1)

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
  await store.close()
}

async function main(): Promise<void> {
  const missing = chromiumMissingReason()
  if (missing) {
    console.log(`skipped: ${missing}`)
    return
  }
  await ensureRendererBuilt()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-logs-bench-'))
  const file = path.join(dir, 'logs.db')
  process.env.TRACESCOPE_HOME = path.join(dir, 'home')
  await writeFixture(file)
  const browser = await launch()
  const server = await startServer({ dbPath: file, log: () => undefined })
  try {
    console.log(
      `Logs tab bench: ${LINES.toLocaleString()} lines, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}`,
    )
    const { page } = await openPage(browser, `${server.url}#/session/${SESSION}/logs`)
    const t0 = Date.now()
    await page.waitForSelector('[data-testid=logs-line]', { timeout: 600_000 })
    console.log(`first lines shown: ${Date.now() - t0} ms`)
    await page.waitForFunction(
      (n) =>
        document
          .querySelector('[data-testid=logs-count]')
          ?.textContent?.endsWith(`of ${n.toLocaleString()} lines`),
      LINES,
      { timeout: 600_000 },
    )
    console.log(`every line in: ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const { interval, work } = await page.evaluate(
      (frames) =>
        new Promise<{ interval: number[]; work: number[] }>((resolve) => {
          const el = document.querySelector('[data-testid=logs-list]')!
          el.scrollTop = 0
          const out: number[] = []
          const work: number[] = []
          const channel = new MessageChannel()
          let frameStart = 0
          channel.port1.onmessage = () => work.push(performance.now() - frameStart)
          let last = 0
          let i = 0
          const step = (t: number): void => {
            if (last) out.push(t - last)
            last = t
            frameStart = performance.now()
            channel.port2.postMessage(0)
            if (i++ >= frames) return resolve({ interval: out, work })
            // 240 px a frame as bench:ui scrolls the timeline, and every 100th frame a jump
            el.scrollTop += i % 100 === 0 ? el.scrollHeight / 7 : 240
            requestAnimationFrame(step)
          }
          requestAnimationFrame(step)
        }),
      FRAMES,
    )
    console.log(
      `scrolling ${FRAMES} frames: rAF interval p50 ${f1(pct(interval, 50))} ms, p95 ${f1(pct(interval, 95))} ms; main-thread work per frame p50 ${f1(pct(work, 50))} ms, p95 ${f1(pct(work, 95))} ms (target p95 ≤ 16 ms); load average now ${os.loadavg()[0].toFixed(1)}`,
    )
    await page.close()
  } finally {
    await server.close()
    await browser.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
