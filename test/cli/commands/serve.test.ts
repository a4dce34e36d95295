// `tracescope serve` and `tracescope open` as the CLI runs them: serve prints a working URL,
// shows the --db files, and stops cleanly on SIGINT (the context's abort signal); open says
// to use serve where there is no Electron.
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/cli/command'
import { CliError } from '../../../src/cli/command'
import { openCommand, findElectron } from '../../../src/cli/commands/open'
import { serveCommand } from '../../../src/cli/commands/serve'
import { seedNativeStore, tempDir } from '../../service/serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let homeBefore: string | undefined

beforeAll(() => {
  tmp = tempDir('tracescope-serve-')
  const renderer = path.join(tmp.dir, 'renderer')
  fs.mkdirSync(renderer)
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Tracescope</title>')
  process.env.TRACESCOPE_RENDERER_DIR = renderer
  homeBefore = process.env.TRACESCOPE_HOME
  process.env.TRACESCOPE_HOME = path.join(tmp.dir, 'home')
})

afterAll(() => {
  delete process.env.TRACESCOPE_RENDERER_DIR
  if (homeBefore === undefined) delete process.env.TRACESCOPE_HOME
  else process.env.TRACESCOPE_HOME = homeBefore
  tmp.cleanup()
})

function context(args: string[], options: CliContext['options'], json = false) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d: Buffer) => (out += d.toString()))
  stderr.on('data', (d: Buffer) => (err += d.toString()))
  const controller = new AbortController()
  const ctx: CliContext = {
    args,
    options,
    json,
    stdout,
    stderr,
    dbPath: () =>
      typeof options.db === 'string' ? options.db : path.join(tmp.dir, 'home', 'traces.db'),
    progress: () => undefined,
    signal: controller.signal,
  }
  return { ctx, abort: () => controller.abort(), out: () => out, err: () => err }
}

describe('tracescope serve', () => {
  it('prints a URL that serves the page and the files given with --db, then stops on SIGINT', async () => {
    const seeded = await seedNativeStore(path.join(tmp.dir, 'runs.db'))
    const c = context([], { db: [seeded.path], port: 0 }, true)
    const running = serveCommand.run(c.ctx)
    await expect.poll(() => c.out(), { timeout: 20_000 }).toContain('listening')
    const ready = JSON.parse(c.out().trim().split('\n')[0]) as { url: string; sources: string[] }
    expect(ready.sources).toEqual([seeded.path])
    const page = await fetch(ready.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>Tracescope</title>')
    c.abort()
    await expect(running).resolves.toBe(0)
    await expect(fetch(ready.url)).rejects.toThrow()
  })

  it('says which file is missing', async () => {
    const c = context([], { db: [path.join(tmp.dir, 'nope.db')] })
    await expect(serveCommand.run(c.ctx)).rejects.toThrow(/nope\.db does not exist/)
  })

  it('rejects a bad port as a usage error', async () => {
    const c = context([], { port: 70000 })
    await expect(serveCommand.run(c.ctx)).rejects.toMatchObject({ exitCode: 2 })
  })
})

describe('tracescope open', () => {
  it.skipIf('binary' in findElectron())('points to serve when there is no Electron', async () => {
    const seeded = path.join(tmp.dir, 'runs.db')
    const c = context([seeded], {})
    const err = await openCommand.run(c.ctx).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CliError)
    expect((err as Error).message).toMatch(/tracescope serve --db ".*runs\.db"/)
  })
})
