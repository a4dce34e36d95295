// Screenshots of the Compare view (the LLM step's detail and prompt diff open) and of the
// Statistics view (a group's slowest spans open), light and dark:
// `npx tsx test/e2e/captureCompareStatsShots.ts` → docs/screenshots/compare(-dark).png, stats(-dark).png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from '../../src/main/server/startServer'
import { ensureRendererBuilt } from '../../src/main/server/rendererBuild'
import { storeWith } from '../exchange/exchangeHelpers'
import { RUN_A, RUN_B, comparedRunsRecords } from '../fixtures/comparedRuns'
import { launch, openPage } from './browser'

const OUT = path.resolve(__dirname, '../../docs/screenshots')

async function main(): Promise<void> {
  await ensureRendererBuilt({ log: (l) => console.log(l) })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-compare-shots-'))
  process.env.TRACESCOPE_HOME = path.join(dir, 'home')
  const db = path.join(dir, 'runs.db')
  await (await storeWith(db, comparedRunsRecords())).close()
  const server = await startServer({ dbPath: db, log: () => undefined })
  const browser = await launch()
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const w = await openPage(browser, `${server.url}#/compare/${RUN_A}/${RUN_B}`, {
        colorScheme: scheme,
        width: 1400,
        height: 720,
      })
      await w.page.waitForSelector('[data-testid=compare-row]')
      await w.page.click('#compare-step-2')
      await w.page.waitForSelector('[data-testid=compare-message-diff]')
      const name = `compare${scheme === 'dark' ? '-dark' : ''}.png`
      await w.page.screenshot({ path: path.join(OUT, name) })
      console.log(`docs/screenshots/${name}`, w.problems)
      const st = await openPage(browser, `${server.url}#/stats/name`, {
        colorScheme: scheme,
        width: 1400,
        height: 420,
      })
      await st.page.selectOption('[data-testid=stats-range]', '0')
      await st.page.click('[data-testid=stats-row]:has-text("tool.search") button')
      await st.page.waitForSelector('[data-testid=stats-slow-span]')
      const statsName = `stats${scheme === 'dark' ? '-dark' : ''}.png`
      await st.page.screenshot({ path: path.join(OUT, statsName) })
      console.log(`docs/screenshots/${statsName}`, st.problems)
    }
  } finally {
    await browser.close()
    await server.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main().catch((e) => {
  console.error(e)
  process.exit(1)
})
