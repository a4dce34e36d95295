// The viewer end to end, part 3: what the user points at stays true and can be found —
// the span detail belongs to the session on screen, find in a session reaches everything the
// session holds, full-text hits say where they are, errors step one by one, and the agent
// graph's agents can be chosen. Real Chromium against `tracescope serve` (startServer).
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ERROR_SPAN, SWARM } from './viewerFixture'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

const rowsAre = (p: Page, n: number) =>
  p.waitForFunction(
    (want) =>
      document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ===
      String(want),
    n,
    { timeout: 8000 },
  )
const detailIs = (p: Page, spanId: string) =>
  p.waitForFunction(
    (id) => document.querySelector('[data-testid=detail-span-id]')?.textContent === id,
    spanId,
    { timeout: 8000 },
  )

describe.skipIf(chromiumMissing !== null)('viewer in Chromium: focus, find, errors, agents', () => {
  const h = useViewerHarness()

  it('closes the span detail when another session opens, and the address drops the span', async () => {
    const p = await h.page(`#/session/${SWARM}/timeline/span/${ERROR_SPAN}`)
    await detailIs(p, ERROR_SPAN)
    // through the sessions list
    await p.click('[data-testid=nav-sessions]')
    await p.click('[data-session-id="batch-job-1"]')
    await rowsAre(p, 2)
    expect(await p.textContent('[data-testid=session-title]')).toBe('Nightly batch 1')
    expect(await p.locator('[data-testid=span-detail]').count()).toBe(0)
    expect(new URL(p.url()).hash).toBe('#/session/batch-job-1/timeline')

    // straight from one session's address to another's
    await p.goto(`${h.server.url}#/session/${SWARM}/timeline/span/${ERROR_SPAN}`)
    await detailIs(p, ERROR_SPAN)
    await p.evaluate(() => (location.hash = '#/session/batch-job-2/tree'))
    await p.waitForFunction(() => document.querySelectorAll('[data-testid=tree-row]').length === 3)
    expect(await p.locator('[data-testid=span-detail]').count()).toBe(0)
    expect(new URL(p.url()).hash).toBe('#/session/batch-job-2/tree')
    // a link into the other session at one of its spans still opens that span
    await p.evaluate(() => (location.hash = '#/session/batch-job-2/tree/span/b2-1'))
    await detailIs(p, 'b2-1')
    h.checkPages()
    await p.close()
  })

  it('finds text in attributes, error messages, agents and the session itself, and opens the attribute', async () => {
    const p = await h.page(`#/session/${SWARM}/timeline`)
    await rowsAre(p, 32)
    const count = (want: string) =>
      p.waitForFunction(
        (w) => document.querySelector('[data-testid=search-count]')?.textContent === w,
        want,
      )
    // an attribute value of the root span (not a name)
    await p.fill('[data-testid=span-search]', 'vector')
    await count('1 match')
    await p.press('[data-testid=span-search]', 'Enter')
    await detailIs(p, 'span-root')
    expect(await p.textContent('[data-testid=detail-matched]')).toContain('attributes')
    const attr = p.locator('[data-testid=span-detail] [data-testid=json-match][data-path=goal]')
    expect(await attr.locator('mark').allTextContents()).toEqual(['vector'])

    // an error message, on a span whose name does not say so
    await p.fill('[data-testid=span-search]', 'schema mismatch')
    await count('1 match')
    await p.press('[data-testid=span-search]', 'Enter')
    await detailIs(p, 'span-5-0')
    expect(await p.textContent('[data-testid=detail-matched]')).toContain('errors')
    expect(
      await p.locator('[data-testid=span-detail] [data-testid=error-item] mark').allTextContents(),
    ).toEqual(['schema', 'mismatch'])

    // an agent id: every span of that agent
    await p.fill('[data-testid=span-search]', 'researcher')
    await count('16 matches')

    // the session's own attributes are listed as found elsewhere
    await p.fill('[data-testid=span-search]', 'fjord')
    await count('no matching spans, 1 elsewhere')
    const elsewhere = p.locator('[data-testid=find-elsewhere]')
    expect(await elsewhere.textContent()).toContain('deployment.region')
    expect(await elsewhere.locator('mark').allTextContents()).toEqual(['fjord'])

    await p.fill('[data-testid=span-search]', 'nothing like this anywhere')
    await count('no matches')
    h.checkPages()
    await p.close()
  })

  it('shows each full-text hit with its session, span, agent and marked snippet, above the whole list', async () => {
    const p = await h.page()
    await p.waitForSelector('[data-testid=session-row]')
    await p.fill('[data-testid=sessions-filter]', 'HTTP 503')
    await p.press('[data-testid=sessions-filter]', 'Enter')
    await p.waitForSelector('[data-testid=search-hit]')
    const spanHit = p.locator('[data-testid=search-hit]', { hasText: 'tool.fetch_page' }).first()
    expect(await spanHit.locator('[data-testid=hit-where]').textContent()).toBe(
      'in Research swarm · agent researcher',
    )
    const errHit = p.locator('[data-testid=search-hit]', { hasText: 'HTTP 503 after 1200ms' })
    expect(await errHit.locator('[data-testid=hit-where]').textContent()).toBe(
      'in Research swarm · span tool.fetch_page · agent researcher',
    )
    const marks = await errHit.locator('[data-testid=hit-snippet] mark').allTextContents()
    expect(marks).toEqual(['HTTP', '503'])
    // the list the search came from is still there, whole
    expect(await p.locator('[data-testid=session-row]').count()).toBe(7)
    expect(await p.locator('[data-testid=empty]').count()).toBe(0)
    // closing the search gives the box back to the list filter
    await p.click('[data-testid=search-close]')
    await p.waitForSelector('[data-testid=empty]')
    h.checkPages()
    await p.close()
  })

  it('steps through error spans with n / N and the toolbar, revealing each', async () => {
    const p = await h.page(`#/session/${SWARM}/timeline`)
    await rowsAre(p, 32)
    await p.waitForFunction(
      () => document.querySelector('[data-testid=error-position]')?.textContent === '3 error spans',
    )
    // the failed span, then the two spans that carry error records
    await p.keyboard.press('n')
    await detailIs(p, ERROR_SPAN)
    expect(await p.textContent('[data-testid=error-position]')).toBe('1 of 3 error spans')
    await p.keyboard.press('n')
    await detailIs(p, 'span-4-1')
    await p.keyboard.press('n')
    await detailIs(p, 'span-5-0')
    await p.keyboard.press('n')
    await detailIs(p, ERROR_SPAN)
    await p.keyboard.press('N')
    await detailIs(p, 'span-5-0')
    // collapsed away, the next error is revealed
    await p.click('text=Collapse all')
    await rowsAre(p, 7)
    await p.click('[data-testid=prev-error]')
    await detailIs(p, 'span-4-1')
    // its step opened: 7 rows and its 4 calls
    await rowsAre(p, 11)
    // the tree steps too, and the shortcut is in the help
    await p.click('[data-testid=tab-tree]')
    await p.waitForSelector('[data-testid=tree-row]')
    await p.keyboard.press('n')
    await detailIs(p, 'span-5-0')
    expect(await p.textContent('[data-testid=tree-row].selected')).toContain('llm.chat')
    await p.keyboard.press('?')
    expect(await p.textContent('[data-testid=help]')).toContain('Next error span')
    h.checkPages()
    await p.close()
  })

  it('chooses an agent in the graph by click or keyboard: its detail opens and the timeline dims the others', async () => {
    const p = await h.page(`#/session/${SWARM}/graph`)
    await p.waitForSelector('[data-testid=agent-node]')
    await p.click('[data-testid=agent-node][data-agent-id=researcher]')
    await p.waitForSelector('[data-testid=agent-detail]')
    expect(await p.textContent('[data-testid=agent-detail-name]')).toBe('Researcher')
    expect(await p.textContent('[data-testid=agent-detail-spans]')).toContain('16 spans')
    await p.click('[data-testid=agent-timeline]')
    // every row stays; the legend shows the choice, and "only these" keeps its 16 spans
    await rowsAre(p, 32)
    await p.waitForSelector('[data-testid=agent-chip][data-agent-id=researcher][aria-pressed=true]')
    await p.check('[data-testid=agents-only] input')
    await rowsAre(p, 16)
    expect(await p.textContent('[data-testid=agents-only]')).toContain('16 spans')
    await p.click('[data-testid=agents-clear]')
    await rowsAre(p, 32)

    // keyboard: Tab to an agent, Enter chooses it; Space on the chosen one lets it go
    await p.click('[data-testid=tab-graph]')
    await p.waitForSelector('[data-testid=agent-node]')
    await p.focus('[data-testid=agent-node][data-agent-id=coder]')
    await p.keyboard.press('Enter')
    await p.waitForFunction(
      () => document.querySelector('[data-testid=agent-detail-name]')?.textContent === 'Coder',
    )
    await p.keyboard.press(' ')
    await p.waitForSelector('[data-testid=agent-detail]', { state: 'detached' })
    h.checkPages()
    await p.close()
  })
})
