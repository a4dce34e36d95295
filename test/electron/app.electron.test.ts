// The desktop app end to end through Playwright's Electron driver. Runs where the Electron
// binary exists (after a normal `npm install` with internet); here, where it cannot be
// downloaded, it is skipped and says why.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ElectronApplication, Page } from 'playwright-core'
import { findElectron } from '../../src/cli/commands/open'
import { seedNativeStore, tempDir } from '../service/serviceFixtures'
import type { SeededStore } from '../service/serviceFixtures'

const ROOT = path.resolve(__dirname, '../..')
const electron = findElectron()
const available = 'binary' in electron
if (!available) {
  console.log(
    `[skipped] Electron app tests: ${electron.missing}. Browser-mode e2e tests cover the viewer here.`,
  )
}

describe.skipIf(!available)('desktop app (Electron)', () => {
  let app: ElectronApplication
  let page: Page
  let tmp: ReturnType<typeof tempDir>
  let seeded: SeededStore

  beforeAll(async () => {
    tmp = tempDir('tracescope-electron-')
    seeded = await seedNativeStore(path.join(tmp.dir, 'runs.db'))
    if (!fs.existsSync(path.join(ROOT, 'out/main/index.js'))) {
      const { build } = await import('electron-vite')
      await build({ root: ROOT })
    }
    const { _electron } = await import('playwright-core')
    app = await _electron.launch({
      executablePath: (electron as { binary: string }).binary,
      args: [ROOT, seeded.path],
      env: { ...process.env, TRACESCOPE_HOME: path.join(tmp.dir, 'home') } as Record<
        string,
        string
      >,
    })
    page = await app.firstWindow()
    await page.waitForLoadState('domcontentloaded')
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    tmp?.cleanup()
  })

  it('opens a sandboxed, isolated window without Node', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]
      return (
        w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }
      ).getLastWebPreferences()
    })
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    )
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    )
  })

  it('exposes only the narrow bridge, and it answers the contract', async () => {
    const keys = await page.evaluate(() =>
      Object.keys((window as unknown as { tracescope: object }).tracescope).sort(),
    )
    expect(keys).toEqual(['invoke', 'onEvent', 'pathForFile'])
    const info = await page.evaluate(() =>
      (
        window as unknown as { tracescope: { invoke(c: string, i: unknown): Promise<unknown> } }
      ).tracescope.invoke('app.info', {}),
    )
    expect(info).toMatchObject({ ok: true, value: { mode: 'electron' } })
  })

  it('opened the file given on the command line into the window', async () => {
    await expect
      .poll(
        async () => {
          const env = (await page.evaluate(() =>
            (
              window as unknown as {
                tracescope: { invoke(c: string, i: unknown): Promise<unknown> }
              }
            ).tracescope.invoke('sources.list', {}),
          )) as { ok: boolean; value: Array<{ path: string }> }
          return env.value.map((s) => s.path)
        },
        { timeout: 10_000 },
      )
      .toContain(seeded.path)
  })

  it('refuses navigation away from the app', async () => {
    const before = page.url()
    await page.evaluate(() => {
      location.href = 'https://example.com/'
    })
    await page.waitForTimeout(500)
    expect(page.url()).toBe(before)
  })
})
