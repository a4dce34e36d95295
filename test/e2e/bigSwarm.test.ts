// Views of a big swarm in real Chromium: 48 agents that never message each other (MoAI's agent
// registry, a swarm reporting only spans) must still fit with readable names, and a metric
// sampled 12,000 times (more than one page) is charted to its end.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { agentLabelLayout, chromiumMissingReason, launch, openPage } from './browser'

const missing = chromiumMissingReason()
const AGENTS = 48
const T0 = Date.UTC(2026, 10, 21, 9, 0, 0)
const SAMPLES = 12_000

describe.skipIf(!!missing)('views of a big swarm (Chromium)', () => {
  let dir = ''
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-graph-'))
    const db = path.join(dir, 'swarm.db')
    const store = openStore(db)
    const r: TraceRecord[] = [
      { kind: 'session', id: 'big', name: 'Big swarm', status: 'completed', startTime: T0 },
    ]
    for (let a = 0; a < AGENTS; a++)
      for (let s = 0; s < 3 + (a % 7) * 5; s++)
        r.push({
          kind: 'span',
          sessionId: 'big',
          spanId: `a${a}s${s}`,
          name: 'llm.chat',
          agentId: `agent-${a}`,
          startTime: T0 + a * 1000 + s * 10,
          endTime: T0 + a * 1000 + s * 10 + 5,
          status: s === 0 && a % 5 === 0 ? 'error' : 'ok',
        })
    for (let i = 0; i < SAMPLES; i++)
      r.push({
        kind: 'metric',
        sessionId: 'big',
        name: 'cpu.percent',
        time: T0 + i * 4,
        value: i === SAMPLES - 1 ? 4242 : i % 100,
      })
    await store.write(r)
    await store.close()
    server = await startServer({ dbPath: db, log: () => undefined })
    browser = await launch()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('keeps every name at a readable size, not under another circle or name, at 1280×800', async () => {
    const { page, problems } = await openPage(browser, `${server.url}#/session/big/graph`, {
      width: 1280,
      height: 800,
    })
    await page.waitForSelector('[data-testid=agent-label]')
    expect(await page.locator('[data-testid=agent-node]').count()).toBe(AGENTS)
    const m = await page.evaluate(agentLabelLayout)
    // an 11px name drawn at the fit-to-box scale came out ≈ 4px high with 48 agents
    expect(m.minNameHeight).toBeGreaterThanOrEqual(10)
    expect(m.overlaps).toBe(0)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('charts every sample of a metric, not only the first page', async () => {
    const { page, problems } = await openPage(browser, `${server.url}#/session/big/metrics`, {
      width: 1280,
      height: 800,
    })
    await page.waitForSelector('[data-testid=metric-chart]')
    // the first page ended at sample 4,999 (value 99), so 'last' named a value from mid-run
    expect(await page.textContent('[data-testid=metric-chart] h4')).toContain('last 4,242')
    expect(await page.textContent('[data-testid=metrics-view]')).not.toContain('Only the first')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
