// The tree's Σ cell of a subtree whose tokens have no price says "unpriced" once, instead of a
// cost dash followed by the same count again ("Σ 1,200 tok · — +1,200 unpriced"). While a large
// file's totals are being added up, a parent row's cell says "Σ …", as the span detail does,
// then shows its figure without a reload.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MOAI_AGENT_SESSION, writeMoaiDb } from '../fixtures/seedWriters'
import { runIdOf, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'
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
  it('shows "Σ …" on parent rows while the file is added up, then the figure', async () => {
    const file = v.file('flujo_state.db')
    // a file whose first pass outlasts the page's first look (hundreds of ms past the 50 ms
    // budget): the run is one root over 7 steps, every other one with a recorded cost
    writeFlujoTokenRuns(file, { runs: 40_000, steps: 7, recordedEvery: 2 })
    const run = runIdOf(0)
    const p = await v.open(file, `#/session/${run}/tree/span/${run}-root`, { height: 700 })
    const cell = p
      .locator('[data-testid=tree-row]', { hasText: 'pipeline_run' })
      .locator('[data-testid=tree-subtree-usage]')
    await p.locator('[data-testid=tree-subtree-usage]', { hasText: 'Σ …' }).first().waitFor()
    expect(await cell.textContent()).toBe('Σ …')
    expect(await cell.getAttribute('title')).toBe('being added up')
    expect(await p.locator('[data-testid=detail-subtree-usage]').textContent()).toBe('…')
    // a leaf row has no Σ, pending or not
    expect(await p.locator('[data-testid=tree-subtree-usage]').count()).toBe(1)
    await p.screenshot({ path: v.file('pending.png') })
    // 100 + … + 106 tokens; steps 0, 2, 4, 6 recorded $0.001 each, the others unpriced
    await p
      .locator('[data-testid=tree-subtree-usage]', { hasText: 'Σ 721 tok' })
      .waitFor({ timeout: 60_000 })
    expect(await cell.textContent()).toMatch(/^Σ 721 tok · \$0\.0040 \+309 unpriced$/)
    expect(await p.locator('[data-testid=detail-subtree-usage]').textContent()).toMatch(
      /^7 calls · /,
    )
    if (process.env.TS_SHOT_DIR) {
      fs.copyFileSync(v.file('pending.png'), path.join(process.env.TS_SHOT_DIR, 'pending.png'))
      await p.screenshot({ path: path.join(process.env.TS_SHOT_DIR, 'done.png') })
    }
    expect(await seriousViolations(p)).toEqual([])
    v.checkPages()
  }, 180_000)
})
