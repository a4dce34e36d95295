// Cost by agent names each agent as the Agents table above it does: the viewer fixture's
// agents have ids (researcher) and names (Researcher), and one agent read "Researcher" in one
// table and "researcher" in the next.
import { describe, expect, it } from 'vitest'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

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
