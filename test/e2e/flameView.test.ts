// The flame graph on a Claude-Flow file, whose child traces often go on after their parent
// ended: such a box cannot be drawn wider than its parent's, so it carries a visible cue and
// says "ends after its parent" on hover, rather than a label with more time than its parent's
// box looks to hold.
import { describe, expect, it } from 'vitest'
import { writeClaudeFlowDb } from '../fixtures/seedWriters'
import { seriousViolations } from './axe'
import { useForeignViewer } from './foreignViewer'
import { chromiumMissing } from './viewerHarness'

describe.skipIf(chromiumMissing !== null)('flame graph', () => {
  const v = useForeignViewer()

  it('marks the boxes whose spans end after their parent (Claude-Flow)', async () => {
    const file = v.file('cf-flame.db')
    writeClaudeFlowDb(file, { sessions: 3 })
    const list = await v.open(file, '#/sessions', { width: 1000, height: 500 })
    await list.waitForSelector('[data-testid=session-row]')
    const id = await list.$eval('[data-testid=session-row]', (r) =>
      r.getAttribute('data-session-id'),
    )
    for (const colorScheme of ['light', 'dark'] as const) {
      const p = await v.open(file, `#/session/${id}/flame`, {
        width: 1000,
        height: 500,
        colorScheme,
      })
      const canvas = p.locator('[data-testid=flame-canvas]')
      await canvas.waitFor()
      const box = (await canvas.boundingBox())!
      // the rows under "all": the first whose box outlives its parent says so on hover
      const said: string[] = []
      const titles: Array<string | null> = []
      for (let depth = 1; depth < 6; depth++) {
        await p.mouse.move(box.x + 5, box.y + depth * 20 + 10)
        said.push((await p.textContent('[data-testid=flame-hover]')) ?? '')
        titles.push(await canvas.getAttribute('title'))
      }
      const late = said.findIndex((s) => s.includes('ends after its parent'))
      expect(late, said.join('\n')).toBeGreaterThan(0)
      expect(said[late]).toMatch(/ends after its parent \(\d+ of \d+ spans?\)/)
      expect(titles[late]).toMatch(/ends after its parent/)
      // and a box that does not outlive its parent says nothing of the kind
      expect(said[0]).not.toContain('after its parent')
      expect(await seriousViolations(p)).toEqual([])
    }
    v.checkPages()
  })
})
