// The desktop window's security settings and link/drop/argv handling, from the pure modules
// the Electron code uses (no Electron binary needed).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  isExternalLink,
  mainWindowOptions,
  secureWebPreferences,
} from '../../src/main/electron/windowOptions'
import { filesFromArgv } from '../../src/main/electron/launchArgs'
import { electronNativeDir, nativeBindingPath } from '../../src/main/nativeBinding'
import { tempDir } from '../service/serviceFixtures'

describe('window webPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.js')

  it('isolates and sandboxes the renderer with no Node', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
    })
    expect(prefs.preload).toBe('/app/out/preload/index.js')
  })

  it('the window uses exactly those preferences', () => {
    expect(mainWindowOptions('/p.js').webPreferences).toEqual(secureWebPreferences('/p.js'))
    expect(mainWindowOptions('/p.js').show).toBe(false)
  })

  it('the preload the window loads is the CommonJS bundle', () => {
    expect(path.extname(prefs.preload!)).toBe('.js')
  })
})

describe('links, drops and launch arguments', () => {
  it('only http(s) links leave the app', () => {
    expect(isExternalLink('https://opentelemetry.io/docs')).toBe(true)
    expect(isExternalLink('http://localhost:4318')).toBe(true)
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'data:text/html,x',
      'not a url',
    ]) {
      expect(isExternalLink(url)).toBe(false)
    }
  })

  it('argv files are resolved against the launching folder; flags, folders and scripts skipped', () => {
    const t = tempDir()
    try {
      fs.writeFileSync(path.join(t.dir, 'a.db'), '')
      fs.writeFileSync(path.join(t.dir, 'main.js'), '')
      const argv = ['/usr/bin/tracescope', '--no-sandbox', 'a.db', 'main.js', '.', 'missing.db']
      expect(filesFromArgv(argv, t.dir)).toEqual([path.join(t.dir, 'a.db')])
    } finally {
      t.cleanup()
    }
  })
})

describe('better-sqlite3 binding under Electron', () => {
  it('plain Node uses node_modules (no override)', () => {
    expect(nativeBindingPath({ ...process.versions }, {})).toBeUndefined()
  })

  it('Electron uses the .native copy when the prestart script built one', () => {
    const t = tempDir()
    try {
      const versions = { ...process.versions, electron: '38.8.6' }
      expect(nativeBindingPath(versions, {}, t.dir)).toBeUndefined()
      const dir = electronNativeDir(t.dir, '38.8.6')
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), '')
      expect(nativeBindingPath(versions, {}, t.dir)).toBe(path.join(dir, 'better_sqlite3.node'))
      expect(nativeBindingPath(versions, { TRACESCOPE_NATIVE_BINDING: '/x.node' }, t.dir)).toBe(
        '/x.node',
      )
    } finally {
      t.cleanup()
    }
  })
})

describe('addon redirect', () => {
  it('does nothing under plain Node', async () => {
    const { redirectAddonLoads } = await import('../../src/main/nativeBinding')
    expect(redirectAddonLoads(undefined)).toBe(false)
  })
})

describe.skipIf(process.platform !== 'linux')('addon redirect under a stand-in', () => {
  it('loads better_sqlite3.node from the redirect target', async () => {
    const { execFileSync } = await import('node:child_process')
    const t = tempDir()
    try {
      const root = path.resolve(__dirname, '../..')
      const copy = path.join(t.dir, 'electron-abi', 'better_sqlite3.node')
      fs.mkdirSync(path.dirname(copy))
      fs.copyFileSync(
        path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
        copy,
      )
      const script = path.join(t.dir, 'child.ts')
      fs.writeFileSync(
        script,
        [
          `import { redirectAddonLoads } from ${JSON.stringify(path.join(root, 'src/main/nativeBinding'))}`,
          `import fs from 'node:fs'`,
          `redirectAddonLoads(${JSON.stringify(copy)})`,
          `const Database = require(${JSON.stringify(path.join(root, 'node_modules/better-sqlite3'))})`,
          `new Database(':memory:').prepare('select 1').get()`,
          `process.stdout.write(String(fs.readFileSync('/proc/self/maps', 'utf8').includes(${JSON.stringify(copy)})))`,
        ].join('\n'),
      )
      const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', script], {
        cwd: root,
        encoding: 'utf8',
      })
      expect(out).toBe('true')
    } finally {
      t.cleanup()
    }
  })
})
