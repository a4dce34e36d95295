// The Statistics view in real Chromium against `tracescope serve`: grouped figures, the
// histogram's label, a group's slowest spans opening their session, one session's statistics
// from the session header, a filter expression narrowing the table and selecting what "What do
// they share?" compares, by keyboard; axe in light and dark.
// Set TRACESCOPE_STATS_SHOTS to a folder to save screenshots of both themes.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { RUN_A, RUN_B } from '../fixtures/comparedRuns'
import { describeFindings, seriousViolations } from './axe'
import { chromiumMissing, comparedRunsViewer } from './comparedRunsViewer'
import { useViewerHarness } from './viewerHarness'

const missing = chromiumMissing
const SHOTS = process.env.TRACESCOPE_STATS_SHOTS

const { open } = comparedRunsViewer('stats')

/** the table's rows as `key | count | errors | p50 | p95 | p99 | self | tokens | cost` */
const rows = (p: Page) =>
  p.$$eval('[data-testid=stats-row]', (trs) =>
    trs.map((tr) =>
      Array.from(tr.querySelectorAll('th, td'))
        .map((c) => (c.textContent ?? '').trim())
        .filter((t, i) => i !== 6)
        .join(' | '),
    ),
  )

async function allTime(p: Page): Promise<void> {
  await p.waitForSelector('[data-testid=stats-view]')
  await p.selectOption('[data-testid=stats-range]', '0')
  await p.waitForSelector('[data-testid=stats-count]:has-text("14 spans")')
}

describe.skipIf(missing)('Statistics view', () => {
  it('groups every span by name and by workflow, with a histogram label', async () => {
    const p = await open('')
    await p.waitForSelector('[data-testid=session-row]')
    await p.click('[data-testid=nav-stats]')
    await allTime(p)
    const byName = await rows(p)
    expect(byName).toContain('tool.search | 4 | 25.0% | 100ms | 125ms | 125ms | 445ms | — | —')
    expect(byName.find((r) => r.startsWith('llm.chat'))).toMatch(
      /^llm\.chat \| 2 \| 0\.0% \| 400ms \| 1\.3s \| 1\.3s \| 1\.7s \| 3,150 \| \$0\.0008$/,
    )
    const label = await p.getAttribute(
      '[data-testid=stats-row]:has-text("tool.search") svg',
      'aria-label',
    )
    expect(label).toBe('durations: 4 < 1s')
    await p.selectOption('[data-testid=stats-group-by]', 'workflow')
    await p.waitForSelector('[data-testid=stats-row]:has-text("nightly run-42")')
    expect(p.url()).toContain('#/stats/workflow')
    expect(await rows(p)).toEqual([
      'nightly run-41 | 7 | 0.0% | 400ms | 2s | 2s | 2s | 1,350 | $0.0003',
      'nightly run-42 | 7 | 14.3% | 900ms | 3.1s | 3.1s | 3.1s | 1,800 | $0.0005',
    ])
  })

  it("opens a group's slowest spans by keyboard, and a span in its session", async () => {
    const p = await open('#/stats/name')
    await allTime(p)
    await p.focus('[data-testid=stats-row]:has-text("tool.search") button')
    await p.keyboard.press('Enter')
    await p.waitForSelector('[data-testid=stats-slow-span]')
    const items = await p.$$eval('[data-testid=stats-slowest] li', (lis) =>
      lis.map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim()),
    )
    expect(items).toEqual([
      `tool.search 125ms ✗ failed${RUN_B} · coder`,
      `tool.search 120ms${RUN_A} · coder`,
      `tool.search 100ms${RUN_A} · coder`,
      `tool.search 100ms${RUN_B} · coder`,
    ])
    // what the failed tool.search shares, against the other three
    await p.waitForSelector('[data-testid=cohort-table]')
    expect(await p.textContent('[data-testid=cohort-sizes]')).toBe(
      '1 selected tool.search spans, 3 others',
    )
    const shared = await p.$$eval('[data-testid=cohort-table] tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)),
    )
    expect(shared).toEqual([['query = lexer', '100 %', '33 %']])
    await p.selectOption('[data-testid=cohort-selection]', 'slowest 10 %')
    await p.waitForSelector('[data-testid=cohort-sizes]:has-text("1 selected")')
    if (SHOTS) await shoot(p, 'light')
    await p.click('[data-testid=stats-slow-span] >> nth=0')
    await p.waitForSelector('[data-testid=session-view]')
    expect(decodeURIComponent(p.url())).toContain(`#/session/${RUN_B}/timeline/span/${RUN_B}-6`)
  })

  it("shows one session's statistics from its header", async () => {
    const p = await open(`#/session/${RUN_A}/timeline`)
    await p.click('[data-testid=session-stats]')
    await p.waitForSelector('[data-testid=stats-count]:has-text("7 spans")')
    expect(await rows(p)).toContain(
      'tool.search | 2 | 0.0% | 100ms | 120ms | 120ms | 220ms | — | —',
    )
    await p.click('[data-testid=stats-all-sessions]')
    await p.waitForSelector('[data-testid=stats-count]:has-text("14 spans")')
  })

  it('a filter expression narrows the table and is the selection of "What do they share?"', async () => {
    const p = await open('#/stats/name')
    await allTime(p)
    const count = (want: string) =>
      p.waitForSelector(`[data-testid=stats-count]:text-is("${want}")`, { timeout: 8000 })
    await p.focus('[data-testid=stats-filter]')
    await p.keyboard.type('agent:coder')
    // coder made each run's llm.chat and its two tool.search
    await count('6 matching spans in 2 groups')
    expect((await rows(p)).map((r) => r.split(' | ').slice(0, 3).join(' | '))).toEqual([
      'tool.search | 4 | 25.0%',
      'llm.chat | 2 | 0.0%',
    ])

    // a bad expression: the find box's sentence under the box; the table keeps the last filter
    await p.fill('[data-testid=stats-filter]', 'status:bogus')
    await p.waitForSelector('[data-testid=stats-filter-error]')
    expect(await p.textContent('[data-testid=stats-filter-error]')).toBe(
      'column 8: expected ok, error or unset (completed/failed/running also accepted) after "status:" but found "bogus"',
    )
    expect(await p.getAttribute('[data-testid=stats-filter]', 'aria-invalid')).toBe('true')
    expect(await p.getAttribute('[data-testid=stats-filter]', 'aria-describedby')).toBe(
      'stats-filter-error',
    )
    await p.press('[data-testid=stats-filter]', 'Enter')
    expect(
      await p.$eval('[data-testid=stats-filter]', (el) => (el as HTMLInputElement).selectionStart),
    ).toBe(7)
    expect(await p.textContent('[data-testid=stats-count]')).toBe('6 matching spans in 2 groups')
    await bothThemes(p, 'filter-error')

    // the failed tool.search of run-42 is the only failed span
    await p.fill('[data-testid=stats-filter]', 'status:error')
    await p.press('[data-testid=stats-filter]', 'Enter')
    await count('1 matching span in 1 group')
    expect(await p.locator('[data-testid=stats-filter-error]').count()).toBe(0)
    await p.focus('[data-testid=stats-row]:has-text("tool.search") button')
    await p.keyboard.press('Enter')
    // the filter is the cohort's selection, against the rest of the tool.search spans
    await p.waitForSelector('[data-testid=cohort-table]')
    expect(
      await p.$eval('[data-testid=cohort-selection]', (el) => (el as HTMLSelectElement).value),
    ).toBe('spans matching the filter')
    expect(await p.textContent('[data-testid=cohort-sizes]')).toBe(
      '1 selected tool.search spans, 3 others',
    )
    const shared = await p.$$eval('[data-testid=cohort-table] tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)),
    )
    expect(shared).toEqual([['query = lexer', '100 %', '33 %']])
    await bothThemes(p, 'filter')
    // Escape empties the box: every span again
    await p.press('[data-testid=stats-filter]', 'Escape')
    await count('14 spans in 6 groups')
  })

  it.each(['light', 'dark'] as const)(
    'has no serious axe violation in the %s theme',
    async (theme) => {
      const p = await open('#/stats/name', theme)
      await allTime(p)
      await p.click('[data-testid=stats-row]:has-text("llm.chat") button')
      await p.waitForSelector('[data-testid=stats-slow-span]')
      const findings = await seriousViolations(p)
      expect(findings, describeFindings(findings)).toEqual([])
      if (SHOTS && theme === 'dark') await shoot(p, theme)
    },
  )
})

