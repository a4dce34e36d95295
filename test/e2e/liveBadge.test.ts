// The LIVE badge follows the one session-status rule (shared/sessionStatusRule.ts), in real
// Chromium against `tracescope serve` with a writer in another process: while the session runs
// the list and the header say LIVE and its open span runs; once nothing has been written for the
// quiet time, the badge goes from both places, without a reload, as the span turns "never ended".
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { chromiumMissing, liveWriterViewer, SCROLLER, untilScroller } from './liveWriterViewer'

// long enough for a loaded machine to spawn the writer and open the page within it (at load 11
// on 2 cores that took more than 8 s)
const QUIET_MS = 15_000

describe.skipIf(chromiumMissing !== null)('the LIVE badge (another process writes)', () => {
  const live = liveWriterViewer('livebadge')

  it('goes from the list and the header when the open spans turn "never ended"', async () => {
    live.quietMs(QUIET_MS)
    const file = live.file('quiet.db')
    const start = Date.now() - 200
    const records: TraceRecord[] = [
      { kind: 'session', id: 'run-q', name: 'run-q', status: 'running', startTime: start },
      {
        kind: 'span',
        sessionId: 'run-q',
        spanId: 'plan',
        parentSpanId: null,
        name: 'agent.plan',
        agentId: 'planner',
        startTime: start,
        endTime: null,
        status: 'unset',
      },
    ]
    await live.startWriter(file, 'native', [{ records }])
    const { page: p, problems } = await live.serve(file)

    // the list says LIVE while the session is within its quiet time
    const row = p.locator('[data-session-id="run-q"]')
    await row.waitFor({ timeout: 10_000 })
    expect(await row.locator('[data-testid=live-badge]').count()).toBe(1)

    await row.click()
    await untilScroller(p, 'data-open-spans', '1', 10_000)
    const badge = p.locator('[data-testid=session-live]')
    const state = () => p.locator(SCROLLER).getAttribute('data-open-state')
    expect(await state()).toBe('running')
    expect(await badge.count()).toBe(1)
    expect(await p.locator('[data-testid=session-quiet]').count()).toBe(0)
    if (process.env.TRACESCOPE_SHOTS)
      await p.screenshot({
        path: path.join(process.env.TRACESCOPE_SHOTS, 'live-badge-running.png'),
      })

    // nothing more is written: the span turns "never ended" and the badge goes with it
    await untilScroller(p, 'data-open-state', 'never-ended', QUIET_MS + 15_000)
    await p.waitForFunction(
      () => document.querySelector('[data-testid=session-live]') === null,
      undefined,
      {
        timeout: 2_000,
      },
    )
    // and not before the quiet time (the session's last activity is its records' newest time)
    expect(Date.now() - start).toBeGreaterThanOrEqual(QUIET_MS)
    expect(await state()).toBe('never-ended')
    // the header says why a running session is not live
    expect(await p.locator('[data-testid=session-quiet]').textContent()).toMatch(
      /^quiet: nothing written since /,
    )

    if (process.env.TRACESCOPE_SHOTS) {
      await p.screenshot({
        path: path.join(process.env.TRACESCOPE_SHOTS, 'live-badge-quiet-head.png'),
      })
      await p.emulateMedia({ colorScheme: 'dark' })
      await p.screenshot({
        path: path.join(process.env.TRACESCOPE_SHOTS, 'live-badge-quiet-dark.png'),
      })
      await p.emulateMedia({ colorScheme: 'light' })
    }
    // back in the list, the row shows the status instead of LIVE, with no reload
    await p.goBack()
    await row.waitFor({ timeout: 10_000 })
    await expect.poll(() => row.locator('[data-testid=live-badge]').count()).toBe(0)
    expect(await row.textContent()).toContain('running')
    if (process.env.TRACESCOPE_SHOTS)
      await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'live-badge-quiet.png') })
    expect(problems).toEqual([])
    await p.close()
  }, 120_000)
})
