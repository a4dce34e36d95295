// Accessibility end to end: axe-core (every rule) on each main screen of the viewer, in the
// light and the dark theme, in real Chromium against `tracescope serve`. Any serious or
// critical violation fails the screen, named by rule, element and axe's summary. The themes
// come from the OS setting (prefers-color-scheme), which the viewer follows by default; the
// chosen dark theme has the same colours (test/renderer/palette.test.ts). Set
// TRACESCOPE_A11Y_SHOTS to a folder to also save a screenshot of each screen and theme.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import { writeClaudeFlowDb } from '../fixtures/seedWriters'
import { COLOUR_RULES, describeFindings, seriousViolations } from './axe'
import { ERROR_SPAN, SWARM } from './viewerFixture'
import { chromiumMissing, useViewerHarness } from './viewerHarness'

interface Screen {
  name: string
  /** the address to open (after the server's URL) */
  hash: string
  /** served from the Claude-Flow file instead of the native store */
  foreign?: boolean
  /** brings the screen up and waits until it shows */
  ready(p: Page): Promise<void>
  /** waits until the screen shows the dark theme (canvases repaint by themselves) */
  dark?(p: Page): Promise<void>
}

const session = (tab: string): string => `#/session/${SWARM}/${tab}`
const shows = (testId: string) => async (p: Page) => {
  await p.waitForSelector(`[data-testid=${testId}]`)
}

const SCREENS: Screen[] = [
  { name: 'sessions list', hash: '', ready: shows('session-row') },
  {
    name: 'sessions list, nothing matches the filter',
    hash: '',
    ready: async (p) => {
      await p.waitForSelector('[data-testid=session-row]')
      await p.fill('[data-testid=sessions-filter]', 'no such session')
      await p.waitForSelector('[data-testid=empty]')
    },
  },
  {
    name: 'full-text search results',
    hash: '',
    ready: async (p) => {
      await p.waitForSelector('[data-testid=session-row]')
      await p.fill('[data-testid=sessions-filter]', 'HTTP 503')
      await p.click('[data-testid=search-all]')
      await p.waitForSelector('[data-testid=search-hit]')
    },
  },
  {
    name: 'timeline',
    hash: session('timeline'),
    ready: async (p) => {
      await p.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows'),
          ) > 0,
      )
    },
  },
  {
    name: 'timeline with the span detail open',
    hash: `${session('timeline')}/span/${ERROR_SPAN}`,
    ready: async (p) => {
      await p.waitForSelector('[data-testid=detail-span-id]')
      // the error's stack and a folded attribute opened too
      await p.locator('[data-testid=span-detail] button', { hasText: 'show stack' }).click()
    },
  },
  {
    name: 'span detail with attributes',
    hash: `${session('tree')}/span/span-root`,
    ready: async (p) => {
      await p.waitForSelector('[data-testid=detail-span-id]')
      await p.locator('[data-testid=span-detail] .toggle', { hasText: 'payload' }).click()
    },
  },
  { name: 'tree', hash: session('tree'), ready: shows('tree-row') },
  {
    name: 'tree with an agent chosen in the legend',
    hash: session('tree'),
    ready: async (p) => {
      await p.click('[data-testid=agent-chip][data-agent-id=researcher]')
      await p.waitForSelector('[data-testid=agents-only]')
    },
  },
  {
    name: 'flame graph',
    hash: session('flame'),
    ready: shows('flame-canvas'),
    // the canvas under the boxes turns the dark page colour when the OS does (it stayed white)
    dark: async (p) => {
      await p.waitForFunction(() => {
        const c = document.querySelector<HTMLCanvasElement>('[data-testid=flame-canvas]')!
        const px = c.getContext('2d')!.getImageData(2, c.height - 2, 1, 1).data
        return px[0] === 21 && px[1] === 24 && px[2] === 28
      })
    },
  },
  { name: 'agent graph', hash: session('graph'), ready: shows('agent-node') },
  {
    name: 'agent graph scrubbed to the start',
    hash: session('graph'),
    ready: async (p) => {
      const scrubber = p.locator('[data-testid=graph-scrubber]')
      await scrubber.fill((await scrubber.getAttribute('min')) ?? '0')
      await p.waitForFunction(
        () => document.querySelectorAll('[data-testid=agent-link]').length === 0,
      )
    },
  },
  { name: 'metrics', hash: session('metrics'), ready: shows('metric-chart') },
  { name: 'session agents', hash: session('agents'), ready: shows('agent-row') },
  { name: 'session memory', hash: session('memory'), ready: shows('memory-row') },
  { name: 'session errors', hash: session('errors'), ready: shows('error-item') },
  { name: 'errors of the file', hash: '#/errors', ready: shows('error-item') },
  { name: 'agents of the file', hash: '#/agents', ready: shows('agent-row') },
  { name: 'tables of a native store (empty state)', hash: '#/tables', ready: shows('empty') },
  {
    name: 'tables of a Claude-Flow file',
    hash: '#/tables/agents',
    foreign: true,
    ready: shows('table-rows'),
  },
  {
    name: 'Claude-Flow session timeline',
    hash: '',
    foreign: true,
    ready: async (p) => {
      await p.waitForSelector('[data-testid=session-row]')
      await p.locator('[data-testid=session-row]').first().click()
      await p.waitForSelector('[data-testid=timeline-canvas]')
    },
  },
  {
    name: 'a session that is not there (error state)',
    hash: '#/session/no-such-run/timeline',
    ready: shows('error-state'),
  },
  {
    name: 'errors with a resolved one',
    hash: '#/errors',
    ready: async (p) => {
      const item = p.locator('[data-testid=error-item][data-error-id=err-2]')
      await item.waitFor()
      if ((await item.locator('[data-testid=resolve]').count()) > 0) {
        await item.locator('[data-testid=resolve-note]').fill('retried')
        await item.locator('[data-testid=resolve]').click()
      }
      await item.locator('[data-testid=resolution]').waitFor()
    },
  },
  {
    name: 'export dialog',
    hash: session('timeline'),
    ready: async (p) => {
      await p.waitForSelector('[data-testid=timeline-canvas]')
      await p.click('[data-testid=open-export]')
      await p.waitForSelector('[data-testid=export-scope] option[value=session]', {
        state: 'attached',
      })
    },
  },
  {
    name: 'settings dialog',
    hash: '',
    ready: async (p) => {
      await p.waitForSelector('[data-testid=session-row]')
      await p.click('[data-testid=settings-button]')
      await p.waitForSelector('[data-testid=settings-theme]')
    },
  },
  {
    name: 'keyboard shortcuts',
    hash: '',
    ready: async (p) => {
      await p.waitForSelector('[data-testid=session-row]')
      await p.keyboard.press('?')
      await p.waitForSelector('[data-testid=help]')
    },
  },
]

