// Defects the torture suite found in other areas, each as a test of the behaviour the store and
// the collector promise; each title names the file that had the defect. All are fixed; these
// stay as regression tests. A new finding goes here as a
// failing test (gate it with describe.runIf(process.env.TORTURE_FINDINGS === '1') while open).
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startCollector } from '../../src/main/collector'
import { createLogHandler, openStore as openSdk } from '../../src/lib'
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import { writeBaseFiles } from '../../torture/scenarios/badFiles'
import { queryErrors, writeDamagedCopy } from '../fixtures/damagedStore'
import { tempDirsPerTest } from '../fixtures/tempDirsPerTest'
import { JSON_TYPE, hex, otlpJson, post } from '../../torture/lib/otlpBodies'
import { killAndWait, spawnTs } from '../../torture/lib/proc'
import { crashBatch } from '../../torture/lib/records'
import { createSpaceFault, type SpaceFault } from '../../torture/lib/spaceFault'

const tmp = tempDirsPerTest('torture-findings-')
const faults: SpaceFault[] = []
// registered after the folders' hook, so it runs before it (after-hooks run as a stack): a
// fault set up over a temp folder goes before the folder does
afterEach(() => {
  for (const f of faults.splice(0)) f.cleanup()
})

const spans = (req: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    traceId: hex(req, 32),
    spanId: hex(req, 8) + hex(i + 1, 8),
    name: `op ${i}`,
    startMs: Date.now() - 1000 + i,
    endMs: Date.now() - 999 + i,
    attributes: { pad: 'p'.repeat(500) },
  }))

describe('findings (fixed): disk full', () => {
  it('src/main/collector + src/main/store/writerQueue.ts: a full disk is answered 503 + Retry-After, not 200 partialSuccess', async () => {
    const fault = createSpaceFault()
    faults.push(fault)
    const store = openStore(path.join(fault.dir, 's.db'))
    const collector = await startCollector({ store, port: 0 })
    const uncaught: unknown[] = []
    const onUncaught = (e: unknown) => uncaught.push(e)
    process.on('uncaughtException', onUncaught)
    try {
      fault.fill(store)
      const res = await post(
        `${collector.url}/v1/traces`,
        JSON.stringify(otlpJson('full', spans(1, 200))),
        JSON_TYPE,
      )
      expect(res.status).toBe(503)
      expect(res.headers['retry-after']).toBeDefined()
    } finally {
      fault.free(store)
      await collector.close()
      await store.close()
      process.off('uncaughtException', onUncaught)
    }
  }, 30_000)

  it('src/main/store/searchCatchUp.ts SearchCatchUp.schedule: no exception escapes a store timer when the disk is full', async () => {
    const fault = createSpaceFault()
    faults.push(fault)
    const store = openStore(path.join(fault.dir, 's.db'))
    const uncaught: string[] = []
    const onUncaught = (e: Error) => uncaught.push(e.message)
    process.on('uncaughtException', onUncaught)
    try {
      await store.write(crashBatch(1, 0, 200, Date.now()))
      fault.fill(store)
      // refused one way or the other (a rejected write() is the storage error the caller retries)
      await store.write(crashBatch(1, 1, 200, Date.now())).catch(() => undefined)
      // wait until the store's idle timer has run its indexing step over the first batch: the
      // step either reports the lag (the disk refused the index) or makes those spans
      // searchable; only then can the check below see an exception escaping that timer
      const stepRan = () =>
        store.info().notes.some((n) => n.startsWith('search index behind')) ||
        store.listSpans({ sessionId: 'crash-1', text: 'step' }).items.length === 200
      await expect.poll(() => uncaught.length > 0 || stepRan(), { timeout: 10_000 }).toBe(true)
      expect(uncaught).toEqual([])
    } finally {
      fault.free(store)
      await store.close().catch(() => undefined)
      process.off('uncaughtException', onUncaught)
    }
  }, 30_000)
})

