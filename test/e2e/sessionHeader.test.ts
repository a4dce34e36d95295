// The session header in the narrowest windows people use: its links (Compare with…, Statistics,
// Export…) stay on the title's row, each on one line, and the facts between them wrap instead.
// At 1,000 px a Claude-Flow session's "quiet: nothing written since …" pushed them onto a
// second row of their own.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { writeClaudeFlowDb } from '../fixtures/seedWriters'
import { seriousViolations } from './axe'
import { useForeignViewer } from './foreignViewer'
import { SWARM } from './viewerFixture'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

const ACTIONS = ['compare-with', 'session-stats', 'open-export']

async function headerLayout(p: Page) {
  await p.waitForSelector('[data-testid=session-status]:not(:empty)')
  return p.evaluate((ids) => {
    const box = (e: Element) => e.getBoundingClientRect()
    const title = box(document.querySelector('[data-testid=session-title]')!)
    return ids.map((id) => {
      const e = document.querySelector(`[data-testid=${id}]`)!
      const b = box(e)
      const lineHeight = parseFloat(getComputedStyle(e).lineHeight) || 20
      return {
        id,
        // the link's vertical middle lies within the title's row
        onTitleRow: b.top + b.height / 2 > title.top && b.top + b.height / 2 < title.bottom,
        // its text did not break inside it
        oneLine: e.getClientRects().length === 1 && b.height < lineHeight * 1.9 + 12,
        right: b.right,
      }
    })
  }, ACTIONS)
}

describe.skipIf(chromiumMissing !== null)('session header', () => {
  const h = useViewerHarness()
  const v = useForeignViewer()

  for (const width of [1000, 1280])
    it(`keeps its links on the title's row at ${width} px (native store)`, async () => {
      const p = await h.page(`#/session/${SWARM}/timeline`, { width, height: 500 })
      for (const a of await headerLayout(p)) {
        expect(a, a.id).toMatchObject({ onTitleRow: true, oneLine: true })
        expect(a.right, a.id).toBeLessThanOrEqual(width)
      }
      h.checkPages()
    })

  it('keeps its links on the title row of a quiet Claude-Flow session at 1000 px', async () => {
    const file = v.file('cf-head.db')
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
      await p.waitForSelector('[data-testid=session-quiet]')
      for (const a of await headerLayout(p)) {
        expect(a, a.id).toMatchObject({ onTitleRow: true, oneLine: true })
        expect(a.right, a.id).toBeLessThanOrEqual(1000)
      }
      expect(await seriousViolations(p)).toEqual([])
    }
    v.checkPages()
  })
})
