// The viewer end to end, part 1: real Chromium (playwright-core) against `tracescope serve`
// (startServer) over real HTTP + WebSocket on a native store written through openStore —
// sessions list, full-text search, timeline, tree, agent graph, flame graph, metrics, agents,
// memory, keyboard, themes. Part 2 (viewerLive.test.ts): errors, export, live tail, a seed db.
import { describe, expect, it } from 'vitest'
import { ERROR_SPAN, LIVE, SWARM } from './viewerFixture'
import { chromiumMissing, useViewerHarness } from './viewerHarness'
import { agentLabelLayout } from './browser'

describe.skipIf(chromiumMissing !== null)('viewer in Chromium against tracescope serve', () => {
  const h = useViewerHarness()

  it('lists sessions with live badge, sorts and filters them', async () => {
    const p = await h.page()
    await p.waitForSelector('[data-testid=session-row]')
    expect(await p.locator('[data-testid=session-row]').count()).toBe(7)
    const live = p.locator(`[data-session-id="${LIVE}"] [data-testid=live-badge]`)
    expect(await live.textContent()).toBe('LIVE')
    await p.click('[data-testid=sort-spans]')
    expect(
      await p.locator('[data-testid=session-row]').first().getAttribute('data-session-id'),
    ).toBe(SWARM)
    await p.click('[data-testid=sort-spans]')
    expect(
      await p.locator('[data-testid=session-row]').first().getAttribute('data-session-id'),
    ).toBe('batch-job-0')
    await p.fill('[data-testid=sessions-filter]', 'nightly')
    await p.waitForFunction(
      () => document.querySelectorAll('[data-testid=session-row]').length === 5,
    )
    await p.fill('[data-testid=sessions-filter]', 'no such session')
    await p.waitForSelector('[data-testid=empty]')
    // keyboard: "/" focuses the filter, Esc leaves it, j + Enter opens a session
    await p.fill('[data-testid=sessions-filter]', '')
    await p.keyboard.press('Escape')
    await p.keyboard.press('j')
    await p.keyboard.press('Enter')
    await p.waitForSelector('[data-testid=session-view]')
    // a link to a session that is not there says so and what to do
    await p.goto(`${h.server.url}#/session/no-such-run/timeline`)
    await p.waitForSelector('[data-testid=error-state]')
    expect(await p.textContent('[data-testid=error-state]')).toContain(
      'Pick one from the sessions list',
    )
    h.checkPages()
    await p.close()
  })

  it('searches inside every trace of the file and opens a hit at its span', async () => {
    const p = await h.page()
    await p.waitForSelector('[data-testid=session-row]')
    await p.fill('[data-testid=sessions-filter]', 'HTTP 503')
    await p.click('[data-testid=search-all]')
    await p.waitForSelector('[data-testid=search-hit]')
    const hits = await p.locator('[data-testid=search-hit]').allTextContents()
    expect(hits.some((h) => h.startsWith('span') && h.includes('tool.fetch_page'))).toBe(true)
    expect(hits.some((h) => h.startsWith('error'))).toBe(true)
    await p
      .locator('[data-testid=search-hit]', { hasText: 'tool.fetch_page' })
      .locator('a')
      .first()
      .click()
    await p.waitForSelector('[data-testid=detail-span-id]')
    expect(await p.textContent('[data-testid=detail-span-id]')).toBe(ERROR_SPAN)
    h.checkPages()
    await p.close()
  })

  it('draws the timeline, searches and jumps to a span, moves with j/k, zooms with + / 0', async () => {
    const p = await h.page(`#/session/${SWARM}/timeline`)
    const scroller = p.locator('[data-testid=timeline-scroller]')
    await p.waitForFunction(
      () =>
        document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ===
        '32',
    )
    const whole =
      Number(await scroller.getAttribute('data-view-end')) -
      Number(await scroller.getAttribute('data-view-start'))
    expect(whole).toBe(60_000)

    await p.keyboard.press('/')
    await p.keyboard.type('fetch_page')
    expect(await p.textContent('[data-testid=search-count]')).toContain('1 match')
    await p.keyboard.press('Enter')
    await p.waitForSelector('[data-testid=detail-name]')
    expect(await p.textContent('[data-testid=detail-name]')).toBe('tool.fetch_page')
    expect(await p.textContent('[data-testid=detail-span-id]')).toBe(ERROR_SPAN)
    expect(p.url()).toContain(`/span/${ERROR_SPAN}`)
    // the error of that span shows with its stack on demand
    expect(await p.textContent('[data-testid=span-detail]')).toContain('FetchError')

    // leave the search box, walk rows with j / k
    await p.keyboard.press('Escape')
    await p.keyboard.press('j')
    await p.waitForFunction(
      () => document.querySelector('[data-testid=detail-name]')?.textContent === 'tool.search',
    )
    await p.keyboard.press('k')
    await p.waitForFunction(
      () => document.querySelector('[data-testid=detail-name]')?.textContent === 'tool.fetch_page',
    )
    // [ on a leaf collapses its parent: 5 rows disappear
    await p.keyboard.press('[')
    await p.waitForFunction(
      () =>
        document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ===
        '27',
    )
    await p.keyboard.press(']')
    await p.waitForFunction(
      () =>
        document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ===
        '32',
    )

    await p.keyboard.press('+')
    await p.keyboard.press('+')
    const zoomed = async (): Promise<number> =>
      Number(await scroller.getAttribute('data-view-end')) -
      Number(await scroller.getAttribute('data-view-start'))
    await p.waitForFunction(() => {
      const el = document.querySelector('[data-testid=timeline-scroller]')!
      return (
        Number(el.getAttribute('data-view-end')) - Number(el.getAttribute('data-view-start')) <
        20_000
      )
    })
    expect(await zoomed()).toBeCloseTo(15_000)
    await p.keyboard.press('0')
    await p.waitForFunction(() => {
      const el = document.querySelector('[data-testid=timeline-scroller]')!
      return (
        Number(el.getAttribute('data-view-end')) - Number(el.getAttribute('data-view-start')) ===
        60_000
      )
    })
    // Esc closes the detail, a second Esc goes back to the list
    await p.keyboard.press('Escape')
    await p.waitForSelector('[data-testid=span-detail]', { state: 'detached' })
    // the address forgets the span too: a reload (or a copied link) does not reopen it
    expect(new URL(p.url()).hash).toBe(`#/session/${SWARM}/timeline`)
    await p.reload()
    await p.waitForSelector('[data-testid=timeline-scroller]')
    await p.waitForTimeout(300)
    expect(await p.locator('[data-testid=span-detail]').count()).toBe(0)
    await p.keyboard.press('Escape')
    await p.waitForSelector('[data-testid=sessions-view]')
    h.checkPages()
    await p.close()
  })

  it('shows the tree, agent graph, flame graph, metrics, agents and memory of a session', async () => {
    const p = await h.page(`#/session/${SWARM}/tree`)
    await p.waitForSelector('[data-testid=tree-row]')
    expect(await p.locator('[data-testid=tree-row]').count()).toBe(32)
    await p.locator('[data-testid=tree-row] .tw').first().click()
    expect(await p.locator('[data-testid=tree-row]').count()).toBe(1)
    // only the timeline zooms: the tree has no zoom buttons, the flame graph no tree buttons
    expect(await p.locator('[data-testid=zoom-in]').count()).toBe(0)
    expect(await p.getByRole('button', { name: 'Collapse all' }).count()).toBe(1)

    await p.click('[data-testid=tab-graph]')
    await p.waitForSelector('[data-testid=agent-node]')
    expect(await p.locator('[data-testid=agent-node]').count()).toBe(3)
    expect(await p.locator('[data-testid=agent-link]').count()).toBe(4)
    const labels = await p.locator('[data-testid=agent-label]').allTextContents()
    expect(labels).toContain('Researcher16 spans · 1 failed')
    // every name readable: no label under another agent's circle or under another label
    const { overlaps } = await p.evaluate(agentLabelLayout)
    expect(overlaps).toBe(0)
    // scrub to the start: no links yet, the agents that had not started are faded
    await p
      .locator('[data-testid=graph-scrubber]')
      .fill((await p.locator('[data-testid=graph-scrubber]').getAttribute('min')) ?? '0')
    await p.waitForFunction(
      () => document.querySelectorAll('[data-testid=agent-link]').length === 0,
    )

    await p.click('[data-testid=tab-flame]')
    const flame = p.locator('[data-testid=flame-canvas]')
    await flame.waitFor()
    expect(await p.getByRole('button', { name: 'Collapse all' }).count()).toBe(0)
    expect(await p.locator('[data-testid=zoom-in]').count()).toBe(0)
    const box = (await flame.boundingBox())!
    await p.mouse.move(box.x + 20, box.y + 30)
    await p.waitForFunction(() =>
      document.querySelector('[data-testid=flame-hover]')?.textContent?.startsWith('swarm.run'),
    )
    expect(await p.textContent('[data-testid=flame-hover]')).toContain('1 spans')

    await p.click('[data-testid=tab-metrics]')
    await p.waitForSelector('[data-testid=metric-chart]')
    expect(await p.locator('[data-testid=metric-chart] h4').allTextContents()).toEqual([
      expect.stringContaining('cpu.percent'),
      expect.stringContaining('tokens.total'),
    ])

    await p.click('[data-testid=tab-agents]')
    await p.waitForSelector('[data-testid=agent-row]')
    expect(await p.locator('[data-testid=agent-row]').count()).toBe(3)
    expect(await p.textContent('[data-testid=agents-view]')).toContain('2,709')

    await p.click('[data-testid=tab-memory]')
    await p.waitForSelector('[data-testid=memory-row]')
    expect(await p.locator('[data-testid=memory-row]').count()).toBe(2)
    expect(await p.textContent('[data-testid=memory-view]')).toContain('findings')
    h.checkPages()
    await p.close()
  })

  it('shows the shortcuts with ?, follows a dark OS theme, and can be switched', async () => {
    const p = await h.page('', { colorScheme: 'dark' })
    await p.waitForSelector('[data-testid=session-row]')
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(bg).toBe('rgb(21, 24, 28)')
    await p.keyboard.press('?')
    await p.waitForSelector('[data-testid=help]')
    expect(await p.textContent('[data-testid=help]')).toContain('Collapse span')
    await p.keyboard.press('Escape')
    await p.waitForSelector('[data-testid=help]', { state: 'detached' })
    await p.selectOption('select[aria-label=Theme]', 'light')
    expect(await p.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(255, 255, 255)',
    )
    // the choice is saved in the settings: a new page starts light too; put it back
    const again = await h.page()
    await again.waitForSelector('[data-testid=session-row]')
    await again.waitForFunction(() => document.documentElement.dataset.theme === 'light')
    await again.selectOption('select[aria-label=Theme]', 'system')
    await again.close()
    h.checkPages()
    await p.close()
  })
})
