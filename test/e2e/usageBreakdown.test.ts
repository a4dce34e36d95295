// Cost by agent names each agent as the Agents table above it does: the viewer fixture's
// agents have ids (researcher) and names (Researcher), and one agent read "Researcher" in one
// table and "researcher" in the next. Tokens a source records without an input/output split
// (MoAI SwarmDB's task_metrics.tokens_used) are shown as such, never as "input 0, output N".
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MOAI_AGENT_SESSION, writeMoaiDb } from '../fixtures/seedWriters'
import { chromiumMissing, useViewerHarness } from './viewerHarness'
import { useForeignViewer } from './foreignViewer'
import { seriousViolations } from './axe'

describe.skipIf(chromiumMissing !== null)('cost by agent in the Agents view', () => {
  const h = useViewerHarness()

  it('names agents as the Agents table does, with the id one hover away', async () => {
    const p = await h.page('#/agents')
    const rows = p.locator('[data-testid=cost-by-agent] [data-testid=cost-row] td:first-child')
    await rows.first().waitFor()
    const cells = await rows.evaluateAll((tds) =>
      tds.map((td) => [td.textContent, td.getAttribute('title')]),
    )
    expect(cells).toEqual([
      ['Researcher', 'researcher'],
      ['Coder', 'coder'],
    ])
    const agentTable = await p.$$eval('[data-testid=agent-row] td:first-child', (tds) =>
      tds.map((td) => td.textContent),
    )
    for (const [name] of cells) expect(agentTable).toContain(name)
    h.checkPages()
  })
})

describe.skipIf(chromiumMissing !== null)('cost by agent of tokens without a split', () => {
  const v = useForeignViewer()

  it("MoAI's tokens_used reads as tokens without a split, not as output", async () => {
    const file = v.file('moai.db')
    writeMoaiDb(file)
    const db = new Database(file, { readonly: true })
    const written = db
      .prepare('SELECT agent_id, sum(tokens_used) AS n FROM task_metrics GROUP BY agent_id')
      .all() as Array<{ agent_id: string; n: number }>
    db.close()
    const p = await v.open(file, `#/session/${MOAI_AGENT_SESSION}/agents`)
    const table = p.locator('[data-testid=cost-by-agent]')
    await table.locator('[data-testid=cost-row]').first().waitFor()
    const heads = await table.locator('thead th').allTextContents()
    const rows = await table
      .locator('[data-testid=cost-row]')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      )
    const col = (name: string) => heads.indexOf(name)
    expect(col('Tokens without split')).toBeGreaterThan(0)
    expect(rows.length).toBe(written.length)
    for (const w of written) {
      const row = rows.find((r) => r[0] === w.agent_id)
      expect(row, w.agent_id).toBeDefined()
      // the file has no input/output split: neither column claims a number
      expect(row?.[col('Input')]).toBe('—')
      expect(row?.[col('Output')]).toBe('—')
      expect(row?.[col('Tokens without split')]).toBe(w.n.toLocaleString('en-US'))
    }
    expect(await seriousViolations(p)).toEqual([])
    v.checkPages()
  }, 120_000)
})
