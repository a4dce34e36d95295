// Screenshots of the Compare view, light and dark, with the LLM step's detail and prompt diff
// open: `npx tsx test/e2e/captureCompareShots.ts` → docs/screenshots/compare(-dark).png.
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
