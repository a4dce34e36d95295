// Shared setup of the viewer's browser tests: a native store fixture served by startServer
// (real HTTP + WebSocket) and one headless Chromium. Every page a test opens must log no
// console error (a CSP violation is one); `checkPages()` asserts it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { chromiumMissingReason, launch, openPage } from './browser'
import { writeViewerFixture } from './viewerFixture'

export const chromiumMissing = chromiumMissingReason()
if (chromiumMissing) console.warn(`[e2e] skipping the viewer's browser tests: ${chromiumMissing}`)

type PageOptions = { colorScheme?: 'light' | 'dark'; width?: number; height?: number }

export interface ViewerHarness {
  dir: string
  nativeDb: string
  server: RunningServer
  browser: Browser
  /** a new page at the server's URL plus `hash` */
  page(hash?: string, opts?: PageOptions): Promise<Page>
  /** a new page at any URL (another server's), watched like the others */
  pageAt(url: string, opts?: PageOptions): Promise<Page>
  /** asserts that the pages opened since the last call logged no console errors */
  checkPages(): void
}

/** Call inside a describe: starts the fixture, server and browser before its tests. */
export function useViewerHarness(): ViewerHarness {
  const pending: Array<{ problems: string[] }> = []
  const h = {
    async page(hash = '', opts: PageOptions = {}): Promise<Page> {
      return h.pageAt(`${h.server.url}${hash}`, opts)
    },
    async pageAt(url: string, opts: PageOptions = {}): Promise<Page> {
      const w = await openPage(h.browser, url, opts)
      pending.push(w)
      return w.page
    },
    checkPages(): void {
      for (const w of pending.splice(0))
        expect(w.problems, 'console errors on the page').toEqual([])
    },
  } as ViewerHarness

  beforeAll(async () => {
    h.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-e2e-'))
    // app data (the resolution overlay of files opened to look at) inside the test's folder
    process.env.TRACESCOPE_HOME = path.join(h.dir, 'home')
    h.nativeDb = await writeViewerFixture(h.dir)
    h.server = await startServer({ dbPath: h.nativeDb, log: () => undefined })
    h.browser = await launch()
  }, 120_000)

  afterAll(async () => {
    await h.browser?.close()
    await h.server?.close()
    if (h.dir) fs.rmSync(h.dir, { recursive: true, force: true })
  })
  return h
}
