// Browser tests on other tools' files: each test writes a file with a fixture writer, serves it
// with startServer and opens pages on it in one shared headless Chromium. Pages must log no
// console error; `checkPages()` asserts it, as viewerHarness does for the native store.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { launch, openPage } from './browser'

type PageOptions = { colorScheme?: 'light' | 'dark'; width?: number; height?: number }

export interface ForeignViewer {
  dir: string
  /** a file in the test's folder */
  file(name: string): string
  /** serves `dbPath` and opens a page at `hash` on it */
  open(dbPath: string, hash: string, opts?: PageOptions): Promise<Page>
  checkPages(): void
}

/** Call inside a describe: a temp folder and a browser before its tests, servers closed after. */
export function useForeignViewer(): ForeignViewer {
  let browser: Browser
  const servers = new Map<string, RunningServer>()
  const pending: Array<{ problems: string[] }> = []
  const v = {
    file: (name: string) => path.join(v.dir, name),
    async open(dbPath: string, hash: string, opts: PageOptions = {}): Promise<Page> {
      let server = servers.get(dbPath)
      if (!server) {
        server = await startServer({ dbPath, log: () => undefined })
        servers.set(dbPath, server)
      }
      const w = await openPage(browser, `${server.url}${hash}`, opts)
      pending.push(w)
      return w.page
    },
    checkPages(): void {
      for (const w of pending.splice(0))
        expect(w.problems, 'console errors on the page').toEqual([])
    },
  } as ForeignViewer

  beforeAll(async () => {
    v.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-foreign-'))
    process.env.TRACESCOPE_HOME = path.join(v.dir, 'home')
    browser = await launch()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    for (const s of servers.values()) await s.close()
    if (v.dir) fs.rmSync(v.dir, { recursive: true, force: true })
  })
  return v
}
