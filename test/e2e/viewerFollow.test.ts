// The viewer follows a file another PROCESS writes, in the usual order: `tracescope serve` opened
// on a cleanly closed store before the run starts, then the run writes. Real Chromium against
// startServer, a real child process writing through Tracescope's store.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { startChildWriter, type ChildWriter } from '../fixtures/childWriter'
import { fileFingerprint } from '../fixtures/fileHelpers'
import { launch, openPage } from './browser'
import { chromiumMissing } from './viewerHarness'

const step = (id: string, end: number | null): TraceRecord => ({
  kind: 'span',
  sessionId: 'swarm-run',
  spanId: id,
  parentSpanId: null,
  name: `agent.${id}`,
  agentId: 'planner',
  startTime: Date.now() - 200,
  endTime: end,
  status: end === null ? 'unset' : 'ok',
})

describe.skipIf(chromiumMissing !== null)(
  'viewer opened before the run (another process writes)',
  () => {
    let dir: string
    let browser: Browser
    let server: RunningServer | null = null
    let writer: ChildWriter | null = null

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-follow-'))
      process.env.TRACESCOPE_HOME = path.join(dir, 'home')
      browser = await launch()
    }, 120_000)

    afterEach(async () => {
      await writer?.close().catch(() => undefined)
      writer = null
      await server?.close()
      server = null
    })

    afterAll(async () => {
      await browser?.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    it('shows a session the run starts after the viewer opened, live and after a reload; the span completed in place leaves "running"', async () => {
      const file = path.join(dir, 'swarm.db')
      const s = openStore(file, { compressInWorker: false })
      await s.write([{ kind: 'session', id: 'yesterday', name: 'Yesterday', status: 'completed' }])
      await s.close()
      const before = fileFingerprint(file)
      expect(before.sideFiles).toEqual([])

      server = await startServer({ dbPath: file, log: () => undefined })
      const { page: p, problems } = await openPage(browser, server.url)
      await p.waitForSelector('[data-session-id="yesterday"]')
      // looking changed nothing: same bytes, same mtime, no -wal/-shm
      expect(fileFingerprint(file)).toEqual(before)

      // the run starts now, in another process: one span running, then completed in place
      writer = await startChildWriter(file, 'native', [
        {
          records: [
            {
              kind: 'session',
              id: 'swarm-run',
              name: 'Swarm run',
              status: 'running',
              startTime: Date.now() - 500,
            },
            step('plan', null),
            step('search', Date.now()),
          ],
        },
        { records: [step('plan', Date.now())] },
      ])
      const t0 = Date.now()
      await p.waitForSelector('[data-session-id="swarm-run"]', { timeout: 10_000 })
      console.log(`[e2e] follow: new session listed ${Date.now() - t0} ms after the commit`)

      await p.click('[data-session-id="swarm-run"]')
      const scroller = '[data-testid=timeline-scroller]'
      await p.waitForFunction(
        (sel) => {
          const el = document.querySelector(sel)
          return el?.getAttribute('data-rows') === '2' && el.getAttribute('data-open-spans') === '1'
        },
        scroller,
        { timeout: 10_000 },
      )
      if (process.env.TRACESCOPE_SHOTS)
        await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'running.png') })
      await writer.next()
      const t1 = Date.now()
      await p.waitForFunction(
        (sel) => document.querySelector(sel)?.getAttribute('data-open-spans') === '0',
        scroller,
        { timeout: 10_000 },
      )
      console.log(
        `[e2e] follow: span completed in place redrawn ${Date.now() - t1} ms after the commit`,
      )
      if (process.env.TRACESCOPE_SHOTS)
        await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'completed.png') })

      // and a reload shows it too (the old snapshot was never refreshed)
      await p.goto(server.url)
      await p.waitForSelector('[data-session-id="swarm-run"]')
      expect(problems).toEqual([])
      await p.close()
    }, 120_000)
  },
)
