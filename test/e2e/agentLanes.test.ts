// Agent lanes in Chromium against `tracescope serve`: the OTLP swarm from the OpenTelemetry SDK
// shows one lane per agent with the busy and waiting time worked out by hand (the orchestrator
// waits while the others work), solid where busy and hollow where waiting; a lane chooses its
// agent; the critical path marks the lanes of the agents it passes through. A Claude-Flow file
// gets a lane per agent too.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { writeClaudeFlowDb } from '../fixtures/claudeFlowFixture'
import { chromiumMissingReason, launch, openPage } from './browser'
import { SWARM_SESSION, SWARM_T0, writeAgentSwarm } from './agentSwarmFixture'
import { describeFindings, seriousViolations } from './axe'

const missing = chromiumMissingReason()
const SHOTS = process.env.TRACESCOPE_SHOTS
const LANE_H = 30

/** The colour at ms `t` of the run, `dy` pixels into lane `lane`, as "r,g,b". */
function pixelAt(p: Page, lane: number, t: number, dy: number): Promise<string> {
  return p.evaluate(
    ({ lane, t, dy, t0, h }) => {
      const box = document.querySelector<HTMLElement>('[data-testid=lanes]')!
      const start = Number(box.dataset.viewStart)
      const end = Number(box.dataset.viewEnd)
      const c = document.querySelector<HTMLCanvasElement>('[data-testid=lanes-canvas]')!
      const x = Math.round(((t0 + t - start) / (end - start)) * c.width)
      const d = c.getContext('2d')!.getImageData(x, lane * h + dy, 1, 1).data
      return `${d[0]},${d[1]},${d[2]}`
    },
    { lane, t, dy, t0: SWARM_T0, h: LANE_H },
  )
}

const cssRgb = (p: Page, name: string): Promise<string> =>
  p.evaluate((name) => {
    const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
    return [1, 3, 5].map((k) => parseInt(v.slice(k, k + 2), 16)).join(',')
  }, name)

const frame = (p: Page) =>
  p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))

