// The viewer with the keyboard alone, in real Chromium against `tracescope serve`: Tab,
// Shift+Tab, Enter, Space, arrows and Esc open a session from the list, switch tabs, walk and
// fold spans, open and close a span's detail and the export dialog. Every stop shows a focus
// ring of at least 3:1 against what is around it, in the light and the dark theme.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { contrast } from '../../src/renderer/draw/palette'
import { SWARM } from './viewerFixture'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`. */
async function tabTo(p: Page, selector: string, back = false): Promise<void> {
  const seen: string[] = []
  for (let i = 0; i < 60; i++) {
    if (await p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return
    await p.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    seen.push(
      await p.evaluate(() => {
        const e = document.activeElement
        return e
          ? `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}[${e.getAttribute('data-testid') ?? e.textContent?.slice(0, 20) ?? ''}]`
          : 'none'
      }),
    )
  }
  throw new Error(`Tab never reached ${selector}; it went through: ${seen.join(' → ')}`)
}

/** The focused element's outline and the colour behind it (the first opaque ancestor). */
async function focusRing(p: Page): Promise<{ style: string; width: number; ratio: number }> {
  const r = await p.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const cs = getComputedStyle(el)
    // an outline drawn outside the box lies on the parent's background, an inset one on its own
    let bgEl: HTMLElement | null = parseFloat(cs.outlineOffset) < 0 ? el : el.parentElement
    let bg = 'rgb(255, 255, 255)'
    while (bgEl) {
      const c = getComputedStyle(bgEl).backgroundColor
      if (c && c !== 'transparent' && !/rgba\(.*, 0\)$/.test(c)) {
        bg = c
        break
      }
      bgEl = bgEl.parentElement
    }
    return {
      style: cs.outlineStyle,
      width: parseFloat(cs.outlineWidth),
      color: cs.outlineColor,
      bg,
    }
  })
  return { style: r.style, width: r.width, ratio: contrast(r.color, r.bg) }
}

async function expectVisibleFocus(p: Page, what: string): Promise<void> {
  const ring = await focusRing(p)
  expect(ring.style, `${what}: outline style`).not.toBe('none')
  expect(ring.width, `${what}: outline width`).toBeGreaterThanOrEqual(2)
  expect(ring.ratio, `${what}: outline contrast`).toBeGreaterThanOrEqual(3)
}

const focused = (p: Page, selector: string): Promise<boolean> =>
  p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)

describe.skipIf(chromiumMissing !== null)('the viewer by keyboard alone', () => {
  const h = useViewerHarness()

  for (const theme of ['light', 'dark'] as const)
    it(`opens a session, switches tabs, opens span detail and export (${theme})`, async () => {
      const p = await h.page('', { colorScheme: theme })
      await p.waitForSelector('[data-testid=session-row]')

      // Space on a column's sort button sorts by it
      await tabTo(p, '[data-testid=sort-spans]')
      await expectVisibleFocus(p, 'sort button')
      await p.keyboard.press('Space')
      await p.waitForFunction(
        (id) =>
          document.querySelector('[data-testid=session-row]')?.getAttribute('data-session-id') ===
          id,
        SWARM,
      )
      await p.keyboard.press('Space')
      await p.waitForFunction(
        (id) =>
          document.querySelector('[data-testid=session-row]')?.getAttribute('data-session-id') !==
          id,
        SWARM,
      )

      // the list is one tab stop; arrows move its current row, Enter opens it
      await tabTo(p, '[role=listbox]')
      await expectVisibleFocus(p, 'sessions list')
      const current = (): Promise<string | null | undefined> =>
        p.evaluate(() => {
          const list = document.querySelector('[role=listbox]')!
          const id = list.getAttribute('aria-activedescendant')
          return id ? document.getElementById(id)?.getAttribute('data-session-id') : null
        })
      for (let i = 0; i < 10 && (await current()) !== SWARM; i++)
        await p.keyboard.press('ArrowDown')
      expect(await current()).toBe(SWARM)
      expect(
        await p.$eval(
          '[role=listbox] [aria-selected=true]',
          (r) => getComputedStyle(r).outlineStyle,
        ),
      ).toBe('solid')
      await p.keyboard.press('Enter')
      await p.waitForSelector('[data-testid=session-view]')
      expect(await p.textContent('[data-testid=session-title]')).toBe('Research swarm')

      // timeline: the waterfall is a tab stop; arrows walk the spans and open their detail
      await tabTo(p, '[data-testid=timeline-scroller]')
      await expectVisibleFocus(p, 'timeline')
      await p.keyboard.press('ArrowDown')
      await p.waitForFunction(
        () => document.querySelector('[data-testid=detail-name]')?.textContent === 'swarm.run',
      )
      await p.keyboard.press('ArrowDown')
      await p.waitForFunction(
        () => document.querySelector('[data-testid=detail-name]')?.textContent === 'plan.step 0',
      )
      expect(await p.textContent('[data-testid=timeline-announce]')).toBe('plan.step 0')
      // Esc closes the detail; the focus stays on the timeline
      await p.keyboard.press('Escape')
      await p.waitForSelector('[data-testid=span-detail]', { state: 'detached' })
      expect(await focused(p, '[data-testid=timeline-scroller]')).toBe(true)

      // back up to the tabs with Shift+Tab, Enter switches to the tree
      await tabTo(p, '[data-testid=tab-tree]', true)
      await expectVisibleFocus(p, 'Tree tab')
      await p.keyboard.press('Enter')
      await p.waitForSelector('[role=tree]')
      await tabTo(p, '[role=tree]')
      await expectVisibleFocus(p, 'span tree')
      await p.keyboard.press('ArrowDown')
      await p.waitForSelector('[data-testid=detail-name]')
      expect(await p.textContent('[data-testid=detail-name]')).toBe('swarm.run')
      // ← folds the selected span, → unfolds it
      await p.keyboard.press('ArrowLeft')
      await p.waitForFunction(() => document.querySelectorAll('[role=treeitem]').length === 1)
      expect(await p.getAttribute('[role=treeitem]', 'aria-expanded')).toBe('false')
      await p.keyboard.press('ArrowRight')
      await p.waitForFunction(() => document.querySelectorAll('[role=treeitem]').length > 1)
      await p.keyboard.press('ArrowDown')
      await p.waitForFunction(
        () => document.querySelector('[data-testid=detail-name]')?.textContent === 'plan.step 0',
      )
      // into the detail: its parent link moves the selection, its close button closes it
      await tabTo(p, '[data-testid=parent-link]')
      await expectVisibleFocus(p, 'parent link')
      await p.keyboard.press('Enter')
      await p.waitForFunction(
        () => document.querySelector('[data-testid=detail-name]')?.textContent === 'swarm.run',
      )
      await tabTo(p, '[data-testid=span-detail] button[aria-label^="Close detail"]', true)
      await expectVisibleFocus(p, 'close detail')
      await p.keyboard.press('Enter')
      await p.waitForSelector('[data-testid=span-detail]', { state: 'detached' })
      expect(await focused(p, '[role=tree]'), 'the focus goes back to the tree').toBe(true)

      // flame graph: arrows pick a span's box (outlined, described), Enter zooms into it
      await tabTo(p, '[data-testid=tab-flame]', true)
      await p.keyboard.press('Enter')
      await tabTo(p, '[aria-label="Flame graph"]')
      await expectVisibleFocus(p, 'flame graph')
      await p.keyboard.press('ArrowDown')
      await p.keyboard.press('ArrowDown')
      await p.waitForFunction(() =>
        document.querySelector('[data-testid=flame-hover]')?.textContent?.startsWith('plan.step 0'),
      )
      await p.keyboard.press('Enter')
      await p.getByRole('button', { name: 'Reset zoom' }).waitFor()

      // the export dialog: opened with Enter, Tab stays inside it, Esc closes it and the
      // focus returns to the button that opened it
      await tabTo(p, '[data-testid=open-export]', true)
      await expectVisibleFocus(p, 'Export button')
      await p.keyboard.press('Enter')
      await p.waitForSelector('[data-testid=export-dialog]')
      expect(await focused(p, '[data-testid=export-dialog], [data-testid=export-dialog] *')).toBe(
        true,
      )
      for (let i = 0; i < 14; i++) {
        await p.keyboard.press('Tab')
        expect(await focused(p, '[data-testid=export-dialog] *'), `Tab ${i + 1}`).toBe(true)
        await expectVisibleFocus(p, `export dialog, Tab ${i + 1}`)
      }
      await p.keyboard.press('Shift+Tab')
      expect(await focused(p, '[data-testid=export-dialog] *')).toBe(true)
      await p.keyboard.press('Escape')
      await p.waitForSelector('[data-testid=export-dialog]', { state: 'detached' })
      expect(await focused(p, '[data-testid=open-export]')).toBe(true)

      // Esc closes the detail of the span picked in the flame graph, then leaves the session
      await p.keyboard.press('Escape')
      await p.waitForSelector('[data-testid=span-detail]', { state: 'detached' })
      await p.keyboard.press('Escape')
      await p.waitForSelector('[data-testid=sessions-view]')
      h.checkPages()
      await p.close()
    }, 90_000)
})
