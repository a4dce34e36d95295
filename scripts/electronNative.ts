// `npm start` / `npm run dev` run this first: it puts an Electron-ABI build of better-sqlite3
// in .native/electron-<version>/better_sqlite3.node, leaving node_modules' Node-ABI build for
// the CLI and tests. Under Electron, src/main/nativeBinding.ts hands that file to every
// `new Database()`. Tries a prebuilt binary (prebuild-install), then a local compile against
// Electron's headers (node-gyp). Both download: offline it stops with a message saying so.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { electronNativeDir } from '../src/main/nativeBinding'

const ROOT = path.resolve(__dirname, '..')
const BIN = path.join(ROOT, 'node_modules/.bin')

function electronVersion(): string {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8'),
  ) as {
    version: string
  }
  return pkg.version
}

function run(cmd: string, args: string[], cwd: string): void {
  const env = { ...process.env }
  // an npmrc `nodedir` points node-gyp at Node's headers, which would build the wrong ABI
  for (const k of Object.keys(env))
    if (/^npm_config_(nodedir|target|runtime|disturl)$/i.test(k)) delete env[k]
  execFileSync(path.join(BIN, cmd), args, { cwd, env, stdio: 'inherit', timeout: 10 * 60_000 })
}

export function buildElectronBinding(opts: { force?: boolean } = {}): string | null {
  const version = electronVersion()
  const outDir = electronNativeDir(ROOT, version)
  const target = path.join(outDir, 'better_sqlite3.node')
  if (!opts.force && fs.existsSync(target)) {
    console.log(
      `better-sqlite3 for Electron ${version}: ${path.relative(ROOT, target)} (already built)`,
    )
    return target
  }
  // work on a copy: node_modules keeps the Node build the CLI and tests load
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-native-'))
  const mod = path.join(work, 'better-sqlite3')
  fs.cpSync(path.join(ROOT, 'node_modules/better-sqlite3'), mod, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`),
  })
  const built = path.join(mod, 'build/Release/better_sqlite3.node')
  const attempts: Array<[string, string[]]> = [
    ['prebuild-install', ['--runtime', 'electron', '--target', version, '--arch', process.arch]],
    [
      'node-gyp',
      [
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${version}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
        `--devdir=${path.join(ROOT, '.native/headers')}`,
      ],
    ],
  ]
  const failures: string[] = []
  try {
    for (const [cmd, args] of attempts) {
      try {
        console.log(`better-sqlite3 for Electron ${version}: trying ${cmd}…`)
        run(cmd, args, mod)
        if (fs.existsSync(built)) break
      } catch (e) {
        failures.push(`${cmd}: ${(e as Error).message.split('\n')[0]}`)
      }
    }
    if (!fs.existsSync(built)) {
      console.error(
        [
          `Could not build better-sqlite3 for Electron ${version} (this needs the internet: a prebuilt`,
          `binary from GitHub or Electron's headers from electronjs.org). The desktop app cannot open`,
          `databases until it is built; everything else (CLI, \`tracescope serve\`, tests) is unaffected.`,
          ...failures.map((f) => `  - ${f}`),
          `Retry online with: npx tsx scripts/electronNative.ts --force`,
        ].join('\n'),
      )
      return null
    }
    fs.mkdirSync(outDir, { recursive: true })
    fs.copyFileSync(built, target)
    console.log(`better-sqlite3 for Electron ${version}: wrote ${path.relative(ROOT, target)}`)
    return target
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const ok = buildElectronBinding({ force: process.argv.includes('--force') })
  // a missing Electron build must not block `npm start` from showing its own, clearer error
  process.exitCode = ok || process.argv.includes('--soft') ? 0 : 1
}