/** no serious axe violation in light, then dark (the viewer follows the OS); back to light */
async function bothThemes(p: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme: theme })
    await p.waitForFunction(
      (dark) => (getComputedStyle(document.body).backgroundColor === 'rgb(21, 24, 28)') === dark,
      theme === 'dark',
    )
    const findings = await seriousViolations(p)
    expect(findings, `${name}, ${theme}: ${describeFindings(findings)}`).toEqual([])
    if (SHOTS) await shoot(p, `${name}-${theme}`)
  }
  await p.emulateMedia({ colorScheme: 'light' })
}

async function shoot(p: Page, theme: string): Promise<void> {
  fs.mkdirSync(SHOTS!, { recursive: true })
  await p.screenshot({ path: path.join(SHOTS!, `stats-${theme}.png`) })
}

describe.skipIf(missing)('Statistics view on a file of older runs', () => {
  // research-swarm-1 ran on 2026-11-21; live-run-7 is written as the test starts
  const h = useViewerHarness()

  it('says how many sessions the range leaves out, and counts them on one click', async () => {
    const p = await h.page('#/stats/name')
    await p.waitForSelector('[data-testid=stats-count]')
    expect(await p.inputValue('[data-testid=stats-range]')).toBe(String(7 * 86_400_000))
    const older = await p.waitForSelector('[data-testid=stats-older]')
    expect(await older.textContent()).toContain('6 older sessions not counted')
    const before = await p.textContent('[data-testid=stats-count]')
    await p.focus('[data-testid=stats-all-time]')
    await p.keyboard.press('Enter')
    await p.waitForSelector('[data-testid=stats-older]', { state: 'detached' })
    expect(await p.inputValue('[data-testid=stats-range]')).toBe('0')
    await p.waitForFunction(
      (b) => document.querySelector('[data-testid=stats-count]')?.textContent !== b,
      before,
    )
    expect(await p.textContent('[data-testid=stats-count]')).toBe('49 spans in 17 groups')
    h.checkPages()
  })
})
