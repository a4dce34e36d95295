// The filter language in the viewer, in real Chromium against `tracescope serve`: the session's
// find box selects the spans an expression names (free text still finds as before), the
// file-wide search lists them across sessions, the export dialog counts and writes them, and a
// bad expression says at which column and what was expected — keyboard only, without a serious
// axe-core violation in the light or the dark theme. TRACESCOPE_FILTER_SHOTS=<dir> saves
// screenshots of each state in both themes.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { COLOUR_RULES, describeFindings, seriousViolations } from './axe'
import { ERROR_SPAN, SWARM } from './viewerFixture'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

const detailIs = (p: Page, spanId: string) =>
  p.waitForFunction(
    (id) => document.querySelector('[data-testid=detail-span-id]')?.textContent === id,
    spanId,
    { timeout: 8000 },
  )
const countIs = (p: Page, want: string) =>
  p.waitForFunction(
    (w) => document.querySelector('[data-testid=search-count]')?.textContent === w,
    want,
    { timeout: 8000 },
  )

/** axe in light and dark (the viewer follows the OS), and a screenshot of each when asked */
async function checkThemes(p: Page, name: string): Promise<void> {
  const report: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await p.emulateMedia({ colorScheme: 'dark' })
      await p.waitForFunction(
        () => getComputedStyle(document.body).backgroundColor === 'rgb(21, 24, 28)',
      )
    }
    const findings = await seriousViolations(p, theme === 'dark' ? COLOUR_RULES : undefined)
    if (findings.length) report.push(`${theme}:\n${describeFindings(findings)}`)
    const dir = process.env.TRACESCOPE_FILTER_SHOTS
    if (dir) {
      fs.mkdirSync(dir, { recursive: true })
      await p.screenshot({ path: path.join(dir, `${name}-${theme}.png`) })
    }
  }
  await p.emulateMedia({ colorScheme: 'light' })
  expect(report.join('\n'), `${name}: serious or critical axe violations`).toBe('')
}

