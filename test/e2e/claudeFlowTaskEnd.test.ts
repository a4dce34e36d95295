// A Claude-Flow task_start in real Chromium against `tracescope serve`: another process writes
// the start (no duration), the open session shows it running; the same process then appends the
// task's task_complete trace and the start span ends in place, without a reload, at that time.
import { describe, expect, it } from 'vitest'
import { writeClaudeFlowTaskPairs } from '../fixtures/claudeFlowTaskPairs'
import { chromiumMissing, liveWriterViewer, SCROLLER, untilScroller } from './liveWriterViewer'

const insert = (id: string, type: string, at: number, data: unknown) =>
  `INSERT INTO traces (id, session_id, agent_id, type, phase, timestamp, correlation_id, data, performance) VALUES ('${id}', 'session_live', 'coder', '${type}', '${type === 'task_start' ? 'start' : 'complete'}', ${at}, 'c-1', CAST('${JSON.stringify(data)}' AS BLOB), ${type === 'task_start' ? 'NULL' : `CAST('{"duration":5}' AS BLOB)`})`

describe.skipIf(chromiumMissing !== null)(
  'a Claude-Flow task_start (another process writes)',
  () => {
    const live = liveWriterViewer('cf-taskend')

    it('runs until its task_complete is written, then ends at that time in place', async () => {
      const file = live.file('claude-flow.db')
      writeClaudeFlowTaskPairs(file, [])
      const start = Date.now() - 400
      const writer = await live.startWriter(file, 'sql', [
        { sql: insert('start_fix', 'task_start', start, { task: { taskId: 'fix' } }) },
        { sql: insert('done_fix', 'task_complete', start + 900, { task: { taskId: 'fix' } }) },
      ])
      const { page: p, problems } = await live.serve(file)
      await p.click('[data-session-id="session_live"]', { timeout: 10_000 })
      await untilScroller(p, 'data-open-spans', '1', 10_000)
      expect(await p.locator(SCROLLER).getAttribute('data-open-state')).toBe('running')

      await writer.next()
      await untilScroller(p, 'data-open-spans', '0', 10_000)
      // the start span now ends where its task_complete was written (+ that trace's own 5 ms)
      expect(await p.locator(SCROLLER).getAttribute('data-rows')).toBe('2')
      expect(Number(await p.locator(SCROLLER).getAttribute('data-view-end'))).toBe(start + 905)
      // its detail says how long the task ran: start → task_complete
      const box = (await p.locator('[data-testid=timeline-canvas]').boundingBox())!
      await p.mouse.click(box.x + 100, box.y + 11)
      await expect
        .poll(() => p.locator('[data-testid=detail-name]').textContent())
        .toBe('task_start')
      expect(await p.locator('[data-testid=span-detail]').textContent()).toContain('900ms')
      expect(problems).toEqual([])
      await p.close()
    }, 120_000)
  },
)
