// The SDK's LogHandler keeps every line handed to it when the process gets SIGTERM/SIGINT,
// without changing how the process reacts to the signal; close() refuses lines logged during it.
import { spawn } from 'node:child_process'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createLogHandler, openStore } from '../../src/lib'
import { tempDirsPerTest } from '../fixtures/tempDirsPerTest'

const ROOT = path.resolve(__dirname, '..', '..')
const tmp = tempDirsPerTest('fix-loghandler-')

const countEvents = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT count(*) FROM events').pluck().get() as number
  } finally {
    db.close()
  }
}

/** Runs the logger child, sends `signal` once it handed >= 1000 lines, returns how it ended. */
async function runAndSignal(file: string, signal: NodeJS.Signals, mode = '') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'fixtures', 'signalLogger.ts'), file, mode],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let err = ''
  let sent = false
  child.stderr.on('data', (c: Buffer) => (err += c.toString()))
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString()
    const m = /handed (\d+)\n$/.exec(out)
    if (!sent && m && Number(m[1]) >= 1000) {
      sent = true
      child.kill(signal)
    }
  })
  const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (c, s) => resolve([c, s])),
  )
  const handed = Math.max(0, ...[...out.matchAll(/handed (\d+)/g)].map((m) => Number(m[1])))
  return { code, sig, handed, out, err }
}

describe('LogHandler on a stop signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    it(`${signal}: every handed line is stored and the process still ends by ${signal}`, async () => {
      const file = path.join(tmp(), 'sig.db')
      const r = await runAndSignal(file, signal)
      expect(r.err).toBe('')
      expect(r.handed).toBeGreaterThanOrEqual(1000)
      // the library re-raised the signal: the process ended the way it would have without it
      expect(r.sig).toBe(signal)
      expect(countEvents(file)).toBeGreaterThanOrEqual(r.handed)
    }, 20_000)

  it('an application with its own SIGTERM listener decides how to exit', async () => {
    const file = path.join(tmp(), 'app.db')
    const r = await runAndSignal(file, 'SIGTERM', 'app-handler')
    expect(r.out).toContain('app saw SIGTERM')
    expect([r.code, r.sig]).toEqual([7, null])
    expect(countEvents(file)).toBeGreaterThanOrEqual(r.handed)
  }, 20_000)
})

describe('LogHandler.close()', () => {
  it('a line logged while close() runs is refused with an error naming the session', async () => {
    const file = path.join(tmp(), 'close.db')
    const storage = openStore(file)
    const log = createLogHandler(storage, { sessionId: 'sess-1', bufferSize: 50 })
    for (let i = 0; i < 120; i++) log.info(`before ${i}`)
    const closing = log.close()
    expect(() => log.info('during')).toThrow(/session sess-1 is closed; line not stored: during/)
    await closing
    await storage.close()
    expect(countEvents(file)).toBe(120)
  })

  it('close() removes its signal listeners (none left once every handler is closed)', async () => {
    const before = process.listenerCount('SIGTERM')
    const beforeInt = process.listenerCount('SIGINT')
    const storage = openStore(path.join(tmp(), 'l.db'))
    const a = createLogHandler(storage, { sessionId: 'a' })
    const b = createLogHandler(storage, { sessionId: 'b' })
    expect(process.listenerCount('SIGTERM')).toBe(before + 1)
    await a.close()
    expect(process.listenerCount('SIGTERM')).toBe(before + 1)
    await b.close()
    expect(process.listenerCount('SIGTERM')).toBe(before)
    expect(process.listenerCount('SIGINT')).toBe(beforeInt)
    await storage.close()
  })
})
