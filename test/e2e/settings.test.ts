// The settings dialog end to end: real Chromium against `tracescope serve` with the app's own
// store open (a 40-day-old session and a recent one). Opening it with ",", setting retention,
// theme and the collector saves them to settings.json, deletes the old session, survives a
// reload, and the collector answers at the address shown. Serving a file without the app
// store, the dialog says so and main's typed refusal is shown. Set TRACESCOPE_SHOTS_DIR to
// also save settings.png there.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { TraceRecord } from '../../src/shared/domain'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { openStore } from '../../src/main/store/traceStore'
import { startCollector } from '../../src/main/collector'
import { chromiumMissingReason, launch, openPage, type WatchedPage } from './browser'
import { freePort } from '../fixtures/freePort'

const chromiumMissing = chromiumMissingReason()
const DAY = 86_400_000

async function writeStore(file: string): Promise<void> {
  const store = openStore(file)
  const records: TraceRecord[] = []
  for (const [id, daysAgo] of [
    ['old-run', 40],
    ['recent-run', 1 / 24],
  ] as const) {
    const t = Date.now() - daysAgo * DAY
    records.push(
      { kind: 'session', id, name: id, startTime: t, endTime: t + 2000 },
      {
        kind: 'span',
        sessionId: id,
        spanId: `${id}-1`,
        name: 'plan',
        startTime: t,
        endTime: t + 900,
      },
    )
  }
  store.enqueue(records)
  await store.flush()
  await store.close()
}