describe.skipIf(chromiumMissing !== null)('viewer in Chromium: filter expressions', () => {
  const h = useViewerHarness()

  it('the find box selects the spans an expression names, steps through them, and explains a bad one', async () => {
    const p = await h.page(`#/session/${SWARM}/timeline`)
    await p.waitForSelector('[data-testid=session-title]')
    // "/" focuses the find box, as before
    await p.keyboard.press('/')
    await p.keyboard.type('status:error')
    await countIs(p, '1 match')
    await p.keyboard.press('Enter')
    await detailIs(p, ERROR_SPAN)

    // six tool.search spans of the researcher (steps 0, 2, 4) and its failed tool.fetch_page
    await p.fill('[data-testid=span-search]', 'name:tool.* agent:researcher')
    await countIs(p, '7 matches')
    // the root and the six steps last longer than 5 s; no other span does
    await p.fill('[data-testid=span-search]', 'duration>5s')
    await countIs(p, '7 matches')
    await p.press('[data-testid=span-search]', 'Enter')
    await detailIs(p, 'span-root')
    // LLM and tool calls with 160 + n + k tokens: n + k ≥ 20 for n = 18 … 23
    await p.fill('[data-testid=span-search]', 'tokens>=180')
    await countIs(p, '6 matches')
    await p.fill('[data-testid=span-search]', '(name:llm.* or status:error) and not agent:coder')
    await countIs(p, '7 matches')

    // free text still finds, as before the language
    await p.fill('[data-testid=span-search]', 'vector')
    await countIs(p, '1 match')

    // a bad expression: the sentence under the box, the box marked invalid, no count
    await p.fill('[data-testid=span-search]', 'status:bogus')
    await p.waitForSelector('[data-testid=search-error]')
    expect(await p.textContent('[data-testid=search-error]')).toBe(
      'column 8: expected ok, error or unset (completed/failed/running also accepted) after "status:" but found "bogus"',
    )
    expect(await p.getAttribute('[data-testid=span-search]', 'aria-invalid')).toBe('true')
    expect(await p.getAttribute('[data-testid=span-search]', 'aria-describedby')).toBe(
      'span-search-error',
    )
    expect(await p.textContent('[data-testid=search-count]')).toBe('')
    // Enter puts the caret at the column the sentence names
    await p.press('[data-testid=span-search]', 'Enter')
    expect(
      await p.$eval('[data-testid=span-search]', (el) => (el as HTMLInputElement).selectionStart),
    ).toBe(7)
    await checkThemes(p, 'find-error')

    await p.fill('[data-testid=span-search]', 'agent:researcher status:error')
    await countIs(p, '1 match')
    expect(await p.locator('[data-testid=search-error]').count()).toBe(0)
    expect(await p.getAttribute('[data-testid=span-search]', 'aria-invalid')).toBe('false')
    await checkThemes(p, 'find-filter')
    h.checkPages()
    await p.close()
  })

  it('the file-wide search lists the spans an expression selects across sessions', async () => {
    const p = await h.page()
    await p.waitForSelector('[data-testid=session-row]')
    await p.fill('[data-testid=sessions-filter]', 'status:error name:tool.fetch_page')
    await p.press('[data-testid=sessions-filter]', 'Enter')
    await p.waitForSelector('[data-testid=search-hit]')
    const hits = p.locator('[data-testid=search-hit]')
    expect(await hits.count()).toBe(1)
    expect(await hits.first().locator('[data-testid=hit-where]').textContent()).toBe(
      'in Research swarm · agent researcher',
    )
    expect(await hits.first().locator('[data-testid=hit-snippet]').textContent()).toBe(
      'error · 1.3s · HTTP 503 from upstream',
    )
    expect(await p.textContent('[data-testid=search-results] b')).toBe(
      'Spans matching “status:error name:tool.fetch_page”',
    )
    await checkThemes(p, 'search-filter')
    // the hit opens its session at the span
    await hits.first().locator('a').click()
    await detailIs(p, ERROR_SPAN)

    // a bad expression is answered in the results, not with a list
    await p.click('[data-testid=nav-sessions]')
    // the list keeps the box's text as its filter: no session is named like the expression
    await p.waitForSelector('[data-testid=sessions-filter]')
    await p.fill('[data-testid=sessions-filter]', 'duration>>2s')
    await p.press('[data-testid=sessions-filter]', 'Enter')
    await p.waitForSelector('[data-testid=search-results] .status-error')
    expect(await p.textContent('[data-testid=search-results] .status-error')).toContain(
      'Not a filter: column 10: expected',
    )
    h.checkPages()
    await p.close()
  })

  it('the export dialog counts and writes what a where expression selects, and refuses a bad one', async () => {
    const p = await h.page(`#/session/${SWARM}/timeline`)
    await p.waitForSelector('[data-testid=session-title]')
    await p.click('[data-testid=open-export]')
    const countHas = (text: string) =>
      p.waitForFunction(
        (t) =>
          (document.querySelector('[data-testid=export-count]')?.textContent ?? '').includes(t),
        text,
      )
    await countHas('32 spans')
    await p.fill('[data-testid=export-where]', 'agent:coder duration<5s')
    // the coder's twelve calls (steps 1, 3, 5); its steps last 8 s
    await countHas('12 spans')
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.click('[data-testid=export-start]'),
    ])
    const file = path.join(h.dir, 'coder.ndjson')
    await download.saveAs(file)
    const spans = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; agentId?: string; name?: string })
      .filter((r) => r.kind === 'span')
    expect(spans.length).toBe(12)
    expect(spans.every((s) => s.agentId === 'coder')).toBe(true)

    await p.fill('[data-testid=export-where]', 'agent:coder and')
    await p.waitForSelector('[data-testid=export-where-error]')
    expect(await p.textContent('[data-testid=export-where-error]')).toBe(
      'column 16: expected "not", "-", "(", a field comparison or free text but found the end of the filter',
    )
    expect(await p.isDisabled('[data-testid=export-start]')).toBe(true)
    expect(await p.getAttribute('[data-testid=export-where]', 'aria-invalid')).toBe('true')
    await checkThemes(p, 'export-where-error')
    h.checkPages()
    await p.close()
  })
})
