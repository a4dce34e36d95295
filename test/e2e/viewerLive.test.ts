// The viewer end to end, part 2: errors resolved with a note, export download, live tail
// while another connection writes, and a Claude-Flow database from the seed fixture writers —
// real Chromium against `tracescope serve` (startServer) over real HTTP + WebSocket.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { openSource } from '../../src/main/sources/openSource'
import { ResolutionOverlay } from '../../src/main/sources/resolutionOverlay'
import { fileFingerprint, writeClaudeFlowDb } from '../fixtures/seedWriters'
import { openPage } from './browser'
import { LIVE, liveSpan, SWARM } from './viewerFixture'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

describe.skipIf(chromiumMissing !== null)(
  'viewer in Chromium: errors, export, live tail, seed db',
  () => {
    const h = useViewerHarness()

    it('groups errors, resolves one with a note (stored), and jumps to its span', async () => {
      const before = fileFingerprint(h.nativeDb)
      const p = await h.page('#/errors')
      await p.waitForSelector('[data-testid=error-group]')
      expect(await p.textContent('[data-testid=unresolved-count]')).toBe('3 unresolved')
      expect(await p.locator('[data-testid=error-group]').count()).toBe(2)
      // two FetchErrors differing by a number are one group, first because it has most open
      expect(await p.locator('[data-testid=error-group] header').first().textContent()).toContain(
        'FetchError',
      )
      const item = p.locator('[data-testid=error-item][data-error-id=err-1]')
      await item.locator('[data-testid=resolve-note]').fill('upstream fixed, retried')
      await item.locator('[data-testid=resolve]').click()
      await item.locator('[data-testid=resolution]').waitFor()
      expect(await item.locator('[data-testid=resolution]').textContent()).toContain(
        'upstream fixed, retried',
      )
      expect(await p.textContent('[data-testid=unresolved-count]')).toBe('2 unresolved')
      // the count in the top bar follows (live 'errors' topic)
      await p.waitForFunction(
        () => document.querySelector('[data-testid=nav-unresolved]')?.textContent === '2',
      )

      // stored in Tracescope's overlay, not in the file opened to look at (it is unchanged),
      // and a fresh page says so
      expect(fileFingerprint(h.nativeDb)).toEqual(before)
      const src = openSource(h.nativeDb, {
        overlay: new ResolutionOverlay(path.join(process.env.TRACESCOPE_HOME!, 'overlay.db')),
        noFollow: true,
      })
      const stored = src.queries.listErrors({ sessionId: SWARM, resolved: true }).items
      src.close()
      expect(stored.map((e) => [e.id, e.resolutionNote])).toEqual([
        ['err-1', 'upstream fixed, retried'],
      ])
      await p.reload()
      await p.waitForSelector('[data-testid=error-group]')
      expect(await p.textContent('[data-testid=unresolved-count]')).toBe('2 unresolved')

      await p
        .locator('[data-testid=error-item][data-error-id=err-3] [data-testid=jump-to-span]')
        .click()
      await p.waitForSelector('[data-testid=detail-name]')
      expect(await p.textContent('[data-testid=detail-span-id]')).toBe('span-5-0')
      h.checkPages()
      await p.close()
    })

    it('exports the current session as NDJSON with a download', async () => {
      const p = await h.page(`#/session/${SWARM}/timeline`)
      await p.click('[data-testid=open-export]')
      // opened at once, maybe before the session loaded: the scope becomes "this session" then
      await p.waitForSelector('[data-testid=export-scope] option[value=session]', {
        state: 'attached',
      })
      expect(await p.inputValue('[data-testid=export-scope]')).toBe('session')
      // each filter box shows its whole hint ('ids, comma-separated (optional)' was cut off)
      const cut = await p.$$eval('[data-testid=export-dialog] input[placeholder]', (boxes) =>
        (boxes as HTMLInputElement[])
          .filter((b) => {
            const ctx = document.createElement('canvas').getContext('2d')!
            ctx.font = getComputedStyle(b).font
            const cs = getComputedStyle(b)
            const room = b.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
            return ctx.measureText(b.placeholder).width > room
          })
          .map((b) => b.placeholder),
      )
      expect(cut).toEqual([])
      await p.selectOption('[data-testid=export-format]', 'ndjson')
      const [download] = await Promise.all([
        p.waitForEvent('download'),
        p.click('[data-testid=export-start]'),
      ])
      const file = path.join(h.dir, 'export.ndjson')
      await download.saveAs(file)
      const lines = fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; sessionId?: string })
      const spans = lines.filter((l) => l.kind === 'span')
      expect(spans.length).toBe(32)
      expect(new Set(spans.map((s) => s.sessionId))).toEqual(new Set([SWARM]))
      await p.waitForSelector('[data-testid=export-progress]')
      expect(await p.textContent('[data-testid=export-progress]')).toContain('Done')
      h.checkPages()
      await p.close()
    })

    it('live-tails a session: spans written by another connection appear while the page is open', async () => {
      // a session is live for a minute after its last record: the tests before this one can
      // take that long on a loaded machine, so the run reports activity again first
      const touch = openStore(h.nativeDb)
      // a new span of the run (a span written again with a new start time would be a second one)
      await touch.write(liveSpan(2))
      await touch.close()
      const p = await h.page(`#/session/${LIVE}/timeline`)
      await p.waitForFunction(
        () =>
          document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ===
          '3',
      )
      expect(await p.locator('[data-testid=session-live]').count()).toBe(1)
      const writer = openStore(h.nativeDb)
      const latencies: number[] = []
      try {
        for (let i = 3; i < 12; i++) {
          await writer.write(liveSpan(i))
          const t0 = Date.now()
          await p.waitForFunction(
            (n) =>
              document
                .querySelector('[data-testid=timeline-scroller]')
                ?.getAttribute('data-rows') === String(n),
            i + 1,
            { timeout: 5000 },
          )
          latencies.push(Date.now() - t0)
        }
      } finally {
        await writer.close()
      }
      // the header's count comes with the session's own update, a moment after the rows
      await p.waitForFunction(
        () =>
          document.querySelector('[data-testid=session-span-count]')?.textContent === '12 spans',
      )

      // scrolled away from the bottom, the tail stops following and counts what arrives
      await p.setViewportSize({ width: 1280, height: 340 })
      const scroller = p.locator('[data-testid=timeline-scroller]')
      await p.waitForFunction(() => {
        const el = document.querySelector('[data-testid=timeline-scroller]') as HTMLElement
        return (
          el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight >= el.scrollHeight - 2
        )
      })
      await scroller.evaluate((el) => {
        ;(el as HTMLElement).scrollTop = 0
      })
      const late = openStore(h.nativeDb)
      await late.write([liveSpan(12), liveSpan(13)])
      await late.close()
      await p.waitForSelector('[data-testid=jump-to-live]')
      await p.waitForFunction(() =>
        document.querySelector('[data-testid=jump-to-live]')?.textContent?.includes('2 new'),
      )
      expect(await scroller.evaluate((el) => (el as HTMLElement).scrollTop)).toBe(0)
      await p.click('[data-testid=jump-to-live]')
      await p.waitForSelector('[data-testid=jump-to-live]', { state: 'detached' })
      await p.waitForFunction(() => {
        const el = document.querySelector('[data-testid=timeline-scroller]') as HTMLElement
        return el.scrollTop > 0 && el.scrollTop + el.clientHeight >= el.scrollHeight - 2
      })
      latencies.sort((a, b) => a - b)
      console.log(
        `[e2e] live tail: span visible after median ${latencies[5]} ms, max ${latencies[9]} ms`,
      )
      // and the list shows the new count without a reload, and a new session when one starts
      await p.click('[data-testid=nav-sessions]')
      await p.waitForSelector('[data-testid=session-row]')
      const w2 = openStore(h.nativeDb)
      await w2.write([
        {
          kind: 'session',
          id: 'fresh-run',
          name: 'Fresh run',
          status: 'running',
          startTime: Date.now(),
        },
        { ...liveSpan(0), sessionId: 'fresh-run', spanId: 'fresh-0' } as TraceRecord,
      ])
      await w2.close()
      await p.waitForSelector('[data-session-id="fresh-run"] [data-testid=live-badge]')
      await p.waitForFunction(
        (id) => document.querySelector(`[data-session-id="${id}"]`)?.textContent?.includes('14'),
        LIVE,
      )
      h.checkPages()
      await p.close()
    })

    describe('a foreign seed database (Claude-Flow), read-only', () => {
      let foreign: RunningServer
      let summary: ReturnType<typeof writeClaudeFlowDb>
      beforeAll(async () => {
        summary = writeClaudeFlowDb(path.join(h.dir, 'claude-flow.db'), {
          sessions: 2,
          spansPerSession: 12,
        })
        foreign = await startServer({ dbPath: summary.path, log: () => undefined })
      })
      afterAll(async () => {
        await foreign?.close()
      })

      it('lists its sessions, draws a session timeline and browses its tables', async () => {
        const w = await openPage(h.browser, foreign.url)
        const p = w.page
        await p.waitForSelector('[data-testid=session-row]')
        expect(await p.locator('[data-testid=session-row]').count()).toBe(summary.sessionIds.length)
        expect(await p.textContent('[data-testid=source-name]')).toContain('claude-flow')
        const first = summary.sessionIds[0]
        await p.click(`[data-session-id="${first}"]`)
        const expected = summary.spans.filter((s) => s.sessionId === first).length
        await p.waitForFunction(
          (n) =>
            document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ===
            String(n),
          expected,
        )
        // every table of the file, raw, a page at a time
        await p.click('[data-testid=nav-tables]')
        await p.waitForSelector('[data-testid=table-link]')
        const tables = await p.locator('[data-testid=table-link]').allTextContents()
        expect(tables).toContain('traces')
        await p.click('[data-testid=table-link]:text-is("sessions")')
        await p.waitForSelector('[data-testid=table-rows] tbody tr')
        expect(await p.locator('[data-testid=table-rows] tbody tr').count()).toBe(
          summary.sessionIds.length,
        )
        expect(w.problems).toEqual([])
        await p.close()
      })
    })
  },
)