describe.skipIf(chromiumMissing !== null)('accessibility (axe-core) in Chromium', () => {
  const h = useViewerHarness()
  let foreign: RunningServer

  beforeAll(async () => {
    const cf = writeClaudeFlowDb(path.join(h.dir, 'claude-flow.db'), {
      sessions: 2,
      spansPerSession: 12,
    })
    foreign = await startServer({ dbPath: cf.path, log: () => undefined })
  }, 60_000)
  afterAll(async () => {
    await foreign?.close()
  })

  for (const screen of SCREENS)
    it(`${screen.name}: no serious or critical violation, light and dark`, async () => {
      const report: string[] = []
      const p = screen.foreign
        ? await h.pageAt(`${foreign.url}${screen.hash}`, { colorScheme: 'light' })
        : await h.page(screen.hash, { colorScheme: 'light' })
      await screen.ready(p)
      for (const theme of ['light', 'dark'] as const) {
        // the same screen with the OS switched to dark: the viewer follows it live
        if (theme === 'dark') {
          await p.emulateMedia({ colorScheme: 'dark' })
          await p.waitForFunction(
            () => getComputedStyle(document.body).backgroundColor === 'rgb(21, 24, 28)',
          )
          await screen.dark?.(p)
        }
        // roles, names and focus do not change with the theme; the colours do
        const findings = await seriousViolations(p, theme === 'dark' ? COLOUR_RULES : undefined)
        if (process.env.TRACESCOPE_A11Y_SHOTS) {
          fs.mkdirSync(process.env.TRACESCOPE_A11Y_SHOTS, { recursive: true })
          const file = `${screen.name.replace(/[^a-z0-9]+/gi, '-')}-${theme}.png`
          await p.screenshot({ path: path.join(process.env.TRACESCOPE_A11Y_SHOTS, file) })
        }
        if (findings.length)
          report.push(`${theme} (${findings.length}):\n${describeFindings(findings)}`)
      }
      await p.context().close()
      expect(report.join('\n'), `axe on "${screen.name}"`).toBe('')
      h.checkPages()
    }, 60_000)
})
