// electron-builder.yml, checked by electron-builder's own loader and schema (packaging itself
// downloads Electron and cannot run here), plus what we rely on: targets per platform,
// better-sqlite3's addon outside the asar, the built bundle inside it, the icon.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')

async function loadConfig() {
  const { getConfig, validateConfiguration } =
    await import('app-builder-lib/out/util/config/config')
  const { DebugLogger } = await import('builder-util')
  const config = await getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null)
  return {
    config,
    validate: (c: typeof config) => validateConfiguration(c, new DebugLogger(false)),
  }
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema, and a broken variant does not", async () => {
    const { config, validate } = await loadConfig()
    await expect(validate(config)).resolves.toBeUndefined()
    await expect(
      validate({ ...config, linux: { target: 'AppImage', flavour: 'x' } } as never),
    ).rejects.toThrow(/configuration\.linux/)
  })

  it('names the app and builds AppImage + deb, dmg, nsis', async () => {
    const { config } = await loadConfig()
    expect(config.appId).toBe('dev.tracescope.app')
    expect(config.productName).toBe('Tracescope')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
  })

  it("unpacks better-sqlite3's addon from the asar and packs the built app", async () => {
    const { config } = await loadConfig()
    const { minimatch } = await import('minimatch')
    const unpack = config.asarUnpack as string[]
    const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'
    expect(unpack.some((p) => minimatch(addon, p))).toBe(true)
    // electron-builder normalizes `files` into filter sets
    const files = (config.files as Array<string | { filter?: string[] }>).flatMap((f) =>
      typeof f === 'string' ? [f] : (f.filter ?? []),
    )
    expect(files).toContain('out/**')
    expect(files).toContain('package.json')
    expect(files).toContain('!src/**')
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      main: string
    }
    expect(pkg.main).toBe('./out/main/index.js')
    expect(config.npmRebuild).toBe(true)
  })

  it("flips the Electron fuses, through electron-builder's own mapping to @electron/fuses", async () => {
    const { config } = await loadConfig()
    const { PlatformPackager } = await import('app-builder-lib')
    const { FuseV1Options } = await import('@electron/fuses')
    const generate = (
      PlatformPackager.prototype as unknown as {
        generateFuseConfig(f: unknown): Promise<Record<number, boolean>>
      }
    ).generateFuseConfig
    const fuses = await generate.call({}, config.electronFuses)
    expect({
      runAsNode: fuses[FuseV1Options.RunAsNode],
      nodeOptions: fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: fuses[FuseV1Options.EnableNodeCliInspectArguments],
      onlyAsar: fuses[FuseV1Options.OnlyLoadAppFromAsar],
      asarIntegrity: fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      cookieEncryption: fuses[FuseV1Options.EnableCookieEncryption],
    }).toEqual({
      runAsNode: false,
      nodeOptions: false,
      inspect: false,
      onlyAsar: true,
      asarIntegrity: true,
      cookieEncryption: true,
    })
  })

  it('has a 512×512 PNG icon in resources', async () => {
    const { config } = await loadConfig()
    const icon = path.join(ROOT, config.icon as string)
    const png = fs.readFileSync(icon)
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(512)
    expect(png.readUInt32BE(20)).toBe(512)
    expect(config.directories?.buildResources).toBe('resources')
  })
})

describe('electron.vite.config.ts', () => {
  it('emits every worker the bundle loads by path beside it', async () => {
    // workerSpawn.ts, mapPool.ts, gzipOffload.ts and otlpImportThread.ts find storeWorker.js /
    // mapWorker.js / gzipWorker.js / otlpImportWorker.js next to their own bundle (workerScript.ts); a missing entry would only
    // show in the packaged app
    const { default: config } = await import('../../electron.vite.config')
    const input = (config as { main: { build: { rollupOptions: { input: object } } } }).main.build
      .rollupOptions.input as Record<string, string>
    const expected = {
      index: 'src/main/index.ts',
      storeWorker: 'src/main/service/storeWorker.ts',
      mapWorker: 'src/main/collector/mapWorker.ts',
      gzipWorker: 'src/main/store/gzipWorker.ts',
      otlpImportWorker: 'src/main/exchange/otlpImportWorker.ts',
    }
    for (const [name, src] of Object.entries(expected)) {
      expect(input[name]).toBe(path.join(ROOT, src))
      expect(fs.existsSync(input[name])).toBe(true)
    }
    for (const [name, loader] of [
      ['storeWorker', 'src/main/service/workerSpawn.ts'],
      ['mapWorker', 'src/main/collector/mapPool.ts'],
      ['gzipWorker', 'src/main/store/gzipOffload.ts'],
      ['otlpImportWorker', 'src/main/exchange/otlpImportThread.ts'],
    ]) {
      expect(fs.readFileSync(path.join(ROOT, loader), 'utf8')).toContain(`'${name}'`)
    }
    // and each loader's name is a built entry: `<name>.js` is what workerScript looks for
    const { workerScript } = await import('../../src/main/workerScript')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-worker-script-'))
    try {
      fs.writeFileSync(path.join(dir, 'gzipWorker.js'), '')
      expect(workerScript(dir, 'gzipWorker')).toEqual({ file: path.join(dir, 'gzipWorker.js') })
      expect(() => workerScript(dir, 'mapWorker')).toThrow(/mapWorker not found/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