describe.skipIf(missing)('agent lanes, in Chromium', () => {
  let dir: string
  let browser: Browser
  const servers: RunningServer[] = []
  const serve = async (dbPath: string) => {
    const s = await startServer({ dbPath, log: () => undefined })
    servers.push(s)
    return s
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-lanes-'))
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    browser = await launch()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    for (const s of servers) await s.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  for (const scheme of ['light', 'dark'] as const)
    it(`an OTLP swarm: busy, waiting and idle per agent, choosing, the path (${scheme})`, async () => {
      const server = await serve(await writeAgentSwarm(fs.mkdtempSync(path.join(dir, 'otlp-'))))
      const { page: p, problems } = await openPage(
        browser,
        `${server.url}#/session/${SWARM_SESSION}/timeline`,
        { colorScheme: scheme },
      )
      await p.waitForSelector('[data-testid=lanes-toggle]')
      await p.click('[data-testid=lanes-toggle]')
      await p.waitForFunction(() => document.querySelectorAll('[data-testid=lane]').length === 4)
      const lanes = await p.$$eval('[data-testid=lane]', (ls) =>
        ls.map((l) => {
          const d = (l as HTMLElement).dataset
          return [d.agentId, Number(d.busyMs), Number(d.waitingMs)]
        }),
      )
      expect(lanes).toEqual([
        ['orchestrator', 1100, 8900],
        ['planner', 2900, 0],
        ['reviewer', 4500, 0],
        ['coder', 5900, 0],
      ])
      await frame(p)
      // the lanes end where the timeline's bars do, with room before the right edge (the last
      // busy stretch used to end on the window's last pixel)
      const room = await p.evaluate(() => {
        const box = document.querySelector('[data-testid=lanes]')!.getBoundingClientRect()
        const c = document.querySelector('[data-testid=lanes-canvas]')!.getBoundingClientRect()
        return box.right - c.right
      })
      expect(room).toBeGreaterThanOrEqual(8)
      const bg = await cssRgb(p, '--bg')
      const orchestrator = await cssRgb(p, '--agent-0')
      // busy: filled; waiting: the outline only; the coder is idle before it starts
      expect(await pixelAt(p, 0, 9500, LANE_H / 2)).toBe(orchestrator)
      expect(await pixelAt(p, 0, 5000, LANE_H / 2)).toBe(bg)
      expect(await pixelAt(p, 0, 5000, 6)).toBe(orchestrator)
      expect(await pixelAt(p, 3, 1000, LANE_H / 2)).toBe(bg)
      expect(await pixelAt(p, 3, 4000, LANE_H / 2)).toBe(await cssRgb(p, '--agent-3'))
      if (SHOTS) await p.screenshot({ path: path.join(SHOTS, `lanes-${scheme}.png`) })
      expect(describeFindings(await seriousViolations(p))).toBe('')

      // the path runs through the reviewer while the coder waits: marks on the reviewer's lane
      await p.click('[data-testid=path-toggle]')
      await p.waitForSelector('[data-testid=path-step]')
      await frame(p)
      const fg = await cssRgb(p, '--fg')
      expect(await pixelAt(p, 2, 4500, LANE_H - 4)).toBe(fg)
      expect(await pixelAt(p, 3, 4500, LANE_H - 4)).not.toBe(fg)
      expect(await pixelAt(p, 3, 7000, LANE_H - 4)).toBe(fg)
      if (SHOTS) await p.screenshot({ path: path.join(SHOTS, `lanes-path-${scheme}.png`) })

      // a lane's name chooses its agent, by keyboard too; the legend shows the same choice
      await p.focus('[data-testid=lane][data-agent-id=coder]')
      await p.keyboard.press('Enter')
      await p.waitForSelector('[data-testid=lane][data-agent-id=coder][aria-pressed=true]')
      await p.waitForSelector('[data-testid=agent-chip][data-agent-id=coder][aria-pressed=true]')
      await frame(p)
      // the others dim: the orchestrator's busy bar is no longer its exact colour
      expect(await pixelAt(p, 0, 9500, LANE_H / 2)).not.toBe(orchestrator)
      // back to spans
      await p.click('[data-testid=lanes-toggle]')
      await p.waitForSelector('[data-testid=timeline-canvas]')
      expect(problems).toEqual([])
    }, 120_000)

  it('a Claude-Flow run: one lane per agent, in legend order', async () => {
    const file = path.join(dir, 'claude-flow.db')
    const fixture = writeClaudeFlowDb(file, { sessions: 2 })
    const sessionId = fixture.sessionIds[1]
    const spans = fixture.spans.filter((s) => s.sessionId === sessionId)
    const server = await serve(file)
    const { page: p, problems } = await openPage(
      browser,
      `${server.url}#/session/${encodeURIComponent(sessionId)}/timeline`,
    )
    await p.waitForSelector('[data-testid=agent-chip]')
    await p.click('[data-testid=lanes-toggle]')
    await p.waitForSelector('[data-testid=lane]')
    const legend = await p.$$eval('[data-testid=agent-chip]', (cs) =>
      cs.map((c) => (c as HTMLElement).dataset.agentId),
    )
    const lanes = await p.$$eval('[data-testid=lane]', (ls) =>
      ls.map((l) => [
        (l as HTMLElement).dataset.agentId,
        Number((l as HTMLElement).dataset.busyMs),
      ]),
    )
    expect(lanes.map((l) => l[0])).toEqual(legend)
    expect(new Set(legend)).toEqual(new Set(spans.map((s) => s.agentId)))
    // the coordinator's lane is busy for its own span's time at least
    const root = spans.find((s) => s.parentSpanId === null)!
    const coordinator = lanes.find((l) => l[0] === root.agentId)!
    expect(Number(coordinator[1])).toBeGreaterThan(0)
    expect(problems).toEqual([])
  }, 120_000)
})
