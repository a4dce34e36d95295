// One viewer for the Compare and Statistics end-to-end tests: `tracescope serve` on a store of
// the two compared runs (test/fixtures/comparedRuns.ts), a Chromium, and pages opened at a
// route that must end without console errors. Registers its own beforeAll / afterAll.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { storeWith } from '../exchange/exchangeHelpers'
import { comparedRunsRecords } from '../fixtures/comparedRuns'
import { chromiumMissingReason, launch, openPage, type WatchedPage } from './browser'

export const chromiumMissing = chromiumMissingReason()

export function comparedRunsViewer(name: string): {
  open(hash: string, colorScheme?: 'light' | 'dark'): Promise<Page>
} {
  let dir: string
  let homeBefore: string | undefined
  let server: RunningServer
  let browser: Browser
  const pages: WatchedPage[] = []

  beforeAll(async () => {
    if (chromiumMissing) return
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `tracescope-${name}-e2e-`))
    homeBefore = process.env.TRACESCOPE_HOME
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    const db = path.join(dir, 'runs.db')
    await (await storeWith(db, comparedRunsRecords())).close()
    server = await startServer({ dbPath: db, log: () => undefined })
    browser = await launch()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (homeBefore === undefined) delete process.env.TRACESCOPE_HOME
    else process.env.TRACESCOPE_HOME = homeBefore
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
    for (const w of pages) expect(w.problems, 'console errors on the page').toEqual([])
  })

  return {
    async open(hash, colorScheme = 'light') {
      const w = await openPage(browser, `${server.url}${hash}`, { colorScheme, width: 1400 })
      pages.push(w)
      return w.page
    },
  }
}
