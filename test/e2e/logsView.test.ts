// The Logs tab in real Chromium against `tracescope serve`, with a writer in another process:
// the session's log lines and span events in time order with level, agent, message and span;
// filters by level, agent and text; a line without an agent shows its span's; from a span to its lines and back; new lines arriving live
// without a reload; axe-core in the light and the dark theme.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import type { TraceRecord } from '../../src/shared/domain'
import { startChildWriter, type ChildWriter } from '../fixtures/childWriter'
import Database from 'better-sqlite3'
import { pythonIso, writeClaudeFlowDb, writeDdeutilDb } from '../fixtures/seedWriters'
import { describeFindings, seriousViolations } from './axe'
import { launch, openPage } from './browser'
import { chromiumMissing } from './viewerHarness'
import { useForeignViewer } from './foreignViewer'

const T = Date.now() - 60_000
const S = 'swarm-logs'

const span = (spanId: string, name: string, agentId: string, at: number): TraceRecord => ({
  kind: 'span',
  sessionId: S,
  spanId,
  name,
  agentId,
  startTime: T + at,
  endTime: T + at + 5000,
  status: 'ok',
})
const log = (
  id: string,
  at: number,
  level: string,
  agentId: string,
  spanId: string,
  message: string,
): TraceRecord => ({
  kind: 'event',
  id,
  sessionId: S,
  spanId,
  agentId,
  time: T + at,
  name: 'log',
  level,
  message,
})

const FIRST: TraceRecord[] = [
  { kind: 'session', id: S, name: 'Swarm with logs', status: 'running', startTime: T },
  span('plan', 'agent.plan', 'planner', 0),
  span('code', 'agent.code', 'coder', 6000),
  // written out of time order: the tab shows them in time order
  log('l3', 7000, 'info', 'coder', 'code', 'writing the parser'),
  log('l1', 100, 'info', 'planner', 'plan', 'planning the run'),
  log('l2', 200, 'warning', 'planner', 'plan', 'no cache: <b>cold</b> start'),
  log('l4', 8000, 'error', 'coder', 'code', 'tests failed: 3 of 40'),
  {
    kind: 'event',
    id: 'e1',
    sessionId: S,
    // no agent of its own: its span's (coder) is shown and filtered by
    spanId: 'code',
    time: T + 7500,
    name: 'tool.call',
    level: null,
    message: null,
  },
]
const LATER: TraceRecord[] = [log('l5', 9000, 'info', 'coder', 'code', 'retrying the tests')]

const LIST = '[data-testid=logs-list]'
const texts = (p: Page) =>
  p.locator(`${LIST} [data-testid=logs-line] .log-message`).allTextContents()

