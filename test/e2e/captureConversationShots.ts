// Screenshots of the Conversation section and of the sessions list's tokens and cost columns,
// light and dark: `npx tsx test/e2e/captureConversationShots.ts` → docs/screenshots/.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from '../../src/main/server/startServer'
import { ensureRendererBuilt } from '../../src/main/server/rendererBuild'
import { launch, openPage } from './browser'
import { GENAI_SESSION, writeGenAiFixture } from './genAiFixture'

const OUT = path.resolve(__dirname, '../../docs/screenshots')

async function main(): Promise<void> {
  await ensureRendererBuilt({ log: (l) => console.log(l) })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-convo-shots-'))
  const fx = await writeGenAiFixture(dir)
  const server = await startServer({ dbPath: fx.db, log: () => undefined })
  const browser = await launch()
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const suffix = scheme === 'dark' ? '-dark' : ''
      const w = await openPage(
        browser,
        `${server.url}#/session/${GENAI_SESSION}/timeline/span/${fx.spans.current}`,
        {
          colorScheme: scheme,
          width: 1400,
          height: 1000,
        },
      )
      await w.page.waitForSelector('[data-testid=conversation]')
      await w.page.locator('[data-testid=conversation]').scrollIntoViewIfNeeded()
      await w.page.screenshot({ path: path.join(OUT, `conversation${suffix}.png`) })
      const s = await openPage(browser, `${server.url}#/sessions`, {
        colorScheme: scheme,
        width: 1400,
        height: 500,
      })
      await s.page.waitForSelector('[data-testid=session-cost]')
      await s.page.screenshot({ path: path.join(OUT, `sessions-cost${suffix}.png`) })
      console.log(`saved ${scheme}`, [...w.problems, ...s.problems])
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
