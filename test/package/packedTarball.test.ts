// The package as a user gets it: `npm pack` (which builds dist/ through `prepare`), installed
// from the tarball into fresh projects made by `npm init -y` and `tsc --init` with its options
// untouched, one ES-module and one CommonJS. The SDK type-checks and runs under plain node, and
// the project's own `tracescope` reads back what it wrote.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../src/lib'

const ROOT = path.resolve(__dirname, '..', '..')
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const run = promisify(execFile)
const { TRACESCOPE_FROM_SOURCE: _fromSource, ...userEnv } = process.env

let work: string
let tarball: string
let packedFiles: string[]

/** What the SDK exports at run time, as the sources declare it. */
const runtimeNames = Object.keys(sdk)
  .filter((k) => k !== 'default')
  .sort()

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-packed-'))
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    env: userEnv,
    maxBuffer: 64 * 1024 * 1024,
  })
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    filename: string
    size: number
    unpackedSize: number
    files: { path: string }[]
  }[]
  tarball = path.join(work, info.filename)
  packedFiles = info.files.map((f) => f.path)
  console.log(
    `[package] ${info.filename}: ${(info.size / 1024).toFixed(0)} KiB packed, ` +
      `${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${packedFiles.length} files`,
  )
}, 600_000)

afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

/** A fresh project: npm init -y, tsc --init, the tarball installed. */
async function project(name: string, type: 'module' | 'commonjs'): Promise<string> {
  const dir = path.join(work, name)
  fs.mkdirSync(dir)
  await run('npm', ['init', '-y'], { cwd: dir, env: userEnv })
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
  pkg.type = type
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2))
  await run(process.execPath, [TSC, '--init'], { cwd: dir, env: userEnv })
  // --ignore-scripts: better-sqlite3's own install would compile it again (about 70 s); the
  // addon this checkout built is the same version, so it is copied in instead
  await run(
    'npm',
    ['install', tarball, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    { cwd: dir, env: userEnv, maxBuffer: 64 * 1024 * 1024 },
  )
  const addon = path.join('node_modules', 'better-sqlite3', 'build', 'Release')
  fs.cpSync(path.join(ROOT, addon), path.join(dir, addon), { recursive: true })
  return dir
}

/** Type-checks and compiles the project with its own untouched tsconfig.json. */
async function compile(dir: string): Promise<void> {
  const res = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir, env: userEnv })
    .then(() => '')
    .catch((err: { stdout?: string }) => err.stdout ?? String(err))
  expect(res).toBe('')
}

async function readBack(dir: string, db: string): Promise<{ id: string; spanCount: number }[]> {
  const { stdout } = await run(
    process.execPath,
    [path.join(dir, 'node_modules', '.bin', 'tracescope'), 'sessions', '--db', db, '--json'],
    { cwd: dir, env: userEnv },
  )
  return JSON.parse(stdout)
}

describe('the npm package', () => {
  it('holds the compiled CLI and SDK with their types, and nothing for development', () => {
    for (const f of [
      'bin/tracescope.cjs',
      'dist/cli/index.js',
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/index.mjs',
      'dist/lib/index.d.mts',
      'dist/main/service/storeWorker.js',
      'out/renderer/index.html',
      'package.json',
      'README.md',
      'LICENSE',
    ]) {
      expect(packedFiles, f).toContain(f)
    }
    const unwanted = packedFiles.filter((f) =>
      /^(src|test|bench|torture|scripts|docs|resources|\.ci)\/|\.test\.|\.ts$/.test(
        f.replace(/\.d\.m?ts$/, '.d'),
      ),
    )
    expect(unwanted).toEqual([])
  })

  it('an ES-module project imports it with top-level await, type-checks, runs, and reads back', async () => {
    const dir = await project('esm-agent', 'module')
    fs.writeFileSync(
      path.join(dir, 'index.ts'),
      `import * as sdk from 'tracescope'
import { openStore, createTracer } from 'tracescope'

const storage = openStore('agent.db')
const sessionId = await storage.createSession('nightly run')
const tracer = createTracer(storage, { sessionId, agentId: 'planner' })
await tracer.withSpan('plan', async () => tracer.startSpan('call tool', { tool: 'search' }).end())
await storage.close()
console.log(JSON.stringify(Object.keys(sdk).filter((k) => k !== 'default').sort()))
`,
    )
    await compile(dir)
    const { stdout } = await run(process.execPath, ['index.js'], { cwd: dir, env: userEnv })
    expect(JSON.parse(stdout)).toEqual(runtimeNames)
    const sessions = await readBack(dir, 'agent.db')
    expect(sessions).toHaveLength(1)
    expect(sessions[0]).toMatchObject({ name: 'nightly run', spanCount: 2 })
  }, 300_000)

  it('a CommonJS project requires it, type-checks, runs, and reads back', async () => {
    const dir = await project('cjs-agent', 'commonjs')
    // tsc --init turns on verbatimModuleSyntax, under which a CommonJS file says
    // `import x = require(…)` (TypeScript refuses ES import syntax there, for any package)
    fs.writeFileSync(
      path.join(dir, 'index.ts'),
      `import tracescope = require('tracescope')

async function main(): Promise<void> {
  const storage = tracescope.openStore('agent.db')
  const sessionId = await storage.createSession('cjs run')
  const tracer = tracescope.createTracer(storage, { sessionId })
  tracer.startSpan('step').end()
  await storage.close()
  console.log(JSON.stringify(Object.keys(tracescope).sort()))
}
void main()
`,
    )
    await compile(dir)
    const { stdout } = await run(process.execPath, ['index.js'], { cwd: dir, env: userEnv })
    expect(JSON.parse(stdout)).toEqual(runtimeNames)
    expect(await readBack(dir, 'agent.db')).toMatchObject([{ name: 'cjs run', spanCount: 1 }])
  }, 300_000)

  it('tracescope --help from the package starts without tsx', async () => {
    const dir = path.join(work, 'esm-agent')
    expect(fs.existsSync(path.join(dir, 'node_modules', 'tsx'))).toBe(false)
    const { stdout } = await run(
      process.execPath,
      [path.join(dir, 'node_modules', '.bin', 'tracescope'), '--help'],
      { cwd: dir, env: userEnv },
    )
    expect(stdout).toMatch(/Usage: tracescope <command>/)
    // start-up figures for CI's log (a figure to read, not a timed assertion): medians of 5
    const bin = path.join(dir, 'node_modules', '.bin', 'tracescope')
    const median = async (args: string[]) => {
      const times: number[] = []
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now()
        await run(process.execPath, [bin, ...args], { cwd: dir, env: userEnv })
        times.push(performance.now() - t0)
      }
      return times.sort((a, b) => a - b)[2].toFixed(0)
    }
    const help = await median(['--help'])
    const sessions = await median(['sessions', '--db', 'agent.db'])
    console.log(
      `[package] CLI start-up (median of 5): --help ${help} ms, sessions ${sessions} ms; ` +
        `load average ${os.loadavg()[0].toFixed(2)}`,
    )
  }, 60_000)
})
