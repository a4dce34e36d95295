// The tree's Σ cell of a subtree whose tokens have no price says "unpriced" once, instead of a
// cost dash followed by the same count again ("Σ 1,200 tok · — +1,200 unpriced").
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MOAI_AGENT_SESSION, writeMoaiDb } from '../fixtures/seedWriters'
import { seriousViolations } from './axe'
import { useForeignViewer } from './foreignViewer'
import { chromiumMissing } from './viewerHarness'

describe.skipIf(chromiumMissing !== null)('the tree’s Σ of unpriced tokens', () => {
  const v = useForeignViewer()

  it('reads "Σ N tok · unpriced" on a MoAI agent’s row', async () => {
    const file = v.file('moai.db')
    writeMoaiDb(file)
    const db = new Database(file, { readonly: true })
    const perAgent = db
      .prepare('SELECT agent_id, sum(tokens_used) AS n FROM task_metrics GROUP BY agent_id')
      .all() as Array<{ agent_id: string; n: number }>
    db.close()
    const p = await v.open(file, `#/session/${MOAI_AGENT_SESSION}/tree`, { height: 1400 })
    await p.locator('[data-testid=tree-subtree-usage]').first().waitFor()
    const cells = await p.$$eval('[data-testid=tree-row]', (rows) =>
      rows
        .filter((r) => r.querySelector('[data-testid=tree-subtree-usage]'))
        .map((r) => [
          r.getAttribute('data-agent-id'),
          r.querySelector('[data-testid=tree-subtree-usage]')?.textContent,
        ]),
    )
    expect(cells.length).toBeGreaterThan(0)
    for (const [agent, text] of cells) {
      const n = perAgent.find((a) => a.agent_id === agent)?.n
      expect(text, agent ?? '').toBe(`Σ ${n?.toLocaleString('en-US')} tok · unpriced`)
    }
    expect(await seriousViolations(p)).toEqual([])
    v.checkPages()
  }, 120_000)
})