describe.skipIf(chromiumMissing !== null)('the Logs tab', () => {
  let dir: string
  let browser: Browser
  let server: RunningServer
  let writer: ChildWriter

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-logs-'))
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    const file = path.join(dir, 'swarm.db')
    writer = await startChildWriter(file, 'native', [{ records: FIRST }, { records: LATER }])
    server = await startServer({ dbPath: file, log: () => undefined })
    browser = await launch()
  }, 120_000)

  afterAll(async () => {
    await writer?.close().catch(() => undefined)
    await server?.close()
    await browser?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('lists every line in time order, filters, links spans both ways, and follows live', async () => {
    const { page: p, problems } = await openPage(browser, `${server.url}#/session/${S}/timeline`)
    await p.waitForSelector('[data-testid=tab-logs]')
    await p.click('[data-testid=tab-logs]')
    await p.waitForSelector(LIST)
    expect(await texts(p)).toEqual([
      'planning the run',
      'no cache: <b>cold</b> start', // text, never HTML
      'writing the parser',
      'tool.call',
      'tests failed: 3 of 40',
    ])
    const first = p.locator('[data-testid=logs-line]').first()
    expect(await first.locator('.log-agent').textContent()).toBe('planner')
    expect(await first.locator('.level').textContent()).toBe('info')
    expect(await first.locator('[data-testid=logs-span-link]').textContent()).toBe('agent.plan')
    await expect
      .poll(() => p.locator('[data-testid=logs-count]').textContent())
      .toBe('5 of 5 lines')

    // filters: level, agent, text
    await p.selectOption('[data-testid=logs-level]', 'error')
    expect(await texts(p)).toEqual(['tests failed: 3 of 40'])
    await p.selectOption('[data-testid=logs-level]', '')
    await p.selectOption('[data-testid=logs-agent]', 'planner')
    expect(await texts(p)).toEqual(['planning the run', 'no cache: <b>cold</b> start'])
    await p.selectOption('[data-testid=logs-agent]', 'coder')
    expect(await texts(p)).toEqual(['writing the parser', 'tool.call', 'tests failed: 3 of 40'])
    expect(
      await p
        .locator('[data-testid=logs-line]', { hasText: 'tool.call' })
        .locator('.log-agent')
        .textContent(),
    ).toBe('coder')
    await p.selectOption('[data-testid=logs-agent]', '')
    await p.fill('[data-testid=logs-text]', 'PARSER')
    expect(await texts(p)).toEqual(['writing the parser'])
    await p.fill('[data-testid=logs-text]', '')

    // from a line to its span on the timeline…
    await p.locator('[data-testid=logs-span-link]', { hasText: 'agent.code' }).first().click()
    await p.waitForSelector('[data-testid=timeline]')
    await expect.poll(() => p.locator('[data-testid=detail-name]').textContent()).toBe('agent.code')
    // …and from the span to its lines
    await p.click('[data-testid=span-log-lines]')
    await p.waitForSelector('[data-testid=logs-span-filter]')
    expect(await texts(p)).toEqual(['writing the parser', 'tool.call', 'tests failed: 3 of 40'])
    await p.click('[data-testid=logs-all-spans]')
    await expect.poll(() => texts(p)).toHaveLength(5)

    // live: another process writes a line; it appears without a reload, at the bottom
    await writer.next()
    await p.waitForFunction(
      () => document.querySelector('[data-testid=logs-count]')?.textContent === '6 of 6 lines',
      undefined,
      { timeout: 10_000 },
    )
    expect((await texts(p)).at(-1)).toBe('retrying the tests')

    // keyboard: the list is a tab stop; j / k move between lines, Enter shows the line's span
    await p.focus(LIST)
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'logs-list',
    )
    await p.keyboard.press('j')
    await p.keyboard.press('j')
    await p.keyboard.press('k')
    await p.keyboard.press('j')
    await expect
      .poll(() =>
        p.locator('[data-testid=logs-line][aria-current=true] .log-message').textContent(),
      )
      .toBe('no cache: <b>cold</b> start')
    expect(await p.locator('[data-testid=logs-announce]').textContent()).toContain(
      'warning planner no cache: <b>cold</b> start',
    )
    await p.keyboard.press('Enter')
    await p.waitForSelector('[data-testid=timeline]')
    await expect.poll(() => p.locator('[data-testid=detail-name]').textContent()).toBe('agent.plan')
    expect(problems).toEqual([])
    await p.close()
  }, 120_000)

  it('shows a ddeutil-workflow run’s log table, and the lines another process appends', async () => {
    const file = path.join(dir, 'workflow.db')
    writeDdeutilDb(file, { sessions: 1, wal: true })
    const row = (i: number) =>
      `INSERT INTO traces (run_id, level, message, mode, datetime, process, thread, filename, lineno, workflow_name) VALUES ('run-live', '${i === 1 ? 'warning' : 'info'}', 'extract batch ${i}', 'normal', '${pythonIso(Date.now())}', 1, 1, 'wf.py', ${i}, 'etl')`
    const appender = await startChildWriter(file, 'sql', [{ sql: row(0) }, { sql: row(1) }])
    const ddeutil = await startServer({ dbPath: file, log: () => undefined })
    try {
      const { page: p, problems } = await openPage(browser, `${ddeutil.url}#/session/run-live/logs`)
      await p.waitForSelector(LIST)
      expect(await texts(p)).toEqual(['extract batch 0'])
      await appender.next()
      await p.waitForFunction(
        () => document.querySelectorAll('[data-testid=logs-line]').length === 2,
        undefined,
        { timeout: 10_000 },
      )
      expect(await texts(p)).toEqual(['extract batch 0', 'extract batch 1'])
      const levels = await p.locator('[data-testid=logs-line] .level').allTextContents()
      expect(levels).toEqual(['info', 'warning'])
      expect(problems).toEqual([])
      await p.close()
    } finally {
      await appender.close()
      await ddeutil.close()
    }
  }, 60_000)

  for (const colorScheme of ['light', 'dark'] as const)
    it(`has no serious axe violation in the ${colorScheme} theme`, async () => {
      const { page: p, problems } = await openPage(
        browser,
        `${server.url}#/session/${S}/logs/span/code`,
        { colorScheme },
      )
      await p.waitForSelector('[data-testid=logs-span-filter]')
      await p.waitForSelector('[data-testid=detail-name]')
      if (process.env.TRACESCOPE_SHOTS)
        await p.screenshot({
          path: path.join(process.env.TRACESCOPE_SHOTS, `logs-${colorScheme}.png`),
        })
      const findings = await seriousViolations(p)
      expect(findings, describeFindings(findings)).toEqual([])
      expect(problems).toEqual([])
      await p.close()
    }, 60_000)
})

