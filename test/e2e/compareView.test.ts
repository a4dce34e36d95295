// The Compare view in real Chromium against `tracescope serve`: two runs picked from the sessions
// list (and "Compare with…" from a session), the summary, the merged tree with each change in
// words, the step detail with the message diff, all by keyboard; axe in light and dark.
// Set TRACESCOPE_COMPARE_SHOTS to a folder to save screenshots of both themes.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { RUN_A, RUN_B } from '../fixtures/comparedRuns'
import { describeFindings, seriousViolations } from './axe'
import { chromiumMissing, comparedRunsViewer } from './comparedRunsViewer'

const missing = chromiumMissing
const SHOTS = process.env.TRACESCOPE_COMPARE_SHOTS

const { open } = comparedRunsViewer('compare')

/** each row as `kind|cell | cell | …` */
const rowText = (p: Page) =>
  p.$$eval('[data-testid=compare-row]', (rows) =>
    rows.map(
      (r) =>
        `${r.getAttribute('data-kind')}|${Array.from(r.querySelectorAll('.cell'))
          .map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())
          .join(' | ')}`,
    ),
  )

describe.skipIf(missing)('Compare view', () => {
  it('compares two runs picked from the sessions list: summary and merged tree', async () => {
    const p = await open('')
    await p.waitForSelector('[data-testid=session-row]')
    // the errors the sessions list shows for each run (its Errors column)
    const listErrors = await p.$$eval(
      '[data-testid=session-row]',
      (rows, ids) =>
        ids.map((id) => {
          const r = rows.find((x) => x.getAttribute('data-session-id') === id)!
          return (r.children[5]!.textContent ?? '').trim()
        }),
      [RUN_A, RUN_B],
    )
    // the list's next row, highlighted by keyboard, becomes run A
    const second = await p.getAttribute('[data-testid=session-row] >> nth=1', 'data-session-id')
    await p.focus('[data-testid=sessions-list]')
    await p.keyboard.press('ArrowDown')
    await p.click('[data-testid=open-compare]')
    await p.waitForSelector('[data-testid=compare-view]')
    expect(await p.inputValue('[data-testid=compare-pick-a]')).toBe(second)
    await p.selectOption('[data-testid=compare-pick-a]', RUN_A)
    await p.selectOption('[data-testid=compare-pick-b]', RUN_B)
    await p.waitForSelector('[data-testid=compare-row]')
    expect(p.url()).toContain(`#/compare/${RUN_A}/${RUN_B}`)
    const summary = await p.textContent('[data-testid=compare-summary]')
    expect(summary).toMatch(/Duration\s*2s\s*3\.1s\s*\+1\.1s/)
    // "Errors" counts what the sessions list and the header count (error records); the failed
    // spans the steps below mark are a row of their own, named so
    expect(summary).toMatch(
      new RegExp(`Errors\\s*${listErrors[0]}\\s*${listErrors[1]}\\s*(0|[+−]\\d+)\\s*Failed spans`),
    )
    expect(summary).toMatch(/Failed spans\s*0\s*1\s*\+1/)
    expect(summary).toContain('4 changed · 1 added · 1 removed · 2 same')
    const rows = await rowText(p)
    expect(rows).toHaveLength(8)
    expect(rows[0]).toMatch(/^slower\|▾swarm\.run · planner \| ▲ slower \| 2s \| 3\.1s \| \+1\.1s$/)
    expect(rows.find((r) => r.includes('tool.search #2'))).toMatch(
      /^failed\|tool\.search #2 · coder \| ✗ failed \| 120ms \| 125ms \| \+5ms$/,
    )
    expect(rows.find((r) => r.includes('cleanup'))).toMatch(
      /^removed\|cleanup · planner \| - removed \| 50ms \| — \| —$/,
    )
    expect(rows.find((r) => r.includes('publish'))).toMatch(
      /^added\|publish · planner \| \+ added \| — \| 500ms \| —$/,
    )
    // only differences: the unchanged plan.step #2 stays as the parent of the failed search
    await p.check('[data-testid=compare-only-diffs]')
    await p.waitForFunction(
      () => document.querySelectorAll('[data-testid=compare-row]').length === 7,
    )
    expect((await rowText(p)).some((r) => r.includes('same|') && r.includes('tool.search'))).toBe(
      false,
    )
    // biggest impact first: the failure, then by time difference, each known by its path
    await p.selectOption('[data-testid=compare-order]', 'impact')
    await p.waitForFunction(
      () => document.querySelectorAll('[data-testid=compare-row]').length === 6,
    )
    expect((await rowText(p)).map((r) => r.split(' | ')[0])).toEqual([
      'failed|planner: swarm.run › planner: plan.step #2 › coder: tool.search #2',
      'slower|planner: swarm.run',
      'slower|planner: swarm.run › planner: plan.step › coder: llm.chat',
      'slower|planner: swarm.run › planner: plan.step',
      'added|planner: swarm.run › planner: publish',
      'removed|planner: swarm.run › planner: cleanup',
    ])
  })

  it('opens a step by keyboard: side by side figures and the prompt diff; folds with ←', async () => {
    const p = await open(`#/compare/${RUN_A}/${RUN_B}`)
    await p.waitForSelector('[data-testid=compare-row]')
    await p.focus('[data-testid=compare-tree]')
    await p.keyboard.press('ArrowDown')
    await p.keyboard.press('ArrowDown')
    await p.keyboard.press('Enter')
    await p.waitForSelector('[data-testid=compare-message-diff]')
    const detail = await p.textContent('[data-testid=compare-detail]')
    expect(detail).toContain('coder: llm.chat')
    expect(detail).toMatch(/duration\s*400ms\s*1\.3s\s*\+900ms/)
    expect(detail).toMatch(/tokens\s*1,350\s*1,800\s*\+450/)
    const diff = await p.$$eval('[data-testid=compare-message-diff] span', (s) =>
      s.filter((x) => !x.className.includes('same')).map((x) => x.textContent),
    )
    expect(diff).toEqual(['- Find the bug in parser.ts\n', '+ Find the bug in lexer.ts\n'])
    if (SHOTS) await shoot(p, 'light')
    // ← on a leaf goes to its parent, ← again folds it
    await p.focus('[data-testid=compare-tree]')
    await p.keyboard.press('ArrowLeft')
    await p.keyboard.press('ArrowLeft')
    await p.waitForFunction(
      () => document.querySelectorAll('[data-testid=compare-row]').length === 7,
    )
    expect(await p.getAttribute('#compare-step-1', 'aria-expanded')).toBe('false')
  })

  it('"Compare with…" from a session picks it as run A', async () => {
    const p = await open(`#/session/${RUN_A}/timeline`)
    await p.click('[data-testid=compare-with]')
    await p.waitForSelector('[data-testid=compare-view]')
    expect(await p.inputValue('[data-testid=compare-pick-a]')).toBe(RUN_A)
    expect(await p.inputValue('[data-testid=compare-pick-b]')).toBe('')
    await p.selectOption('[data-testid=compare-pick-b]', RUN_B)
    await p.waitForSelector('[data-testid=compare-row]')
  })

  it.each(['light', 'dark'] as const)(
    'has no serious axe violation in the %s theme',
    async (theme) => {
      const p = await open(`#/compare/${RUN_A}/${RUN_B}`, theme)
      await p.waitForSelector('[data-testid=compare-row]')
      await p.click('[data-testid=compare-row][data-kind=failed]')
      await p.waitForSelector('[data-testid=compare-detail] >> text=Messages')
      const findings = await seriousViolations(p)
      expect(findings, describeFindings(findings)).toEqual([])
      await p.click('#compare-step-2')
      await p.waitForSelector('[data-testid=compare-message-diff]')
      const withDiff = await seriousViolations(p)
      expect(withDiff, describeFindings(withDiff)).toEqual([])
      if (SHOTS) await shoot(p, theme)
    },
  )
})

async function shoot(p: Page, theme: string): Promise<void> {
  fs.mkdirSync(SHOTS!, { recursive: true })
  await p.screenshot({ path: path.join(SHOTS!, `compare-${theme}.png`) })
}
