// `tracescope open [file]`: the desktop app, when Electron is installed here; otherwise a
// pointer to `tracescope serve`, which shows the same viewer in a browser.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { CliCommand } from '../command'
import { CliError } from '../command'

const NOT_INSTALLED =
  'the Electron binary is not installed (npm install ran offline or with ELECTRON_SKIP_BINARY_DOWNLOAD=1)'

/** The Electron binary, or the reason there is none. */
export function findElectron(): { binary: string } | { missing: string } {
  try {
    // the electron package's main export is the binary's path; it throws when never downloaded
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const binary = require('electron') as unknown
    if (typeof binary === 'string' && fs.existsSync(binary)) return { binary }
    return { missing: NOT_INSTALLED }
  } catch {
    return { missing: NOT_INSTALLED }
  }
}

const ROOT = path.resolve(__dirname, '../../..')

export const openCommand: CliCommand = {
  name: 'open',
  summary: 'open the desktop app (optionally with a file)',
  usage: 'open [file]',
  options: [],
  async run(ctx) {
    const file = ctx.args[0] ? path.resolve(ctx.args[0]) : null
    if (file && !fs.existsSync(file)) throw new CliError(`${file} does not exist`)
    const electron = findElectron()
    if ('missing' in electron) {
      const alt = file ? `tracescope serve --db ${JSON.stringify(file)}` : 'tracescope serve'
      throw new CliError(
        `The desktop app is not available here: ${electron.missing}. Use \`${alt}\` to open the viewer in a browser.`,
      )
    }
    const main = path.join(ROOT, 'out/main/index.js')
    if (!fs.existsSync(main)) {
      ctx.stderr.write('Building the desktop app (first run)…\n')
      const { build } = await import('electron-vite')
      await build({ root: ROOT })
    }
    const child = spawn(electron.binary, [ROOT, ...(file ? [file] : [])], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
    })
    child.unref()
    ctx.stderr.write(file ? `Opening ${file} in Tracescope…\n` : 'Starting Tracescope…\n')
    return 0
  },
}

export default openCommand
