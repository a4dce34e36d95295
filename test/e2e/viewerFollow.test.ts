// The viewer follows a file another PROCESS writes, in the usual order: `tracescope serve` opened
// on a cleanly closed store before the run starts, then the run writes. Real Chromium against
// startServer, a real child process writing through Tracescope's store.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { fileFingerprint } from '../fixtures/fileHelpers'
import { chromiumMissing, liveWriterViewer, SCROLLER, untilScroller } from './liveWriterViewer'

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
    const live = liveWriterViewer('follow')

    it('shows a session the run starts after the viewer opened, live and after a reload; the span completed in place leaves "running"', async () => {
      const file = live.file('swarm.db')
      const s = openStore(file, { compressInWorker: false })
      await s.write([{ kind: 'session', id: 'yesterday', name: 'Yesterday', status: 'completed' }])
      await s.close()
      const before = fileFingerprint(file)
      expect(before.sideFiles).toEqual([])

      const { page: p, problems, url } = await live.serve(file)
      await p.waitForSelector('[data-session-id="yesterday"]')
      // looking changed nothing: same bytes, same mtime, no -wal/-shm
      expect(fileFingerprint(file)).toEqual(before)

      // the run starts now, in another process: one span running, then completed in place
      const writer = await live.startWriter(file, 'native', [
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
      await p.waitForFunction(
        (sel) => {
          const el = document.querySelector(sel)
          return el?.getAttribute('data-rows') === '2' && el.getAttribute('data-open-spans') === '1'
        },
        SCROLLER,
        { timeout: 10_000 },
      )
      if (process.env.TRACESCOPE_SHOTS)
        await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'running.png') })
      await writer.next()
      const t1 = Date.now()
      await untilScroller(p, 'data-open-spans', '0', 10_000)
      console.log(
        `[e2e] follow: span completed in place redrawn ${Date.now() - t1} ms after the commit`,
      )
      if (process.env.TRACESCOPE_SHOTS)
        await p.screenshot({ path: path.join(process.env.TRACESCOPE_SHOTS, 'completed.png') })

      // and a reload shows it too (the old snapshot was never refreshed)
      await p.goto(url)
      await p.waitForSelector('[data-session-id="swarm-run"]')
      expect(problems).toEqual([])
      await p.close()
    }, 120_000)
  },
)
