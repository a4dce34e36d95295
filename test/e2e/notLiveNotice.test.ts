// The session header says when the file cannot be followed live: `tracescope serve` opened on a
// cleanly closed file, then a -wal appears that cannot be read (here a folder in its place), so
// no later commit can be seen. Real Chromium, axe on the notice in both themes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { openStore } from '../../src/main/store/traceStore'
import { COLOUR_RULES, describeFindings, seriousViolations } from './axe'
import { launch, openPage } from './browser'
import { chromiumMissing } from './viewerHarness'

describe.skipIf(chromiumMissing !== null)('the "not live" notice in the session header', () => {
  let dir: string
  let browser: Browser
  let server: RunningServer

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-notlive-'))
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    browser = await launch()
  }, 120_000)

  afterAll(async () => {
    await server?.close()
    await browser?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('appears, without a reload, once the writer’s WAL cannot be followed', async () => {
    const file = path.join(dir, 'swarm.db')
    const s = openStore(file, { compressInWorker: false })
    await s.write([
      { kind: 'session', id: 'run-1', name: 'Run 1' },
      {
        kind: 'span',
        sessionId: 'run-1',
        spanId: 'a',
        name: 'plan',
        startTime: Date.now() - 50,
        endTime: Date.now(),
      },
    ])
    await s.close()
    server = await startServer({ dbPath: file, log: () => undefined })
    const { page: p, problems } = await openPage(browser, `${server.url}#/session/run-1/timeline`, {
      colorScheme: 'dark',
    })
    await p.waitForSelector('[data-testid=session-title]')
    expect(await p.locator('[data-testid=session-not-live]').count()).toBe(0)
    fs.mkdirSync(`${file}-wal`)
    fs.mkdirSync(`${file}-shm`)
    const notice = p.locator('[data-testid=session-not-live]')
    await notice.waitFor({ timeout: 15_000 })
    expect(await notice.textContent()).toMatch(
      /Not following this file live: .*Reopen it to see later changes\./,
    )
    expect(await notice.getAttribute('role')).toBe('status')
    // the whole sentence one keyboard press away
    await notice.locator('summary').focus()
    await p.keyboard.press('Enter')
    await notice.locator('p').waitFor()
    if (process.env.TRACESCOPE_SHOTS)
      await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'not-live-dark.png') })
    const dark = await seriousViolations(p)
    expect(dark, describeFindings(dark)).toEqual([])
    await p.emulateMedia({ colorScheme: 'light' })
    if (process.env.TRACESCOPE_SHOTS)
      await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'not-live-light.png') })
    const light = await seriousViolations(p, COLOUR_RULES)
    expect(light, describeFindings(light)).toEqual([])
    expect(problems).toEqual([])
    await p.close()
  }, 60_000)
})
