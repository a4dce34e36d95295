// Screenshots of each view for docs/ and the README: `npx tsx test/e2e/captureScreenshots.ts`
// (headless Chromium against startServer on the e2e fixtures) → docs/screenshots/*.png.
// SCREENSHOTS_ONLY=name,name retakes only those.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { startServer } from '../../src/main/server/startServer'
import { ensureRendererBuilt } from '../../src/main/server/rendererBuild'
import { writeClaudeFlowDb } from '../fixtures/seedWriters'
import { addDdeutilLogRun, writeDdeutilDb } from '../fixtures/ddeutilFixture'
import { chromiumMissingReason, launch, openPage } from './browser'
import { ERROR_SPAN, SWARM, T0, writeViewerFixture } from './viewerFixture'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { bigSession } from '../../bench/bigSession'
import { SWARM_SESSION, writeAgentSwarm } from './agentSwarmFixture'
import { GENAI_SESSION, writeGenAiFixture } from './genAiFixture'

const OUT = path.resolve(__dirname, '../../docs/screenshots')

async function main(): Promise<void> {
  const missing = chromiumMissingReason()
  if (missing) throw new Error(missing)
  fs.mkdirSync(OUT, { recursive: true })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-shots-'))
  const db = await writeViewerFixture(dir)
  // a 50,000-span session in the same file, for the scale screenshot
  const store = openStore(db)
  let batch: TraceRecord[] = []
  for (const r of bigSession('big-swarm', 50_000)) {
    batch.push(r)
    if (batch.length === 5000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
  // per-request token counts, drawn as bars beside the fixture's series
  await store.write(
    Array.from({ length: 12 }, (_, i) => ({
      kind: 'metric' as const,
      sessionId: SWARM,
      agentId: null,
      time: T0 + 2500 + i * 4800,
      name: 'gen_ai.usage.input_tokens',
      value: 300 + ((i * 137) % 400),
      attributes: { spans: 1 },
    })),
  )
  await store.close()
  const cf = writeClaudeFlowDb(path.join(dir, 'claude-flow.db'), {
    sessions: 3,
    spansPerSession: 16,
  })
  // a private build: another process rebuilding out/renderer mid-run would blank the pages
  const rendererDir = await ensureRendererBuilt({
    outDir: path.join(dir, 'renderer'),
    force: true,
    log: () => undefined,
  })
  const server = await startServer({ dbPath: db, rendererDir, log: () => undefined })
  const foreign = await startServer({ dbPath: cf.path, rendererDir, log: () => undefined })
  const ddeutilDb = path.join(dir, 'ddeutil.db')
  writeDdeutilDb(ddeutilDb, { sessions: 1 })
  addDdeutilLogRun(ddeutilDb, { runId: 'run-42', lines: 25, failedLine: 17, baseTime: T0 })
  const ddeutil = await startServer({ dbPath: ddeutilDb, rendererDir, log: () => undefined })
  // an OTLP swarm whose coder waits on a review through a span link: lanes and the critical path
  const swarmDir = fs.mkdtempSync(path.join(dir, 'swarm-'))
  const swarm = await startServer({
    dbPath: await writeAgentSwarm(swarmDir),
    rendererDir,
    log: () => undefined,
  })
  // LLM calls sent by the official OpenTelemetry JS SDK, for the conversation and cost shots
  const genAi = await writeGenAiFixture(fs.mkdtempSync(path.join(dir, 'genai-')))
  const genAiServer = await startServer({ dbPath: genAi.db, rendererDir, log: () => undefined })
  const only = process.env.SCREENSHOTS_ONLY?.split(',')
  const browser = await launch()
  const shot = async (
    name: string,
    url: string,
    prepare?: (p: Page) => Promise<void>,
    dark = false,
  ): Promise<void> => {
    if (only && !only.includes(name)) return
    const { page, problems } = await openPage(browser, url, {
      width: 1280,
      height: 760,
      colorScheme: dark ? 'dark' : 'light',
    })
    await page.waitForLoadState('networkidle')
    await page.waitForTimeout(400)
    if (prepare) await prepare(page)
    await page.waitForTimeout(300)
    await page.screenshot({ path: path.join(OUT, `${name}.png`) })
    if (problems.length) console.warn(`${name}: ${problems.join('; ')}`)
    console.log(`docs/screenshots/${name}.png`)
    await page.close()
  }
  try {
    const u = server.url
    await shot('sessions', u)
    await shot('sessions-dark', u, undefined, true)
    await shot('timeline', `${u}#/session/${SWARM}/timeline`)
    await shot(
      'timeline-dark',
      `${u}#/session/${SWARM}/timeline/span/${ERROR_SPAN}`,
      undefined,
      true,
    )
    await shot('span-detail', `${u}#/session/${SWARM}/timeline/span/span-root`, async (p) => {
      await p.click('text=payload')
    })
    await shot('search-and-zoom', `${u}#/session/${SWARM}/timeline`, async (p) => {
      await p.keyboard.press('/')
      await p.keyboard.type('llm')
      await p.keyboard.press('Enter')
      await p.keyboard.press('Escape')
      await p.keyboard.press('+')
    })
    await shot('timeline-50k-spans', `${u}#/session/big-swarm/timeline`, async (p) => {
      await p.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows'),
          ) >= 50_000,
        undefined,
        { timeout: 60_000 },
      )
      await p.keyboard.press('/')
      await p.keyboard.type('task 4')
      for (let i = 0; i < 3; i++) await p.keyboard.press('Enter')
      await p.keyboard.press('Escape')
      for (let i = 0; i < 7; i++) await p.keyboard.press('+')
    })
    await shot('timeline-collapsed', `${u}#/session/big-swarm/timeline`, async (p) => {
      await p.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows'),
          ) >= 50_000,
        undefined,
        { timeout: 60_000 },
      )
      await p.click('text=Collapse all')
    })
    await shot('tree', `${u}#/session/${SWARM}/tree`)
    await shot('critical-path', `${swarm.url}#/session/${SWARM_SESSION}/timeline`, async (p) => {
      await p.click('[data-testid=path-toggle]')
      await p.waitForSelector('[data-testid=path-step]')
    })
    await shot('agent-lanes', `${swarm.url}#/session/${SWARM_SESSION}/timeline`, async (p) => {
      await p.click('[data-testid=lanes-toggle]')
      await p.click('[data-testid=path-toggle]')
      await p.waitForSelector('[data-testid=path-step]')
    })
    await shot(
      'agent-lanes-dark',
      `${swarm.url}#/session/${SWARM_SESSION}/timeline`,
      async (p) => {
        await p.click('[data-testid=lanes-toggle]')
        await p.click('[data-testid=agent-chip][data-agent-id=coder]')
        await p.waitForSelector('[data-testid=lane][aria-pressed=true]')
      },
      true,
    )
    await shot('agent-graph', `${u}#/session/${SWARM}/graph`, async (p) => {
      await p.click('[data-testid=agent-node][data-agent-id=researcher]')
      await p.waitForSelector('[data-testid=agent-detail-name]')
    })
    await shot('search-hits', u, async (p) => {
      await p.fill('[data-testid=sessions-filter]', 'HTTP 503')
      await p.press('[data-testid=sessions-filter]', 'Enter')
      await p.waitForSelector('[data-testid=search-hit]')
    })
    await shot('find-in-session', `${u}#/session/${SWARM}/timeline`, async (p) => {
      await p.fill('[data-testid=span-search]', 'vector')
      await p.waitForFunction(
        () => document.querySelector('[data-testid=search-count]')?.textContent === '1 match',
      )
      await p.press('[data-testid=span-search]', 'Enter')
      await p.waitForSelector('[data-testid=detail-matched]')
    })
    await shot(
      'log-lines',
      `${ddeutil.url}#/session/run-42/timeline/span/${encodeURIComponent('run:run-42')}`,
      async (p) => {
        await p.click('[data-testid=go-to-line]')
      },
    )
    await shot('flame-graph', `${u}#/session/${SWARM}/flame`)
    await shot('metrics', `${u}#/session/${SWARM}/metrics`)
    await shot('agents', `${u}#/session/${SWARM}/agents`)
    await shot('memory', `${u}#/session/${SWARM}/memory`)
    await shot('errors', `${u}#/errors`)
    await shot('export', `${u}#/session/${SWARM}/timeline`, async (p) => {
      await p.click('[data-testid=open-export]')
      await p.selectOption('[data-testid=export-status]', 'error')
      await p.waitForSelector('[data-testid=export-file-name]')
    })
    await shot('shortcuts', u, async (p) => {
      await p.waitForSelector('[data-testid=session-row]')
      await p.keyboard.press('?')
    })
    await shot('tables', `${foreign.url}#/tables/traces`)
    await shot(
      'foreign-claude-flow',
      `${foreign.url}#/session/${encodeURIComponent(cf.sessionIds[0])}/timeline`,
    )
    await shot('sessions-cost', `${genAiServer.url}#/sessions`)
    await shot('conversation-tab', `${genAiServer.url}#/session/${GENAI_SESSION}/conversation`)
  } finally {
    await browser.close()
    await genAiServer.close()
    await server.close()
    await foreign.close()
    await ddeutil.close()
    await swarm.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
