// A file opened before its writer started is followed once the writer's -wal appears; when that
// WAL cannot be read, the source says so (info().notLive) and its change token moves once, so a
// live view asks again and shows the sentence.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import { tempDir } from '../fixtures/seedWriters'
import { canSwitchUser } from '../prerequisites'
import { startChildWriter } from '../fixtures/childWriter'

const { dir, cleanup } = tempDir('ts-followed-')
afterAll(() => cleanup())

/** a cleanly closed store holding run-1, opened as a viewer would before its next writer */
async function openedBeforeItsWriter(file: string) {
  const s = openStore(file, { compressInWorker: false })
  await s.write([{ kind: 'session', id: 'run-1', name: 'Run 1' }])
  await s.close()
  const src = openSource(file, { overlay: false })
  expect(src.mode).toBe('immutable')
  return src
}

describe('followWriter', () => {
  it('reports a file whose writer’s WAL cannot be opened as not live, and moves its token once', async () => {
    const file = path.join(dir, 'swarm.db')
    const src = await openedBeforeItsWriter(file)
    try {
      const t0 = src.queries.changeToken()
      expect(src.queries.info().notLive).toBeUndefined()
      // something that is not a WAL where the writer's -wal would be: every reopen fails
      fs.mkdirSync(`${file}-wal`)
      fs.mkdirSync(`${file}-shm`)
      const tokens: number[] = []
      for (let i = 0; i < 25; i++) tokens.push(src.queries.changeToken())
      const info = src.queries.info()
      expect(info.notLive).toMatch(
        /^Not following this file live: .*Reopen it to see later changes\.$/,
      )
      expect(info.notes[0]).toBe(info.notLive)
      // the token moved exactly once, when following was given up
      expect(new Set(tokens).size).toBe(2)
      expect(tokens[0]).toBe(t0)
      // what was there still reads
      expect(src.queries.getSession('run-1')?.name).toBe('Run 1')
    } finally {
      src.close()
    }
  })
})

describe('followWriter and a writer that comes and goes between two ticks', () => {
  // a short script (or a quick run of an agent) opens the file, writes and closes, which
  // checkpoints and deletes its -wal: no tick ever saw a writer, yet the file changed
  it('sees what it wrote', async () => {
    const file = path.join(dir, 'short-run.db')
    const src = await openedBeforeItsWriter(file)
    try {
      const t0 = src.queries.changeToken()
      const w = await startChildWriter(file, 'native', [
        { records: [{ kind: 'session', id: 'run-2', name: 'Run 2' }] },
      ])
      await w.close()
      expect(fs.existsSync(`${file}-wal`)).toBe(false)
      const t1 = src.queries.changeToken()
      expect(t1).not.toBe(t0)
      expect(src.queries.getSession('run-2')?.name).toBe('Run 2')
      expect(src.queries.getSession('run-1')?.name).toBe('Run 1')
      // nothing changed since: the token stays and the file is not opened again
      expect(src.queries.changeToken()).toBe(t1)
      expect(src.mode).toBe('immutable')
    } finally {
      src.close()
    }
  })
})

describe('followWriter as an unprivileged reader', () => {
  // switching to 'nobody' needs root; elsewhere this case is skipped (and fails in CI)
  it.skipIf(!canSwitchUser())(
    'a file in a folder it may not write: a later writer is followed, or the source says it is not',
    async () => {
      const ro = path.join(dir, 'ro')
      fs.mkdirSync(ro)
      fs.chmodSync(dir, 0o755)
      fs.chmodSync(ro, 0o755)
      const file = path.join(ro, 'swarm.db')
      const first = openStore(file, { compressInWorker: false })
      await first.write([{ kind: 'session', id: 'before', name: 'before' }])
      await first.close()
      fs.chmodSync(file, 0o644)
      const probe = path.join(dir, 'probe.ts')
      fs.writeFileSync(
        probe,
        `import { openSource } from ${JSON.stringify(path.resolve('src/main/sources/openSource.ts'))}
        import readline from 'node:readline'
        const src = openSource(${JSON.stringify(file)}, { overlay: false })
        console.log(JSON.stringify({ mode: src.mode }))
        const lines = readline.createInterface({ input: process.stdin })
        lines.once('line', async () => {
          const end = Date.now() + 8000
          let sees = false
          while (Date.now() < end) {
            src.queries.changeToken()
            sees = src.queries.getSession('late') !== null
            if (sees || src.queries.info().notLive) break
            await new Promise((r) => setTimeout(r, 50))
          }
          console.log(JSON.stringify({ mode: src.mode, sees, notLive: src.queries.info().notLive ?? null }))
          src.close()
          process.exit(0)
        })`,
      )
      const child = spawn(process.execPath, ['--import', 'tsx', probe], {
        uid: 65534,
        gid: 65534,
        env: { ...process.env, HOME: '/tmp' },
        cwd: path.resolve('.'),
        stdio: 'pipe',
      })
      let err = ''
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      const out = readline.createInterface({ input: child.stdout })
      const next = () =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          out.once('line', (l) => resolve(JSON.parse(l) as Record<string, unknown>))
          child.once('exit', (code) => reject(new Error(`probe exited ${code}: ${err}`)))
        })
      expect(await next()).toEqual({ mode: 'immutable' })
      // the writer (root, another owner) starts now: its -wal and -shm are not the reader's
      const writer = openStore(file, { compressInWorker: false })
      try {
        await writer.write([{ kind: 'session', id: 'late', name: 'late' }])
        const result = next()
        child.stdin.write('written\n')
        const r = await result
        console.log(`unprivileged reader of a writer's WAL: ${JSON.stringify(r)}`)
        // never silently stale: it sees the new session, or it says why it cannot
        if (r.sees) expect(r.mode).toBe('reader')
        else expect(r.notLive).toMatch(/^Not following this file live: /)
      } finally {
        await writer.close()
      }
    },
    30_000,
  )
})
