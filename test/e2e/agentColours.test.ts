// Agents on every row, in real Chromium against `tracescope serve`: on a Claude-Flow file and on
// an OTLP run written by the OpenTelemetry SDK, each tree row names its agent, every agent has one
// colour (legend, tree, timeline bars, agent graph), and choosing agents in the legend, the Agents
// tab or the agent graph dims the others' rows (or, with "only these", hides them).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { writeClaudeFlowDb } from '../fixtures/claudeFlowFixture'
import { chromiumMissingReason, launch, openPage } from './browser'
import { SWARM_ROWS, SWARM_SESSION, writeAgentSwarm } from './agentSwarmFixture'

const missing = chromiumMissingReason()
const SHOTS = process.env.TRACESCOPE_SHOTS

interface TreeRow {
  name: string
  agent: string
  colour: string
  dimmed: boolean
}

/** The tree's rows as the page shows them: span name, agent named on the row, its swatch. */
function treeRows(p: Page): Promise<TreeRow[]> {
  return p.$$eval('[data-testid=tree-row]', (rows) =>
    rows.map((r) => {
      const swatch = r.querySelector('.row-agent .swatch')
      return {
        name: r.children[2]?.textContent ?? '',
        agent: r.querySelector('.row-agent')?.textContent ?? '',
        colour: swatch ? getComputedStyle(swatch).backgroundColor : '',
        dimmed: r.classList.contains('dimmed'),
      }
    }),
  )
}

/** agent → the colour of its swatch in the legend */
async function legendColours(p: Page): Promise<Record<string, string>> {
  const pairs = await p.$$eval('[data-testid=agent-chip]', (chips) =>
    chips.map((c) => [
      (c as HTMLElement).dataset.agentId ?? '',
      getComputedStyle(c.querySelector('.swatch')!).backgroundColor,
    ]),
  )
  return Object.fromEntries(pairs)
}

/**
 * For each timeline row on screen, how many bar pixels (right of the label column) are exactly
 * each of the given colours ("rgb(r, g, b)").
 */
function barPixels(p: Page, rows: number, colours: string[]): Promise<number[][]> {
  return p.evaluate(
    ({ rows, colours }) => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid=timeline-canvas]')!
      const ctx = c.getContext('2d')!
      const rgb = colours.map((s) => s.match(/\d+/g)!.map(Number))
      const out: number[][] = []
      for (let r = 0; r < rows; r++) {
        const data = ctx.getImageData(300, r * 22 + 6, c.width - 300, 10).data
        const counts = rgb.map(() => 0)
        for (let k = 0; k < data.length; k += 4)
          rgb.forEach(([R, G, B], j) => {
            if (data[k] === R && data[k + 1] === G && data[k + 2] === B) counts[j]++
          })
        out.push(counts)
      }
      return out
    },
    { rows, colours },
  )
}

const rowsAre = (p: Page, n: number) =>
  p.waitForFunction(
    (want) =>
      document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ===
      String(want),
    n,
  )

/** Waits for the timeline to have drawn (its canvas sized, a frame after the rows arrived). */
async function timelineDrawn(p: Page, rows: number): Promise<void> {
  await rowsAre(p, rows)
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
}

