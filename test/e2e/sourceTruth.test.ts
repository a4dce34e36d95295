// What the viewer shows of other tools' files and OTLP data is what they recorded: a failed
// Claude-Flow step is drawn failed and its agent red, the Agents tab lists the session's agents,
// a flujo run's header follows its spans, an OTLP session with a failed root reads "failed".
// Screenshots land in $TRACESCOPE_SHOTS (when set) for a person to look at.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { otlpTracesToRecords } from '../../src/main/otlp'
import { openStore } from '../../src/main/store/traceStore'
import { openStore as openSdkStore } from '../../src/lib'
import { chromiumMissingReason, launch, openPage } from './browser'
import {
  CLAUDE_FLOW_SAMPLE,
  FLUJO_SAMPLE,
  writeClaudeFlowSample,
  writeFlujoSample,
} from '../fixtures/realShapedSamples'
import { otlpRequest } from '../shared/otlpRequest'

const missing = chromiumMissingReason()
const SHOTS = process.env.TRACESCOPE_SHOTS

describe.skipIf(missing)('the viewer tells the truth about other sources', () => {
  let dir: string
  let browser: Browser
  const servers: RunningServer[] = []
  const serve = async (dbPath: string) => {
    const s = await startServer({ dbPath, log: () => undefined })
    servers.push(s)
    return s
  }
  const shot = async (p: Page, name: string) => {
    if (SHOTS) await p.screenshot({ path: path.join(SHOTS, `${name}.png`) })
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-truth-'))
    browser = await launch()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    for (const s of servers) await s.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('a failed Claude-Flow step is drawn failed, its agent red, its agents listed', async () => {
    const file = path.join(dir, 'claude-flow.db')
    writeClaudeFlowSample(file)
    const server = await serve(file)
    const id = encodeURIComponent(CLAUDE_FLOW_SAMPLE.sessionId)
    const { page: p, problems } = await openPage(browser, `${server.url}#/session/${id}/tree`)
    await p.waitForSelector('[data-testid=tree-row]')
    const failedRows = await p.locator('[data-testid=tree-row] .status-error').allTextContents()
    expect(failedRows.sort()).toEqual(['agent_method', 'lint', 'task_fail'])
    expect(await p.locator('.session-head .status-failed').textContent()).toBe('failed')
    expect(await p.locator('.session-head').textContent()).toContain('of 3 errors')
    await shot(p, 'claude-flow-tree')

    await p.click('[data-testid=tab-graph]')
    await p.waitForSelector('[data-testid=agent-node]')
    const red = await p.$$eval('[data-testid=agent-node]', (nodes) =>
      nodes
        .filter((n) => n.querySelector('circle')?.getAttribute('fill') === 'var(--error)')
        .map((n) => n.querySelector('title')?.textContent?.split(':')[0])
        .sort(),
    )
    expect(red).toEqual(['coder', 'reviewer', 'tester'])
    await shot(p, 'claude-flow-graph')

    await p.click('[data-testid=tab-agents]')
    await p.waitForSelector('[data-testid=agent-row]')
    expect(await p.locator('[data-testid=agent-row]').count()).toBe(4)
    await shot(p, 'claude-flow-agents')
    expect(problems).toEqual([])
  }, 120_000)

  it("a flujo run's header shows its spans' range, not the run row's", async () => {
    const file = path.join(dir, 'flujo.db')
    writeFlujoSample(file)
    const server = await serve(file)
    const { page: p, problems } = await openPage(
      browser,
      `${server.url}#/session/${FLUJO_SAMPLE.runId}/timeline`,
    )
    await p.waitForSelector('[data-testid=session-span-count]')
    // the header is drawn before the session's times arrive ("started —"): wait for them
    await p.waitForFunction(
      () => !document.querySelector('.session-head')?.textContent?.includes('started —'),
    )
    const head = (await p.locator('.session-head').textContent()) ?? ''
    expect(head).toContain('02:23:20')
    expect(head).toContain('20')
    expect(head).not.toContain('10:00:00')
    await shot(p, 'flujo-header')
    expect(problems).toEqual([])
  }, 120_000)

  it('an OTLP session whose root span failed reads failed, with one agent in its graph', async () => {
    const db = path.join(dir, 'otlp.db')
    const store = openStore(db)
    const T = Date.UTC(2025, 4, 1, 9, 0, 0)
    // the child (name only) arrives in an earlier batch than its invoke_agent span (id + name)
    await store.write(
      otlpTracesToRecords(
        otlpRequest([
          {
            spanId: 'd000000000000002',
            parentSpanId: 'd000000000000001',
            name: 'chat gpt-4o',
            start: T + 500,
            end: T + 3_000,
            status: 1,
            attrs: { 'session.id': 'otlp-run', 'gen_ai.agent.name': 'planner' },
          },
        ]),
      ).records,
    )
    await store.write(
      otlpTracesToRecords(
        otlpRequest([
          {
            spanId: 'd000000000000001',
            name: 'invoke_agent planner',
            start: T,
            end: T + 4_000,
            status: 2,
            message: 'planner gave up',
            attrs: {
              'session.id': 'otlp-run',
              'gen_ai.agent.id': 'asst_7f3',
              'gen_ai.agent.name': 'planner',
            },
          },
        ]),
      ).records,
    )
    await store.close()
    const server = await serve(db)
    const { page: p, problems } = await openPage(
      browser,
      `${server.url}#/session/otlp-run/timeline`,
    )
    await p.waitForSelector('.session-head .status-failed')
    expect(await p.locator('.session-head .status-failed').textContent()).toBe('failed')
    await shot(p, 'otlp-failed')
    // one agent: no second "planner", no spawn arrow between them
    await p.click('[data-testid=tab-graph]')
    await p.waitForSelector('[data-testid=agent-node]')
    expect(await p.locator('[data-testid=agent-node]').count()).toBe(1)
    expect(await p.locator('[data-testid=agent-link]').count()).toBe(0)
    await shot(p, 'otlp-one-agent')
    expect(problems).toEqual([])
  }, 120_000)

  it('a run the SDK wrote with samplingRate says it was sampled; a full run says nothing', async () => {
    const db = path.join(dir, 'sampled.db')
    const sampled = openSdkStore(db, { samplingRate: 0.25 })
    // the first of these ids that the rate keeps is the run to look at
    const kept: string[] = []
    for (let i = 0; i < 40 && !kept.length; i++) {
      const id = await sampled.createSession(`nightly ${i}`, {}, `nightly-${i}`)
      if (sampled.getSession(id)) kept.push(id)
    }
    await sampled.close()
    const full = openSdkStore(db)
    await full.createSession('full run', {}, 'full-run')
    await full.close()
    expect(kept).toHaveLength(1)
    const server = await serve(db)
    const { page: p, problems } = await openPage(
      browser,
      `${server.url}#/session/${kept[0]}/timeline`,
    )
    await p.waitForSelector('[data-testid=session-sampled]')
    expect(await p.textContent('[data-testid=session-sampled]')).toBe('sampled (25 % of runs kept)')
    await p.goto(`${server.url}#/session/full-run/timeline`)
    await p.waitForFunction(
      () => document.querySelector('[data-testid=session-title]')?.textContent === 'full run',
    )
    expect(await p.locator('[data-testid=session-sampled]').count()).toBe(0)
    expect(problems).toEqual([])
  }, 60_000)
})
