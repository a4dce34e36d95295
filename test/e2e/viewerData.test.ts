// The viewer end to end, part 4: what a run's data looks like — a ddeutil-workflow run's log
// lines with their levels and the line an error was written at, the export dialog's count and
// file name, and metrics drawn by what they measure. Real Chromium against `tracescope serve`.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { addDdeutilLogRun, writeDdeutilDb } from '../fixtures/ddeutilFixture'
import { openPage } from './browser'
import { SWARM, T0 } from './viewerFixture'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

const RUN = 'run-42'
const LINES = 25
const FAILED_LINE = 17

/** Metrics of one session: per-request token counts, a memory series, a lone queue sample. */
function metricRecords(): TraceRecord[] {
  const r: TraceRecord[] = [
    {
      kind: 'session',
      id: 'metrics-run',
      name: 'Metrics run',
      startTime: T0,
      endTime: T0 + 60_000,
    },
    {
      kind: 'span',
      sessionId: 'metrics-run',
      spanId: 'm-root',
      name: 'run',
      startTime: T0,
      endTime: T0 + 60_000,
      status: 'ok',
    },
  ]
  for (let i = 0; i < 5; i++)
    r.push({
      kind: 'metric',
      sessionId: 'metrics-run',
      agentId: null,
      time: T0 + i * 10_000,
      name: 'gen_ai.usage.input_tokens',
      value: 300 + i * 50,
      attributes: { spans: 1 },
    })
  for (let i = 0; i < 10; i++)
    r.push({
      kind: 'metric',
      sessionId: 'metrics-run',
      agentId: null,
      time: T0 + i * 6000,
      name: 'process.memory.rss',
      value: 100 + i,
    })
  r.push({
    kind: 'metric',
    sessionId: 'metrics-run',
    agentId: null,
    time: T0 + 30_000,
    name: 'queue.depth',
    value: 7,
  })
  return r
}

describe.skipIf(chromiumMissing !== null)(
  'viewer in Chromium: log lines, export count, metrics',
  () => {
    const h = useViewerHarness()
    let ddeutil: RunningServer

    beforeAll(async () => {
      const file = path.join(h.dir, 'ddeutil.db')
      writeDdeutilDb(file, { sessions: 1 })
      addDdeutilLogRun(file, { runId: RUN, lines: LINES, failedLine: FAILED_LINE, baseTime: T0 })
      ddeutil = await startServer({ dbPath: file, log: () => undefined })
      const store = openStore(h.nativeDb)
      await store.write(metricRecords())
      await store.close()
    }, 60_000)
    afterAll(async () => {
      await ddeutil?.close()
    })

    it("shows a ddeutil-workflow run's log lines with levels, and the line its error was written at", async () => {
      const span = encodeURIComponent(`run:${RUN}`)
      const { page: p, problems } = await openPage(
        h.browser,
        `${ddeutil.url}#/session/${RUN}/timeline/span/${span}`,
      )
      await p.waitForSelector('[data-testid=error-log-line]')
      expect(await p.locator('[data-testid=log-line]').count()).toBe(LINES)
      const levels = await p.locator('[data-testid=log-level]').allTextContents()
      expect(levels).toHaveLength(LINES)
      expect(new Set(levels)).toEqual(new Set(['info', 'debug', 'warning', 'error']))
      expect(levels[FAILED_LINE - 1]).toBe('error')
      expect(await p.textContent('[data-testid=error-log-line]')).toBe(
        `log line ${FAILED_LINE} of ${LINES}`,
      )
      await p.click('[data-testid=go-to-line]')
      const line = p.locator(`[data-testid=log-line][data-line="${FAILED_LINE}"]`)
      await p.waitForSelector(`[data-testid=log-line][data-line="${FAILED_LINE}"].focused`)
      expect(await line.textContent()).toContain('Stage load-warehouse failed')
      // scrolled into the detail's view
      const inView = await line.evaluate((el) => {
        const r = el.getBoundingClientRect()
        const d = el.closest('[data-testid=span-detail]')!.getBoundingClientRect()
        return r.top >= d.top && r.bottom <= d.bottom
      })
      expect(inView).toBe(true)
      expect(problems).toEqual([])
      await p.close()
    })

    it('counts what an export will hold, names the file after session and filter, and errors-only carries no metric samples', async () => {
      const p = await h.page(`#/session/${SWARM}/timeline`)
      await p.waitForSelector('[data-testid=session-title]')
      await p.click('[data-testid=open-export]')
      const countIs = (re: string) =>
        p.waitForFunction(
          (src) =>
            new RegExp(src).test(
              document.querySelector('[data-testid=export-count]')?.textContent ?? '',
            ),
          re,
        )
      await countIs('120 metric samples')
      expect(await p.textContent('[data-testid=export-file-name]')).toBe(`${SWARM}.ndjson`)
      await p.selectOption('[data-testid=export-status]', 'error')
      await p.waitForFunction(
        (want) => document.querySelector('[data-testid=export-file-name]')?.textContent === want,
        `${SWARM}-errors.ndjson`,
      )
      const counted = (await p.textContent('[data-testid=export-count]'))!
      expect(counted).toContain('1 span')
      expect(counted).not.toContain('metric')
      const records = Number(/^([\d,]+) records/.exec(counted)![1].replace(/,/g, ''))
      await p.selectOption('[data-testid=export-format]', 'ndjson')
      const [download] = await Promise.all([
        p.waitForEvent('download'),
        p.click('[data-testid=export-start]'),
      ])
      expect(download.suggestedFilename()).toBe(`${SWARM}-errors.ndjson`)
      const file = path.join(h.dir, 'errors.ndjson')
      await download.saveAs(file)
      const lines = fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string })
      expect(lines.filter((l) => l.kind === 'metric')).toEqual([])
      expect(lines.length).toBe(records)
      h.checkPages()
      await p.close()
    })

    it('draws per-request samples as bars, a series as a line, and one sample as its value', async () => {
      const p = await h.page('#/session/metrics-run/metrics')
      await p.waitForSelector('[data-testid=metric-chart]')
      const chart = (name: string) => p.locator('[data-testid=metric-chart]', { hasText: name })
      const tokens = chart('gen_ai.usage.input_tokens')
      expect(await tokens.getAttribute('data-shape')).toBe('events')
      expect(await tokens.locator('path.line').count()).toBe(0)
      expect(await tokens.locator('path.bars').getAttribute('data-bars')).toBe('5')
      const memory = chart('process.memory.rss')
      expect(await memory.getAttribute('data-shape')).toBe('series')
      expect(await memory.locator('path.line').count()).toBe(1)
      const queue = chart('queue.depth')
      expect(await queue.getAttribute('data-shape')).toBe('single')
      expect(await queue.locator('[data-testid=metric-value]').textContent()).toMatch(/^7 at /)
      h.checkPages()
      await p.close()
    })
  },
)
