// The sessions list in windows of every width the app allows (its window is at least 800 px
// wide): each column keeps room for what it says. With fixed column widths, a window under
// 1,100 px left the session's name a single letter. A session whose tokens have no price says
// so in a word the Cost column holds whole.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MOAI_AGENT_SESSION, writeClaudeFlowDb, writeMoaiDb } from '../fixtures/seedWriters'
import { seriousViolations } from './axe'
import { useForeignViewer } from './foreignViewer'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

describe.skipIf(chromiumMissing !== null)('sessions list column widths', () => {
  const h = useViewerHarness()

  for (const width of [900, 1000, 1280, 1600])
    it(`names every session in a ${width} px window, no column past the edge`, async () => {
      const p = await h.page('', { width, height: 600 })
      await p.waitForSelector('[data-testid=session-row]')
      const cells = await p.$$eval('[data-testid=session-row]', (rows) =>
        rows.map((r) => {
          const cs = [...r.children] as HTMLElement[]
          return {
            name: cs[0]!.getBoundingClientRect().width,
            right: Math.max(...cs.map((c) => c.getBoundingClientRect().right)),
          }
        }),
      )
      expect(cells.length).toBeGreaterThan(0)
      for (const c of cells) {
        expect(c.name).toBeGreaterThanOrEqual(150)
        expect(c.right).toBeLessThanOrEqual(width)
      }
      // the header's columns line up with the rows'
      const head = await p.$$eval('[data-testid^=sort-]', (bs) =>
        bs.map((b) => Math.round(b.getBoundingClientRect().left)),
      )
      const row = await p.$eval('[data-testid=session-row]', (r) =>
        [...r.children].map((c) => Math.round(c.getBoundingClientRect().left)),
      )
      expect(head).toEqual(row)
      // the Started and Last activity times are whole, not "2026-11-21 09…" (columns 3 and 9)
      const times = await p.$$eval('[data-testid=session-row]', (rows) =>
        rows.flatMap((r) =>
          [2, 8].map((c) => {
            const e = r.children[c] as HTMLElement
            return { text: e.innerText, cut: e.scrollWidth > e.clientWidth }
          }),
        ),
      )
      // the fixture has sessions of other days: dated times ("Nov 21 09:00") are among them
      expect(times.some((t) => /^[A-Z][a-z]{2} \d{1,2} /.test(t.text))).toBe(true)
      expect(times.filter((t) => t.cut)).toEqual([])
      // and so is each column's heading with its sort arrow ("Last activity ▼", the default
      // sort, read "Last activi…" at 900 px; "Errors ▼" and "Spans ▼" were cut at any width)
      const cutHeads: string[] = []
      for (const key of await p.$$eval('[data-testid^=sort-]', (bs) =>
        bs.map((b) => b.getAttribute('data-testid')!),
      )) {
        const b = p.getByTestId(key)
        if (!/[▲▼]/.test(await b.innerText())) await b.click()
        await p.waitForFunction(
          (k) => /[▲▼]/.test(document.querySelector(`[data-testid=${k}]`)!.textContent!),
          key,
        )
        if (await b.evaluate((e) => e.scrollWidth > e.clientWidth))
          cutHeads.push(await b.innerText())
      }
      expect(cutHeads).toEqual([])
      h.checkPages()
    })
})

describe.skipIf(chromiumMissing !== null)('sessions list cost of tokens with no price', () => {
  const v = useForeignViewer()

  it('a session whose tokens have no price reads "unpriced", whole, not "— +14.5k …"', async () => {
    const file = v.file('moai.db')
    writeMoaiDb(file)
    const db = new Database(file, { readonly: true })
    const { n } = db.prepare('SELECT sum(tokens_used) AS n FROM task_metrics').get() as {
      n: number
    }
    db.close()
    const p = await v.open(file, '#/sessions', { width: 1000 })
    const cost = p.locator(
      `[data-testid=session-row][data-session-id="${MOAI_AGENT_SESSION}"] [data-testid=session-cost]`,
    )
    await cost.waitFor()
    await p.waitForFunction(
      (id) =>
        document.querySelector(
          `[data-testid=session-row][data-session-id="${id}"] [data-testid=session-tokens]`,
        ) !== null,
      MOAI_AGENT_SESSION,
    )
    expect(await cost.innerText()).toBe('unpriced')
    expect(await cost.getAttribute('title')).toBe(`${n.toLocaleString('en-US')} tokens unpriced`)
    expect(await cost.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true)
    expect(await seriousViolations(p)).toEqual([])
    v.checkPages()
  }, 120_000)

  it('the Status filter keeps the rows that show that status, derived ones too (Claude-Flow)', async () => {
    // sessions whose status is NULL get one from the session-status rule; the filter used to
    // match only the file's own words, so they matched no status at all
    const file = v.file('cf-null-status.db')
    writeClaudeFlowDb(file, { sessions: 4, wal: false })
    const db = new Database(file)
    db.exec(`CREATE TABLE s2 AS SELECT * FROM sessions; DROP TABLE sessions;
      ALTER TABLE s2 RENAME TO sessions; UPDATE sessions SET status = NULL;`)
    db.close()
    const p = await v.open(file, '#/sessions', { width: 1000 })
    await p.waitForSelector('[data-testid=session-row]')
    const shown = async () =>
      p.$$eval('[data-testid=session-row]', (rows) =>
        rows.map((r) => [
          r.getAttribute('data-session-id'),
          (r.children[1] as HTMLElement).innerText.trim(),
        ]),
      )
    const all = await shown()
    expect(all).toHaveLength(4)
    for (const status of new Set(all.map(([, st]) => st!))) {
      await p.selectOption('select[aria-label=Status]', status)
      const want = all.filter(([, st]) => st === status).map(([id]) => id)
      // the rows become exactly those that showed this status (a timeout if they never do)
      await p
        .waitForFunction(
          (ids) =>
            [...document.querySelectorAll('[data-testid=session-row]')]
              .map((r) => r.getAttribute('data-session-id'))
              .sort()
              .join(' ') === ids,
          [...want].sort().join(' '),
          { timeout: 5000 },
        )
        .catch(() => undefined)
      expect((await shown()).map(([id]) => id).sort(), status).toEqual([...want].sort())
    }
    v.checkPages()
  }, 120_000)

  it('a SwarmDB session with no spans reads "no spans" in the list and its header, not "completed"', async () => {
    const file = v.file('moai-empty.db')
    writeMoaiDb(file)
    const p = await v.open(file, '#/sessions', { width: 1000 })
    const row = p.locator('[data-testid=session-row][data-session-id="session-1"]')
    await row.waitFor()
    // the status is the row's second cell
    expect(await row.locator('> :nth-child(2)').innerText()).toBe('no spans')
    // the Status option that keeps the row names the word the row shows
    const status = p.locator('select[aria-label=Status]')
    expect(await status.locator('option[value=unknown]').innerText()).toBe('unknown / no spans')
    await status.selectOption({ label: 'unknown / no spans' })
    await expect
      .poll(() =>
        p
          .locator('[data-testid=session-row]')
          .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-session-id'))),
      )
      .toContain('session-1')
    await row.click()
    const head = p.getByTestId('session-status')
    await head.waitFor()
    expect(await head.innerText()).toBe('no spans')
    expect(await p.getByTestId('session-span-count').innerText()).toBe('0 spans')
    // the timeline does not promise spans "yet" of a session that is not running
    expect(await p.locator('[data-testid=empty] h2').innerText()).toBe('No spans in this session')
    expect(await seriousViolations(p)).toEqual([])
    v.checkPages()
  }, 120_000)
})