describe.skipIf(missing)('agents on every row, in Chromium', () => {
  let dir: string
  let browser: Browser
  const servers: RunningServer[] = []
  const serve = async (dbPath: string) => {
    const s = await startServer({ dbPath, log: () => undefined })
    servers.push(s)
    return s
  }
  const shot = async (p: Page, name: string) => {
    if (SHOTS) await p.screenshot({ path: path.join(SHOTS, `${name}.png`) })
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-agents-'))
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    browser = await launch()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    for (const s of servers) await s.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('a Claude-Flow run: rows name their agent in its colour; the legend, Agents tab and graph choose agents', async () => {
    const file = path.join(dir, 'claude-flow.db')
    const fixture = writeClaudeFlowDb(file, { sessions: 2 })
    // the oldest run of the file failed: its last step is an error
    const sessionId = fixture.sessionIds[1]
    const spans = fixture.spans.filter((s) => s.sessionId === sessionId)
    const agents = [...new Set(spans.map((s) => s.agentId!))]
    expect(agents).toHaveLength(3)
    const server = await serve(file)
    const { page: p, problems } = await openPage(
      browser,
      `${server.url}#/session/${encodeURIComponent(sessionId)}/tree`,
    )
    await p.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=tree-row]').length === n,
      spans.length,
    )
    const rows = await treeRows(p)
    const named = (list: Array<{ name: string; agent: string }>) =>
      list.map((r) => `${r.name} · ${r.agent}`).sort()
    expect(named(rows)).toEqual(named(spans.map((s) => ({ name: s.name, agent: s.agentId! }))))
    // one colour per agent, the legend's, and three different ones
    const legend = await legendColours(p)
    expect(Object.keys(legend).sort()).toEqual([...agents].sort())
    expect(new Set(Object.values(legend)).size).toBe(3)
    for (const r of rows) expect(r.colour, r.agent).toBe(legend[r.agent])
    expect(rows.every((r) => !r.dimmed)).toBe(true)

    // the timeline draws each row's bar in its agent's colour; the failed step in red instead
    await p.click('[data-testid=tab-timeline]')
    await timelineDrawn(p, spans.length)
    const error = await p.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--error').trim(),
    )
    const errorRgb = `rgb(${[1, 3, 5].map((k) => parseInt(error.slice(k, k + 2), 16)).join(', ')})`
    const palette = [...agents.map((a) => legend[a]), errorRgb]
    const px = await barPixels(p, rows.length, palette)
    rows.forEach((r, i) => {
      const failed = r.name === 'error'
      const own = agents.indexOf(r.agent)
      expect(px[i][palette.length - 1] > 0, `row ${i} ${r.name} red`).toBe(failed)
      expect(px[i][own] > 0, `row ${i} ${r.name} in ${r.agent}'s colour`).toBe(!failed)
      agents.forEach((_, j) => {
        if (j !== own) expect(px[i][j], `row ${i}: no other agent's colour`).toBe(0)
      })
    })
    // hovering a row names its agent too
    const box = (await p.locator('[data-testid=timeline-canvas]').boundingBox())!
    await p.mouse.move(box.x + 100, box.y + 11)
    expect(await p.textContent('.tl-tip')).toContain(rows[0].agent)
    await shot(p, 'agents-claude-flow-timeline')

    // choosing one agent in the legend dims the others' bars (their exact colour is gone)
    const [a, b, c] = agents
    await p.click(`[data-testid=agent-chip][data-agent-id="${b}"]`)
    expect(
      await p.getAttribute(`[data-testid=agent-chip][data-agent-id="${b}"]`, 'aria-pressed'),
    ).toBe('true')
    await p.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    )
    const dimmed = await barPixels(p, rows.length, palette)
    rows.forEach((r, i) => {
      const own = agents.indexOf(r.agent)
      if (r.name !== 'error')
        expect(dimmed[i][own] > 0, `row ${i} of ${r.agent}`).toBe(r.agent === b)
    })
    await shot(p, 'agents-claude-flow-chosen')
    // a second agent joins the choice; "only these" leaves just their rows
    await p.click(`[data-testid=agent-chip][data-agent-id="${c}"]`)
    await p.check('[data-testid=agents-only] input')
    const bc = spans.filter((s) => s.agentId === b || s.agentId === c).length
    await rowsAre(p, bc)
    await p.click('[data-testid=tab-tree]')
    await p.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=tree-row]').length === n,
      bc,
    )
    expect((await treeRows(p)).every((r) => r.agent === b || r.agent === c)).toBe(true)
    // "All agents" lets the choice go: every row back, none dimmed
    await p.click('[data-testid=agents-clear]')
    await p.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=tree-row]').length === n,
      spans.length,
    )
    expect((await treeRows(p)).some((r) => r.dimmed)).toBe(false)

    // the Agents tab chooses the same way, and the legend shows it
    await p.click('[data-testid=tab-agents]')
    await p.click(`[data-testid=agent-toggle][data-agent-id="${a}"]`)
    await p.click('[data-testid=tab-tree]')
    await p.waitForSelector(`[data-testid=agent-chip][data-agent-id="${a}"][aria-pressed=true]`)
    const afterAgentsTab = await treeRows(p)
    for (const r of afterAgentsTab) expect(r.dimmed, r.name).toBe(r.agent !== a)

    // the agent graph: each circle in its agent's colour; clicking one adds it to the choice
    await p.click('[data-testid=tab-graph]')
    await p.waitForSelector('[data-testid=agent-node]')
    const fills = await p.$$eval('[data-testid=agent-node]', (nodes) =>
      nodes.map((n) => [
        (n as HTMLElement).dataset.agentId,
        getComputedStyle(n.querySelector('circle:not(.failed-ring)')!).fill,
      ]),
    )
    for (const [agent, fill] of fills) expect(fill, agent).toBe(legend[agent!])
    await p.click(`[data-testid=agent-node][data-agent-id="${c}"]`)
    await p.click('[data-testid=tab-tree]')
    await p.waitForSelector(`[data-testid=agent-chip][data-agent-id="${c}"][aria-pressed=true]`)
    expect(
      await p.getAttribute(`[data-testid=agent-chip][data-agent-id="${a}"]`, 'aria-pressed'),
    ).toBe('true')
    expect(problems).toEqual([])
  }, 120_000)

  for (const scheme of ['light', 'dark'] as const)
    it(`an OTLP run from the OpenTelemetry SDK, ${scheme}: rows, colours and the legend filter`, async () => {
      const db = await writeAgentSwarm(fs.mkdtempSync(path.join(dir, 'otlp-')))
      const server = await serve(db)
      const { page: p, problems } = await openPage(
        browser,
        `${server.url}#/session/${SWARM_SESSION}/tree`,
        { colorScheme: scheme },
      )
      await p.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=tree-row]').length === n,
        SWARM_ROWS.length,
      )
      const rows = await treeRows(p)
      expect(rows.map((r) => [r.name, r.agent])).toEqual(SWARM_ROWS)
      const legend = await legendColours(p)
      // the colours are the theme's own (the dark set on a dark page)
      const slot0 = await p.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--agent-0').trim(),
      )
      expect(slot0).toBe(scheme === 'dark' ? '#2eade9' : '#076d97')
      expect(legend.orchestrator).toBe(
        'rgb(' + [1, 3, 5].map((k) => parseInt(slot0.slice(k, k + 2), 16)).join(', ') + ')',
      )
      expect(new Set(Object.values(legend)).size).toBe(4)
      for (const r of rows) expect(r.colour).toBe(legend[r.agent])
      // the span detail names the agent in the same colour
      await p.locator('[data-testid=tree-row]', { hasText: 'chat review' }).click()
      const detail = p.locator('[data-testid=detail-agent]')
      expect(await detail.textContent()).toBe('reviewer')
      expect(
        await detail.locator('.swatch').evaluate((e) => getComputedStyle(e).backgroundColor),
      ).toBe(legend.reviewer)

      await p.click('[data-testid=tab-timeline]')
      await timelineDrawn(p, rows.length)
      const agents = Object.keys(legend)
      const px = await barPixels(
        p,
        rows.length,
        agents.map((a) => legend[a]),
      )
      rows.forEach((r, i) => {
        agents.forEach((a, j) =>
          expect(px[i][j] > 0, `row ${i} ${r.name}: ${a}`).toBe(a === r.agent),
        )
      })
      await p.click('[data-testid=agent-chip][data-agent-id=coder]')
      await p.check('[data-testid=agents-only] input')
      await rowsAre(p, 3)
      await shot(p, `agents-otlp-${scheme}`)
      // the export dialog starts with the chosen agents
      await p.click('[data-testid=open-export]')
      expect(await p.getByRole('dialog').getByLabel('Agents', { exact: true }).inputValue()).toBe(
        'coder',
      )
      await p.keyboard.press('Escape')
      expect(problems).toEqual([])
    }, 120_000)
})
