// Agents on rows, the legend, lanes and the critical path on a file of each tool Tracescope
// reads (Claude-Flow with and without its events table, ddeutil-workflow, MoAI SwarmDB, flujo,
// the session-keyed trace store), in Chromium against `tracescope serve`. What the fixture
// writer says it wrote is what the rows, the legend and the lanes must show; the critical path
// must cover the session exactly (its shares add up to 100 %).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import {
  writeClaudeFlowDb,
  writeClaudeFlowEventsDb,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
  type FixtureSummary,
} from '../fixtures/seedWriters'
import { chromiumMissingReason, launch, openPage } from './browser'

const missing = chromiumMissingReason()

const FORMATS: Array<[string, (file: string) => FixtureSummary]> = [
  ['Claude-Flow', (f) => writeClaudeFlowDb(f, { sessions: 2 })],
  ['Claude-Flow (events)', (f) => writeClaudeFlowEventsDb(f, { sessions: 2 })],
  ['ddeutil-workflow', (f) => writeDdeutilDb(f, { sessions: 2 })],
  ['MoAI SwarmDB', (f) => writeMoaiDb(f, { sessions: 2 })],
  ['flujo', (f) => writeFlujoDb(f, { sessions: 2 })],
  ['session-keyed trace store', (f) => writeSessionStoreDb(f, { sessions: 2 })],
]

describe.skipIf(missing)('agent views on every supported format, in Chromium', () => {
  let dir: string
  let browser: Browser
  const servers: RunningServer[] = []

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-formats-'))
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    browser = await launch()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    for (const s of servers) await s.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  for (const [format, write] of FORMATS)
    it(`${format}: rows name their agents, the legend and lanes list them, the path covers the run`, async () => {
      const file = path.join(dir, `${format.replace(/\W+/g, '-')}.db`)
      const fixture = write(file)
      // the session with the most spans
      const counts = new Map<string, number>()
      for (const s of fixture.spans) counts.set(s.sessionId, (counts.get(s.sessionId) ?? 0) + 1)
      const [sessionId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]
      const spans = fixture.spans.filter((s) => s.sessionId === sessionId)
      const agents = [...new Set(spans.map((s) => s.agentId).filter((a) => a !== null))]
      const server = await startServer({ dbPath: file, log: () => undefined })
      servers.push(server)
      const { page: p, problems } = await openPage(
        browser,
        `${server.url}#/session/${encodeURIComponent(sessionId)}/tree`,
        // tall enough that the path's list shows every step at once
        { height: 3000 },
      )
      await p.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=tree-row]').length === n,
        spans.length,
      )
      const rowAgents = await p.$$eval('[data-testid=tree-row]', (rows) =>
        rows.map((r) => r.querySelector('.row-agent')?.textContent ?? null),
      )
      expect(rowAgents.sort()).toEqual(spans.map((s) => s.agentId).sort())
      const legend = await p.$$eval('[data-testid=agent-chip]', (cs) =>
        cs.map((c) => (c as HTMLElement).dataset.agentId ?? ''),
      )
      expect([...legend].sort()).toEqual([...agents].sort())

      await p.click('[data-testid=tab-timeline]')
      await p.click('[data-testid=lanes-toggle]')
      await p.waitForSelector('[data-testid=lanes-canvas]')
      const lanes = await p.$$eval('[data-testid=lane]', (ls) =>
        ls.map((l) => (l as HTMLElement).dataset.agentId ?? ''),
      )
      const noAgent = spans.some((s) => s.agentId === null)
      expect(lanes).toEqual([...legend, ...(noAgent ? [''] : [])])

      await p.click('[data-testid=path-toggle]')
      await p.waitForSelector('[data-testid=path-step]')
      const shares = await p.$$eval('[data-testid=path-step] .path-pct', (cs) =>
        cs.map((c) => Number((c.textContent ?? '').replace('%', ''))),
      )
      const steps = Number(
        (await p.textContent('[data-testid=path-list] h2'))
          ?.match(/([\d,]+) step/)?.[1]
          .replace(',', ''),
      )
      // every step is listed; their shares (each rounded to 0.1 %) make 100 %
      expect(steps).toBeGreaterThan(0)
      expect(shares).toHaveLength(steps)
      const sum = shares.reduce((a, b) => a + b, 0)
      expect(Math.abs(sum - 100)).toBeLessThanOrEqual(0.05 * steps + 0.1)
      expect(problems).toEqual([])
      await p.context().close()
    }, 120_000)
})
