// The collector setting at start-up: the desktop app's defaults turn it on (a swarm's OTLP
// exporter works on first launch), plain defaults (serve, tests) leave the port alone, and a
// saved settings.json wins over either. Real store, real HTTP.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, DESKTOP_DEFAULT_SETTINGS } from '../../src/shared/contract/schemas'
import type { Settings } from '../../src/shared/contract/schemas'
import { createAppCore } from '../../src/main/service/appCore'
import type { AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { openStore } from '../../src/main/store/traceStore'
import { tempDir } from './serviceFixtures'
import { freePort } from '../fixtures/freePort'

async function post(port: number): Promise<number | string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [] }),
    })
    return res.status
  } catch (e) {
    return (e as Error & { cause?: { code?: string } }).cause?.code ?? String(e)
  }
}

describe('collector at start-up', () => {
  let tmp: ReturnType<typeof tempDir>
  let core: AppCore | null = null
  let port: number

  beforeEach(async () => {
    tmp = tempDir('tracescope-startup-collector-')
    port = await freePort()
    const store = openStore(path.join(tmp.dir, 'traces.db'))
    await store.close()
  })

  afterEach(async () => {
    await core?.shutdown()
    core = null
    tmp.cleanup()
  })

  async function start(defaults?: Settings): Promise<AppCore> {
    const c = createAppCore({
      service: new InProcessStoreService({ opener: createOpener(), onSlowCall: () => undefined }),
      mode: 'in-process',
      prefsDir: tmp.dir,
      defaultSettings: defaults && { ...defaults, collector: { ...defaults.collector, port } },
    })
    await c.openPinned(path.join(tmp.dir, 'traces.db'), { appStore: true })
    await c.applyStartupSettings()
    return c
  }

  it('the desktop defaults start it with no settings.json', async () => {
    expect(DESKTOP_DEFAULT_SETTINGS.collector).toEqual({ enabled: true, port: 4318, forward: [] })
    core = await start(DESKTOP_DEFAULT_SETTINGS)
    expect(await post(port)).toBe(200)
    expect(fs.existsSync(path.join(tmp.dir, 'settings.json'))).toBe(false)
  })

  it('plain defaults (serve) do not', async () => {
    core = await start(DEFAULT_SETTINGS)
    expect(await post(port)).toBe('ECONNREFUSED')
  })

  it('a saved "off" wins over the desktop defaults', async () => {
    fs.writeFileSync(
      path.join(tmp.dir, 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, collector: { enabled: false, port } }),
    )
    core = await start(DESKTOP_DEFAULT_SETTINGS)
    expect(await post(port)).toBe('ECONNREFUSED')
    expect(core.prefs.getSettings().collector.enabled).toBe(false)
    // a settings.json from before forwarding existed loads, with no endpoints
    expect(core.prefs.getSettings().collector.forward).toEqual([])
  })
})
