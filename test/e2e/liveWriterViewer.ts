// One set-up for the live end-to-end tests: a file another process writes
// (test/fixtures/childWriter.ts), `tracescope serve` (startServer) on it, and a Chromium. Call it
// inside the describe: it registers that describe's beforeAll / afterEach / afterAll. After each
// test the writer is closed and the server stopped; TRACESCOPE_HOME and TRACESCOPE_QUIET_MS get
// back the values they had.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { startChildWriter, type ChildWriter, type WriterStep } from '../fixtures/childWriter'
import { chromiumMissingReason, launch, openPage, type WatchedPage } from './browser'

export const chromiumMissing = chromiumMissingReason()

export const SCROLLER = '[data-testid=timeline-scroller]'

export interface LiveWriterViewer {
  /** a path in this group's temporary folder */
  file(name: string): string
  /** starts the writer in another process; resolves when its first step is committed */
  startWriter(file: string, mode: 'native' | 'sql', steps: WriterStep[]): Promise<ChildWriter>
  /** serves `file` and opens the viewer on it */
  serve(file: string): Promise<WatchedPage & { url: string }>
  /** the quiet time the server reads (TRACESCOPE_QUIET_MS), for this test only */
  quietMs(ms: number): void
}

/** resolves when the timeline scroller's `attr` says `value` */
export async function untilScroller(
  p: Page,
  attr: string,
  value: string,
  timeout?: number,
): Promise<void> {
  await p.waitForFunction(
    ([sel, a, v]) => document.querySelector(sel)?.getAttribute(a) === v,
    [SCROLLER, attr, value] as const,
    timeout === undefined ? undefined : { timeout },
  )
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}

export function liveWriterViewer(name: string): LiveWriterViewer {
  let dir: string
  let homeBefore: string | undefined
  let browser: Browser
  let server: RunningServer | null = null
  let writer: ChildWriter | null = null
  // the quiet time found before this test set one; null when it did not set one
  let quietBefore: { value: string | undefined } | null = null

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `tracescope-${name}-`))
    homeBefore = process.env.TRACESCOPE_HOME
    process.env.TRACESCOPE_HOME = path.join(dir, 'home')
    browser = await launch()
  }, 120_000)

  afterEach(async () => {
    if (quietBefore) restoreEnv('TRACESCOPE_QUIET_MS', quietBefore.value)
    quietBefore = null
    await writer?.close().catch(() => undefined)
    writer = null
    await server?.close()
    server = null
  })

  afterAll(async () => {
    await browser?.close()
    restoreEnv('TRACESCOPE_HOME', homeBefore)
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  return {
    file: (file) => path.join(dir, file),
    async startWriter(file, mode, steps) {
      writer = await startChildWriter(file, mode, steps)
      return writer
    },
    async serve(file) {
      server = await startServer({ dbPath: file, log: () => undefined })
      return { ...(await openPage(browser, server.url)), url: server.url }
    },
    quietMs(ms) {
      quietBefore ??= { value: process.env.TRACESCOPE_QUIET_MS }
      process.env.TRACESCOPE_QUIET_MS = String(ms)
    },
  }
}
