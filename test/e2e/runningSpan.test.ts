// A span still running, in real Chromium against `tracescope serve`, written by another process:
// its bar grows towards "now" while the session runs, it turns complete in place when the writer
// ends it, and a span whose session went quiet past the quiet time is marked "never ended".
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { TraceRecord } from '../../src/shared/domain'
import { writeClaudeFlowEventsDb } from '../fixtures/seedWriters'
import { chromiumMissing, liveWriterViewer, SCROLLER, untilScroller } from './liveWriterViewer'

const session = (id: string): TraceRecord => ({
  kind: 'session',
  id,
  name: id,
  status: 'running',
  startTime: Date.now() - 1000,
})
const span = (sessionId: string, start: number, end: number | null): TraceRecord => ({
  kind: 'span',
  sessionId,
  spanId: 'plan',
  parentSpanId: null,
  name: 'agent.plan',
  agentId: 'planner',
  startTime: start,
  endTime: end,
  status: end === null ? 'unset' : 'ok',
})

async function attr(p: Page, name: string): Promise<string | null> {
  return p.locator(SCROLLER).getAttribute(name)
}

/** opens the session and selects its one span (the first row) */
async function openAndSelect(p: Page, sessionId: string): Promise<void> {
  await p.click(`[data-session-id="${sessionId}"]`, { timeout: 10_000 })
  await untilScroller(p, 'data-rows', '1', 10_000)
  const box = (await p.locator('[data-testid=timeline-canvas]').boundingBox())!
  await p.mouse.click(box.x + 100, box.y + 11)
  await p.waitForSelector('[data-testid=detail-name]')
}

describe.skipIf(chromiumMissing !== null)('a running span (another process writes)', () => {
  const live = liveWriterViewer('running')

  it('grows towards now while the session runs, then turns complete without a reload', async () => {
    const file = live.file('grow.db')
    const start = Date.now() - 500
    const writer = await live.startWriter(file, 'native', [
      { records: [session('run-grow'), span('run-grow', start, null)] },
      { records: [span('run-grow', start, start + 1200)] },
    ])
    const { page: p, problems } = await live.serve(file)
    await openAndSelect(p, 'run-grow')
    await untilScroller(p, 'data-open-spans', '1')
    expect(await attr(p, 'data-open-state')).toBe('running')
    await expect
      .poll(() => p.locator('[data-testid=detail-open-state]').getAttribute('data-state'))
      .toBe('running')
    // screen readers hear it too
    expect(await p.locator('[data-testid=timeline-announce]').textContent()).toBe(
      'agent.plan, running',
    )
    // the bar reaches "now": the time window's end moves on as time passes, with no new write
    const end0 = Number(await attr(p, 'data-view-end'))
    await p.waitForFunction(
      ([sel, e0]) =>
        Number(document.querySelector(sel as string)?.getAttribute('data-view-end')) >
        (e0 as number) + 600,
      [SCROLLER, end0] as const,
      { timeout: 10_000 },
    )
    const grown = Number(await attr(p, 'data-view-end'))
    expect(grown - end0).toBeGreaterThan(600)
    expect(grown).toBeLessThanOrEqual(Date.now())
    if (process.env.TRACESCOPE_SHOTS)
      await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'span-running.png') })

    // the writer ends it: complete in place, 1.2 s long, the window back to the span's own end
    await writer.next()
    await untilScroller(p, 'data-open-spans', '0', 10_000)
    await p.waitForFunction(
      () => document.querySelector('[data-testid=detail-open-state]') === null,
      undefined,
      { timeout: 10_000 },
    )
    expect(await p.locator('[data-testid=span-detail]').textContent()).toContain('1.2s')
    expect(await p.locator('[data-testid=timeline-announce]').textContent()).toBe('agent.plan')
    expect(Number(await attr(p, 'data-view-end'))).toBe(start + 1200)
    expect(problems).toEqual([])
    await p.close()
  }, 120_000)

  it('a Claude-Flow trace event without a duration runs, then completes when its writer sets one', async () => {
    const file = live.file('claude-flow.db')
    writeClaudeFlowEventsDb(file, { sessions: 1, spansPerSession: 3, wal: true })
    const start = Date.now() - 400
    const writer = await live.startWriter(file, 'sql', [
      {
        sql: `INSERT INTO trace_events (id, timestamp, type, agent_id, swarm_id, data, duration) VALUES ('task-1', ${start}, 'task_start', 'coder', 'swarm-live', '{}', NULL)`,
      },
      { sql: `UPDATE trace_events SET duration = 900 WHERE id = 'task-1'` },
    ])
    const { page: p, problems } = await live.serve(file)
    await openAndSelect(p, 'swarm-live')
    await untilScroller(p, 'data-open-spans', '1')
    expect(await attr(p, 'data-open-state')).toBe('running')
    const end0 = Number(await attr(p, 'data-view-end'))
    await p.waitForFunction(
      ([sel, e0]) =>
        Number(document.querySelector(sel as string)?.getAttribute('data-view-end')) >
        (e0 as number) + 500,
      [SCROLLER, end0] as const,
      { timeout: 10_000 },
    )
    await writer.next()
    await untilScroller(p, 'data-open-spans', '0', 10_000)
    expect(Number(await attr(p, 'data-view-end'))).toBe(start + 900)
    expect(problems).toEqual([])
    await p.close()
  }, 120_000)

  it('marks an open span "never ended" once its session is quiet past the quiet time', async () => {
    live.quietMs(2000)
    const file = live.file('quiet.db')
    const start = Date.now() - 300
    await live.startWriter(file, 'native', [
      { records: [session('run-quiet'), span('run-quiet', start, null)] },
    ])
    const { page: p, problems } = await live.serve(file)
    await openAndSelect(p, 'run-quiet')
    // nothing more is written: after the quiet time the span stops growing and says why
    await untilScroller(p, 'data-open-state', 'never-ended', 10_000)
    const detail = p.locator('[data-testid=detail-open-state]')
    await expect.poll(() => detail.getAttribute('data-state')).toBe('never-ended')
    expect(await detail.textContent()).toMatch(/never ended — no end time was written/)
    await expect
      .poll(() => p.locator('[data-testid=timeline-announce]').textContent())
      .toBe('agent.plan, never ended')
    const end = Number(await attr(p, 'data-open-end'))
    expect(end).toBeLessThan(Date.now() - 2000)
    // the window goes back to where the session stopped (on the clock's next tick, which may
    // come just after the drawing says "never ended")
    await expect
      .poll(async () => Date.now() - 2000 - Number(await attr(p, 'data-view-end')), {
        timeout: 5_000,
      })
      .toBeGreaterThan(0)
    if (process.env.TRACESCOPE_SHOTS)
      await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'span-never-ended.png') })
    // the tree says it too
    await p.click('[data-testid=tab-tree]')
    await expect
      .poll(() => p.locator('[data-testid=tree-row]').first().textContent())
      .toContain('⚠ never ended')
    expect(problems).toEqual([])
    await p.close()
  }, 120_000)
})
