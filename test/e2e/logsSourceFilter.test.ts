// The Logs tab on a session with more lines than it holds (200,000): scrolling up reads the older
// lines in (and back down the newer ones) so every line is reachable; Home / End and the Oldest /
// Newest buttons jump to either end; the agent filter lists every agent of the session, not only
// those of the lines held; its text, agent and level
// filters go to the source (events.list text / agentId / levelTone, filtered in SQL), so a line
// older than the newest 200,000 is found; the count says the source found them. Real Chromium, `tracescope serve`.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { launch, openPage } from './browser'
import { chromiumMissing } from './viewerHarness'

const S = 'run-big-log'
const LINES = 200_500
const T = Date.UTC(2026, 0, 1, 12, 0, 0)
const LIST = '[data-testid=logs-list]'

describe.skipIf(chromiumMissing !== null)('the Logs tab on a session too long to hold', () => {
  let dir: string
  let browser: Browser
  let server: RunningServer

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-biglog-'))
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    const file = path.join(dir, 'big.db')
    const store = openStore(file)
    const batch: TraceRecord[] = [{ kind: 'session', id: S, name: S, status: 'completed' }]
    for (let i = 0; i < LINES; i++) {
      batch.push({
        kind: 'event',
        id: `l${i}`,
        sessionId: S,
        time: T + i,
        name: 'log',
        // the error group, in three spellings: two among the oldest lines, one the newest
        level: i === 0 ? 'error' : i === 1 ? 'CRITICAL' : i === LINES - 1 ? 'fatal' : 'info',
        // the oldest line's agent wrote nothing else: none of the lines held on opening is its
        agentId: i === 0 ? 'archivist' : i % 2 ? 'coder' : 'planner',
        // the two oldest lines fall outside the newest 200,000 the view holds
        message: i < 2 ? `Needle ${i} in the oldest lines` : `line ${i}`,
      })
      if (batch.length >= 20_000) await store.write(batch.splice(0))
    }
    await store.write(batch)
    await store.close()
    server = await startServer({ dbPath: file, log: () => undefined })
    browser = await launch()
  }, 180_000)

  afterAll(async () => {
    await server?.close()
    await browser?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('finds by text and agent lines older than the newest 200,000', async () => {
    const { page: p, problems } = await openPage(browser, `${server.url}#/session/${S}/logs`)
    const count = p.locator('[data-testid=logs-count]')
    await expect
      .poll(() => count.textContent(), { timeout: 120_000 })
      .toBe('200,000 of 200,000 newest lines')
    await p.fill('[data-testid=logs-text]', 'needle')
    await expect
      .poll(() => count.textContent(), { timeout: 30_000 })
      .toBe('2 of 2 lines matching, found by the source')
    expect(await count.getAttribute('data-source-filtered')).toBe('true')
    if (process.env.TRACESCOPE_SHOTS)
      await p.screenshot({
        path: path.join(process.env.TRACESCOPE_SHOTS, 'logs-source-filter.png'),
      })
    expect(await p.locator('[data-testid=logs-line] .log-message').allTextContents()).toEqual([
      'Needle 0 in the oldest lines',
      'Needle 1 in the oldest lines',
    ])
    // and the agent: the source keeps the planner's one
    await p.selectOption('[data-testid=logs-agent]', 'coder')
    await expect
      .poll(() => p.locator('[data-testid=logs-line] .log-message').allTextContents(), {
        timeout: 30_000,
      })
      .toEqual(['Needle 1 in the oldest lines'])
    // clearing the text reads the newest lines again, still narrowed by the source to the agent
    await p.fill('[data-testid=logs-text]', '')
    await expect
      .poll(() => count.textContent(), { timeout: 120_000 })
      .toBe('100,250 of 100,250 lines matching, found by the source')
    expect(problems).toEqual([])
    await p.close()
  }, 300_000)

  it('reaches the oldest line by scrolling up, comes back to the newest, finds every error', async () => {
    const { page: p, problems } = await openPage(browser, `${server.url}#/session/${S}/logs`)
    const count = p.locator('[data-testid=logs-count]')
    await expect
      .poll(() => count.textContent(), { timeout: 120_000 })
      .toBe('200,000 of 200,000 newest lines')
    const messages = () => p.locator('[data-testid=logs-line] .log-message').allTextContents()
    // up: the older lines are read in at the top, the newest dropped; the view holds no more
    await expect
      .poll(
        async () => {
          await p.locator(LIST).evaluate((el) => (el.scrollTop = 0))
          return (await messages())[0]
        },
        { timeout: 60_000 },
      )
      .toBe('Needle 0 in the oldest lines')
    await expect.poll(() => count.textContent()).toBe('195,500 of 195,500 oldest lines')
    // down again: the dropped lines are read back, up to the newest
    await expect
      .poll(
        async () => {
          await p.locator(LIST).evaluate((el) => (el.scrollTop = el.scrollHeight))
          return (await messages()).at(-1)
        },
        { timeout: 60_000 },
      )
      .toBe(`line ${LINES - 1}`)
    await expect.poll(() => count.textContent()).toBe('200,000 of 200,000 newest lines')
    // the level group goes to the source: every error line of the session, any spelling
    await p.selectOption('[data-testid=logs-level]', 'error')
    await expect
      .poll(() => count.textContent(), { timeout: 30_000 })
      .toBe('3 of 3 lines matching, found by the source')
    expect(await messages()).toEqual([
      'Needle 0 in the oldest lines',
      'Needle 1 in the oldest lines',
      `line ${LINES - 1}`,
    ])
    expect(await p.locator('[data-testid=logs-line] .level').allTextContents()).toEqual([
      'error',
      'CRITICAL',
      'fatal',
    ])
    expect(problems).toEqual([])
    await p.close()
  }, 300_000)

  it('jumps to the oldest and newest lines and lists every agent of the session', async () => {
    const { page: p, problems } = await openPage(browser, `${server.url}#/session/${S}/logs`)
    const count = p.locator('[data-testid=logs-count]')
    const messages = () => p.locator('[data-testid=logs-line] .log-message').allTextContents()
    await expect
      .poll(() => count.textContent(), { timeout: 120_000 })
      .toBe('200,000 of 200,000 newest lines')
    // the archivist's one line is not held, and still the filter offers it
    await expect
      .poll(() => p.locator('[data-testid=logs-agent] option').allTextContents())
      .toEqual(['all', 'archivist', 'coder', 'planner'])
    // Home on the list: the session's oldest lines, from its first
    await p.focus(LIST)
    await p.keyboard.press('Home')
    await expect
      .poll(() => count.textContent(), { timeout: 120_000 })
      .toBe('200,000 of 200,000 oldest lines')
    expect((await messages())[0]).toBe('Needle 0 in the oldest lines')
    expect(await p.locator(LIST).evaluate((el) => el.scrollTop)).toBe(0)
    // the Newest button: back to the newest lines, at the bottom
    await p.click('[data-testid=logs-newest]')
    await expect
      .poll(() => count.textContent(), { timeout: 120_000 })
      .toBe('200,000 of 200,000 newest lines')
    await expect.poll(async () => (await messages()).at(-1)).toBe(`line ${LINES - 1}`)
    // the Oldest button, then scrolling down from the oldest reads on to the newest line
    await p.click('[data-testid=logs-oldest]')
    await expect
      .poll(() => count.textContent(), { timeout: 120_000 })
      .toBe('200,000 of 200,000 oldest lines')
    expect((await messages())[0]).toBe('Needle 0 in the oldest lines')
    await expect
      .poll(
        async () => {
          await p.locator(LIST).evaluate((el) => (el.scrollTop = el.scrollHeight))
          return (await messages()).at(-1)
        },
        { timeout: 60_000 },
      )
      .toBe(`line ${LINES - 1}`)
    await expect.poll(() => count.textContent()).toBe('195,500 of 195,500 newest lines')
    // End with the newest line held: no read, the list is at its bottom (from its middle, away
    // from the top, where the older lines would be read in again)
    await p.locator(LIST).evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
    await p.focus(LIST)
    await p.keyboard.press('End')
    await expect
      .poll(() =>
        p.locator(LIST).evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop),
      )
      .toBeLessThan(2)
    expect(await count.textContent()).toBe('195,500 of 195,500 newest lines')
    expect(problems).toEqual([])
    await p.close()
  }, 300_000)

  it('finds by the source in the dark theme too (a screenshot with TRACESCOPE_SHOTS set)', async () => {
    const url = `${server.url}#/session/${S}/logs`
    const { page: p } = await openPage(browser, url, { colorScheme: 'dark' })
    const count = p.locator('[data-testid=logs-count]')
    await expect.poll(() => count.textContent(), { timeout: 120_000 }).toContain('newest')
    await p.fill('[data-testid=logs-text]', 'needle')
    await expect
      .poll(() => count.textContent(), { timeout: 30_000 })
      .toBe('2 of 2 lines matching, found by the source')
    if (process.env.TRACESCOPE_SHOTS)
      await p.screenshot({
        path: path.join(process.env.TRACESCOPE_SHOTS, 'logs-source-filter-dark.png'),
      })
    await p.close()
  }, 300_000)
})