describe('findings (fixed): locks', () => {
  it('src/main/store/writerQueue.ts: a write waits out another process holding the write lock for 4 s', async () => {
    const file = path.join(tmp(), 'lock.db')
    const store = openStore(file)
    await store.write(crashBatch(1, 0, 5, Date.now()))
    const holder = spawnTs('lockHolder.ts', [file, 'write', '4000'])
    try {
      expect(await holder.waitFor((l) => l === 'locked', 20_000)).toBe('locked')
      const w = await store.write(crashBatch(1, 1, 20, Date.now()))
      expect(w.rejected.map((x) => x.reason)).toEqual([])
    } finally {
      await killAndWait(holder, 'SIGKILL')
      await store.close()
    }
  }, 60_000)
})

describe('findings (fixed): the SDK', () => {
  it('src/lib/logHandler.ts close(): lines logged while close() runs are stored or refused, never dropped silently', async () => {
    const file = path.join(tmp(), 'sdk.db')
    const storage = openSdk(file)
    const log = createLogHandler(storage, { sessionId: 's', bufferSize: 50, flushIntervalMs: 1000 })
    for (let i = 0; i < 200; i++) log.info(`before ${i}`)
    const closing = log.close()
    let accepted = 0
    for (let i = 0; i < 100; i++) {
      try {
        log.info(`during ${i}`)
        accepted++
      } catch {
        // refused with an error: fine
      }
    }
    await closing
    await storage.close()
    const db = new Database(file, { readonly: true })
    const stored = db.prepare('SELECT count(*) FROM events').pluck().get() as number
    db.close()
    expect(stored).toBe(200 + accepted)
  })

  it('src/lib: an agent process on SIGTERM keeps every line it handed to the log handler', async () => {
    const file = path.join(tmp(), 'term.db')
    const child = spawnTs('sdkLogger.ts', [file, 'term'])
    await child.waitFor((l) => l === 'ready', 20_000)
    await child.waitFor((l) => l.startsWith('handed ') && Number(l.slice(7)) >= 1000, 20_000)
    await killAndWait(child, 'SIGTERM')
    const handed = Math.max(
      ...child.lines.filter((l) => l.startsWith('handed ')).map((l) => Number(l.slice(7))),
    )
    const db = new Database(file, { readonly: true })
    const stored = db.prepare('SELECT count(*) FROM events').pluck().get() as number
    db.close()
    expect(stored).toBeGreaterThanOrEqual(handed)
  }, 60_000)
})

describe('findings (fixed): opening files', () => {
  it('src/main/sources/openSource.ts: a native store without side files opens without creating -wal/-shm beside it', async () => {
    const dir = tmp()
    const base = await writeBaseFiles(dir)
    const copyDir = path.join(dir, 'copy')
    fs.mkdirSync(copyDir)
    const file = path.join(copyDir, 'native.db')
    fs.copyFileSync(base.native, file)
    const src = openSource(file, { overlay: false })
    src.queries.listSessions({ limit: 10 })
    src.close()
    expect(fs.readdirSync(copyDir)).toEqual(['native.db'])
  }, 30_000)
})

describe('findings (fixed): damaged native store', () => {
  it('src/main/sources/openSource.ts + src/main/store: a damaged native store gives a readable error (SourceOpenError/SourceQueryError/StoreError) naming the file', async () => {
    const dir = tmp()
    const base = await writeBaseFiles(dir)
    // garbage over pages 4..12: the schema (page 1) reads, the tables' own pages are damaged
    const file = path.join(dir, 'damaged-native.db')
    writeDamagedCopy(base.native, file)
    const errors = queryErrors(file)
    expect(errors.length).toBeGreaterThan(0)
    for (const e of errors) {
      expect(['SourceOpenError', 'SourceQueryError', 'StoreError']).toContain(e.name)
      expect(e.message).toContain('damaged-native.db')
    }
  }, 30_000)
})