describe.skipIf(chromiumMissing !== null)('the Logs tab on a Claude-Flow file', () => {
  const v = useForeignViewer()

  it('names each line’s agent whole, so agents that share a prefix stay apart', async () => {
    const file = v.file('claude-flow.db')
    const written = writeClaudeFlowDb(file, { sessions: 2 })
    const session = written.sessionIds[0]
    const db = new Database(file, { readonly: true })
    const agents = (
      db
        .prepare('SELECT agent_id FROM trace_events WHERE swarm_id = ? ORDER BY timestamp')
        .all(session) as Array<{ agent_id: string }>
    ).map((r) => r.agent_id)
    db.close()
    // the fixture's agents share a prefix longer than the old column: agent_worker_1_a / _b
    expect(new Set(agents).size).toBeGreaterThan(2)
    const p = await v.open(file, `#/session/${encodeURIComponent(session)}/logs`, { width: 1000 })
    await p.locator('[data-testid=logs-line]').first().waitFor()
    const cells = await p.$$eval('[data-testid=logs-line] .log-agent', (els) =>
      els.map((e) => ({ text: e.textContent, cut: e.scrollWidth > e.clientWidth })),
    )
    expect(cells.map((c) => c.text)).toEqual(agents)
    expect(cells.filter((c) => c.cut)).toEqual([])
    expect(await seriousViolations(p)).toEqual([])
    v.checkPages()
  }, 120_000)

  it('offers in its agent filter the agents of lines it does not hold', async () => {
    const file = v.file('claude-flow-long.db')
    const base = Date.UTC(2025, 0, 1)
    const written = writeClaudeFlowDb(file, { sessions: 1, baseTime: base })
    const session = written.sessionIds[0]
    // more lines than the view holds (200,000), so its filters go to the source; the oldest and
    // the newest line each name an agent that has no agent row and no trace, known only from
    // the source's own lines
    const LINES = 200_002
    const db = new Database(file)
    const ins = db.prepare(
      'INSERT INTO trace_events (id, timestamp, type, agent_id, swarm_id, data) VALUES (?, ?, ?, ?, ?, ?)',
    )
    db.transaction(() => {
      for (let i = 0; i < LINES; i++) {
        const agent = i === 0 ? 'first-only' : i === LINES - 1 ? 'last-only' : 'bulk-worker'
        ins.run(`bulk-${i}`, base + 1 + i, `step-${i}`, agent, session, '{}')
      }
    })()
    db.close()
    const p = await v.open(file, `#/session/${encodeURIComponent(session)}/logs`)
    await expect
      .poll(() => p.locator('[data-testid=logs-count]').textContent(), { timeout: 120_000 })
      .toMatch(/^200,000 of 200,000 /)
    // narrowed to one agent, the source answers that agent's lines only: the view then holds
    // no line of the others, and still the filter offers them
    await p.selectOption('[data-testid=logs-agent]', 'bulk-worker')
    await expect
      .poll(() => p.locator('[data-testid=logs-count]').textContent(), { timeout: 120_000 })
      .toMatch(/lines matching, found by the source$/)
    await expect
      .poll(() => p.locator('[data-testid=logs-agent] option').allTextContents(), {
        timeout: 60_000,
      })
      .toEqual(expect.arrayContaining(['first-only', 'last-only', 'bulk-worker']))
    v.checkPages()
  }, 300_000)
})
