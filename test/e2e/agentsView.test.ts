// The Agents table of other tools' files says what the file recorded: an agent with no task has
// no task time, and a file without token counts has no token figure — "—", not a measured 0.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { CLAUDE_FLOW_SAMPLE, writeClaudeFlowSample } from '../fixtures/realShapedSamples'
import { writeClaudeFlowDb } from '../fixtures/seedWriters'
import { seriousViolations } from './axe'
import { useForeignViewer } from './foreignViewer'
import { chromiumMissing } from './viewerHarness'

describe.skipIf(chromiumMissing !== null)('the Agents table of a Claude-Flow file', () => {
  const v = useForeignViewer()

  it('reads "—" for task time and tokens the file never recorded', async () => {
    const file = v.file('claude-flow.db')
    writeClaudeFlowSample(file)
    const db = new Database(file, { readonly: true })
    const tasks = db
      .prepare('SELECT agent_id, sum(end_time - start_time) AS ms FROM task_execution GROUP BY 1')
      .all() as Array<{ agent_id: string; ms: number }>
    db.close()
    const id = encodeURIComponent(CLAUDE_FLOW_SAMPLE.sessionId)
    for (const hash of [`#/session/${id}/agents`, '#/agents']) {
      const p = await v.open(file, hash, { width: 1000 })
      await p.locator('[data-testid=agent-row]').first().waitFor()
      const heads = await p.locator('[data-testid=agents-view] > table thead th').allTextContents()
      const rows = await p
        .locator('[data-testid=agent-row]')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        )
      const cell = (r: string[], name: string) => r[heads.indexOf(name)]
      expect(rows).toHaveLength(CLAUDE_FLOW_SAMPLE.expected.agents)
      for (const r of rows) {
        const agent = cell(r, 'Agent')
        const task = tasks.find((t) => t.agent_id === agent)
        // the sample's task lasted 1.5 s; the other agents ran none
        expect(cell(r, 'Task time'), agent).toBe(task ? `${task.ms / 1000}s` : '—')
        expect(cell(r, 'Tokens'), agent).toBe('—')
      }
      expect(await seriousViolations(p)).toEqual([])
    }
    v.checkPages()
  }, 120_000)
})

describe.skipIf(chromiumMissing !== null)(
  'the Agents tab of a session in a 1,000 px window',
  () => {
    const v = useForeignViewer()

    it('holds every column without scrolling sideways', async () => {
      const file = v.file('claude-flow.db')
      const written = writeClaudeFlowDb(file, { sessions: 2 })
      const id = encodeURIComponent(written.sessionIds[0])
      const p = await v.open(file, `#/session/${id}/agents`, { width: 1000 })
      await p.locator('[data-testid=agent-row]').first().waitFor()
      const view = await p.$eval('[data-testid=agents-view]', (e) => ({
        scroll: e.scrollWidth,
        client: e.clientWidth,
      }))
      expect(view.scroll).toBeLessThanOrEqual(view.client)
      const heads = await p.locator('[data-testid=agents-view] > table thead th').allTextContents()
      expect(heads).toContain('Tokens')
      v.checkPages()
    }, 120_000)
  },
)