describe.skipIf(chromiumMissing !== null)('settings dialog in Chromium', () => {
  let dir: string
  let browser: Browser
  const servers: RunningServer[] = []
  const pages: WatchedPage[] = []

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-e2e-settings-'))
    browser = await launch()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    for (const s of servers) await s.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  async function open(server: RunningServer): Promise<WatchedPage> {
    const w = await openPage(browser, server.url, { width: 1100, height: 720 })
    pages.push(w)
    return w
  }

  const rowIds = (w: WatchedPage) =>
    w.page.$$eval('[data-testid=session-row]', (rows) =>
      rows.map((r) => r.getAttribute('data-session-id')).sort(),
    )

  it('saves retention, theme and collector to the app store and settings.json', async () => {
    const home = path.join(dir, 'home')
    fs.mkdirSync(home)
    const appDb = path.join(home, 'traces.db')
    await writeStore(appDb)
    const server = await startServer({ appStorePath: appDb, prefsDir: home, log: () => undefined })
    servers.push(server)
    const w = await open(server)
    const p = w.page
    await p.waitForSelector('[data-testid=session-row]')
    expect(await rowIds(w)).toEqual(['old-run', 'recent-run'])

    // the help lists the shortcut, and "," opens the dialog
    await p.keyboard.press('?')
    expect(await p.textContent('[data-testid=help]')).toContain('Settings')
    await p.keyboard.press('Escape')
    await p.keyboard.press(',')
    await p.waitForSelector('[data-testid=settings-retention]')
    expect(await p.locator('[data-testid=settings-no-app-store]').count()).toBe(0)
    expect(await p.inputValue('[data-testid=settings-retention]')).toBe('')

    const port = await freePort()
    await p.check('[data-testid=settings-collector]')
    await p.fill('[data-testid=settings-port]', String(port))
    expect(await p.textContent('[data-testid=settings-address]')).toContain(
      `http://127.0.0.1:${port}/v1/traces`,
    )
    await p.fill('[data-testid=settings-retention]', '30')
    await p.selectOption('[data-testid=settings-theme]', 'dark')
    await p.click('[data-testid=settings-save]')
    await p.waitForSelector('[data-testid=settings-saved]')
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    // the list drops the session retention just deleted, without a reload
    await p.waitForSelector('[data-testid=session-row][data-session-id=old-run]', {
      state: 'detached',
    })
    if (process.env.TRACESCOPE_SHOTS_DIR) {
      await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS_DIR, 'settings.png') })
    }

    const onDisk = JSON.parse(fs.readFileSync(path.join(home, 'settings.json'), 'utf8'))
    expect(onDisk).toEqual({
      collector: { enabled: true, port, forward: [] },
      theme: 'dark',
      retentionDays: 30,
    })

    // the collector listens where the dialog said
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [] }),
    })
    expect(res.status).toBe(200)

    // after a reload: the old session is gone, the settings are what was saved
    await p.reload()
    await p.waitForSelector('[data-testid=session-row]')
    expect(await rowIds(w)).toEqual(['recent-run'])
    await p.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    await p.click('[data-testid=settings-button]')
    await p.waitForSelector('[data-testid=settings-retention]')
    expect(await p.inputValue('[data-testid=settings-retention]')).toBe('30')
    expect(await p.inputValue('[data-testid=settings-theme]')).toBe('dark')
    expect(await p.inputValue('[data-testid=settings-port]')).toBe(String(port))

    // emptying retention means keep forever
    await p.fill('[data-testid=settings-retention]', '')
    await p.click('[data-testid=settings-save]')
    await p.waitForSelector('[data-testid=settings-saved]')
    expect(
      JSON.parse(fs.readFileSync(path.join(home, 'settings.json'), 'utf8')).retentionDays,
    ).toBe(null)
    // a bad value is named before anything is sent
    await p.fill('[data-testid=settings-port]', '70000')
    await p.click('[data-testid=settings-save]')
    expect(await p.textContent('[data-testid=settings-error]')).toContain('port')
    await p.keyboard.press('Escape')
    await p.keyboard.press('Escape')
    await p.waitForSelector('[data-testid=settings-dialog]', { state: 'detached' })
    expect(w.problems).toEqual([])
  }, 60_000)

  it('forwards what the collector stores to a team endpoint and shows what it sent', async () => {
    const home = path.join(dir, 'home-forward')
    fs.mkdirSync(home)
    const appDb = path.join(home, 'traces.db')
    await writeStore(appDb)
    // the team's endpoint: another Tracescope collector that wants a token
    const teamStore = openStore(path.join(dir, 'team.db'))
    const team = await startCollector({ store: teamStore, port: 0, token: 'team-token-1' })
    const server = await startServer({ appStorePath: appDb, prefsDir: home, log: () => undefined })
    servers.push(server)
    try {
      const w = await open(server)
      const p = w.page
      await p.waitForSelector('[data-testid=session-row]')
      await p.keyboard.press(',')
      const port = await freePort()
      await p.check('[data-testid=settings-collector]')
      await p.fill('[data-testid=settings-port]', String(port))
      await p.fill('[data-testid=settings-forward]', 'team:4318')
      await p.click('[data-testid=settings-save]')
      expect(await p.textContent('[data-testid=settings-error]')).toContain(
        'only http:// and https://',
      )
      await p.fill('[data-testid=settings-forward]', team.url)
      await p.fill('[data-testid=settings-forward-headers]', 'authorization=Bearer team-token-1')
      await p.click('[data-testid=settings-save]')
      await p.waitForSelector('[data-testid=settings-saved]')
      expect(
        JSON.parse(fs.readFileSync(path.join(home, 'settings.json'), 'utf8')).collector,
      ).toEqual({
        enabled: true,
        port,
        forward: [{ url: team.url, headers: { authorization: 'Bearer team-token-1' } }],
      })

      // a swarm sends to the app: stored here, and the team gets it
      const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          resourceSpans: [
            {
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId: 'f0'.repeat(16),
                      spanId: 'f1'.repeat(8),
                      name: 'forwarded step',
                      startTimeUnixNano: String(Date.now() * 1e6),
                      attributes: [{ key: 'session.id', value: { stringValue: 'team-run' } }],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      })
      expect(res.status).toBe(200)
      await p.waitForFunction(
        () =>
          document.querySelector('[data-testid=forward-status]')?.textContent?.includes('1 sent'),
        undefined,
        { timeout: 15_000 },
      )
      expect(await p.textContent('[data-testid=forward-status]')).toContain('0 waiting')
      await teamStore.flush()
      expect(teamStore.listSpans({ sessionId: 'team-run' }).items.map((s) => s.name)).toEqual([
        'forwarded step',
      ])
      if (process.env.TRACESCOPE_SHOTS_DIR)
        await p.screenshot({
          path: path.join(process.env.TRACESCOPE_SHOTS_DIR, 'settings-forward.png'),
        })
      expect(w.problems).toEqual([])
    } finally {
      await team.close()
      await teamStore.close()
    }
  }, 60_000)

  it('names what of a hand-edited settings.json it could not read, and keeps that file', async () => {
    const home = path.join(dir, 'home-bad-settings')
    fs.mkdirSync(home)
    const appDb = path.join(home, 'traces.db')
    await writeStore(appDb)
    const file = path.join(home, 'settings.json')
    const text = JSON.stringify({ collector: { enabled: false, port: 99999 }, theme: 'dark' })
    fs.writeFileSync(file, text)
    const server = await startServer({ appStorePath: appDb, prefsDir: home, log: () => undefined })
    servers.push(server)
    const w = await open(server)
    const p = w.page
    await p.waitForSelector('[data-testid=session-row]')
    await p.keyboard.press(',')
    const notice = await p.waitForSelector('[data-testid=settings-file-problem]')
    expect(await notice.getAttribute('role')).toBe('alert')
    const said = await notice.textContent()
    expect(said).toContain(file)
    expect(said).toContain('collector.port:')
    // the theme it could read is the one in use
    expect(await p.inputValue('[data-testid=settings-theme]')).toBe('dark')
    await p.selectOption('[data-testid=settings-theme]', 'light')
    await p.click('[data-testid=settings-save]')
    await p.waitForSelector('[data-testid=settings-file-kept]')
    expect(await p.textContent('[data-testid=settings-file-kept]')).toContain(`${file}.invalid`)
    expect(fs.readFileSync(`${file}.invalid`, 'utf8')).toBe(text)
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).theme).toBe('light')
    if (process.env.TRACESCOPE_SHOTS_DIR)
      await p.screenshot({
        path: path.join(process.env.TRACESCOPE_SHOTS_DIR, 'settings-file-kept.png'),
      })
    expect(w.problems).toEqual([])
  }, 60_000)

  it('serving a file without the app store, says so and shows main’s refusal', async () => {
    const file = path.join(dir, 'theirs.db')
    await writeStore(file)
    const server = await startServer({ dbPath: file, log: () => undefined })
    servers.push(server)
    const w = await open(server)
    const p = w.page
    await p.waitForSelector('[data-testid=session-row]')
    await p.click('[data-testid=settings-button]')
    await p.waitForSelector('[data-testid=settings-no-app-store]')
    expect(await p.textContent('[data-testid=settings-no-app-store]')).toContain(
      'not open in this mode',
    )
    await p.fill('[data-testid=settings-retention]', '30')
    await p.click('[data-testid=settings-save]')
    await p.waitForSelector('[data-testid=settings-error]')
    expect(await p.textContent('[data-testid=settings-error]')).toContain("app's own store")
    // the file itself is untouched, and the theme alone still saves
    await p.fill('[data-testid=settings-retention]', '')
    await p.selectOption('[data-testid=settings-theme]', 'light')
    await p.click('[data-testid=settings-save]')
    await p.waitForSelector('[data-testid=settings-saved]')
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe('light')
    await p.keyboard.press('Escape')
    await p.keyboard.press('Escape')
    expect(await rowIds(w)).toEqual(['old-run', 'recent-run'])
    expect(w.problems).toEqual([])
  }, 60_000)
})
