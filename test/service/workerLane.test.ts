// A query stuck inside SQLite can be stopped. A recursive CTE that never ends runs in a store
// worker on a real file; the watchdog kills that worker process (a thread could not be
// stopped until SQLite returned, and every later call and close waited with it), later calls
// are answered by a fresh worker, and closing a source whose worker is stuck returns within a
// bound, leaving no worker process behind.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorkerStoreService } from '../../src/main/service/workerService'
import { writeDdeutilDb } from '../fixtures/seedWriters'
import { openStore } from '../../src/main/store/traceStore'
import { seedNativeStore, spanRecords, tempDir } from './serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let foreign: string
let native: string

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

beforeAll(async () => {
  tmp = tempDir('tracescope-lane-')
  foreign = path.join(tmp.dir, 'ddeutil.db')
  writeDdeutilDb(foreign)
  native = (await seedNativeStore(path.join(tmp.dir, 'native.db'))).path
})

afterAll(() => tmp.cleanup())

describe('WorkerLane', () => {
  it('kills a worker stuck inside SQLite; later calls are answered by a fresh one', async () => {
    const restarts: string[] = []
    const service = new WorkerStoreService({
      callTimeoutMs: 1500,
      allowDebugOps: true,
      onSlowCall: () => undefined,
      onRestart: (id, why) => restarts.push(`${id}: ${why}`),
    })
    try {
      await service.open({ sourceId: 'foreign', path: foreign })
      const [stuckPid] = service.workerPids('foreign')
      const t0 = Date.now()
      await expect(service.debugSqlStall('foreign')).rejects.toMatchObject({
        code: 'timeout',
        message: expect.stringMatching(/ddeutil\.db took longer than 1\.5 s \(sqlStall\)/),
      })
      expect(Date.now() - t0).toBeLessThan(5000)
      // the process that was inside SQLite is gone, not waiting for its query to end
      await expect.poll(() => running(stuckPid), { timeout: 10_000 }).toBe(false)
      const page = await service.query('foreign', 'listSessions', {})
      expect(page.items.length).toBeGreaterThan(0)
      expect(Date.now() - t0).toBeLessThan(30_000)
      expect(restarts).toEqual([expect.stringMatching(/^foreign: a sqlStall call took longer/)])
      expect(service.workerPids('foreign')).not.toContain(stuckPid)
    } finally {
      await service.shutdown()
    }
  }, 60_000)

  it('close and shutdown return within a bound while a query is stuck inside SQLite', async () => {
    // a watchdog far away: only closing can end the stuck query here
    const service = new WorkerStoreService({
      callTimeoutMs: 600_000,
      finalFlushMs: 3000,
      allowDebugOps: true,
      onSlowCall: () => undefined,
    })
    await service.open({ sourceId: 'foreign', path: foreign })
    await service.open({ sourceId: 'native', path: native })
    const pids = [...service.workerPids('foreign'), ...service.workerPids('native')]
    expect(pids).toHaveLength(2)
    const stuck = service.debugSqlStall('foreign').then(
      () => 'answered',
      (e: Error) => e.message,
    )
    const stuckNative = service.debugSqlStall('native').then(
      () => 'answered',
      (e: Error) => e.message,
    )
    const t0 = Date.now()
    await service.shutdown()
    const took = Date.now() - t0
    // 5 s (read-only) or 3 s (writable) to close, then the worker is killed and reaped
    expect(took).toBeLessThan(15_000)
    expect(await stuck).toMatch(/ddeutil\.db has been closed|ddeutil\.db was killed|Interrupted/)
    expect(await stuckNative).toMatch(/Interrupted/)
    for (const pid of pids) expect(running(pid)).toBe(false)
    await expect(service.query('foreign', 'info')).rejects.toMatchObject({ code: 'unknown-source' })
  }, 60_000)

  it('shutdown waits for a slow final flush, and no worker restarts once it began', async () => {
    const restarts: string[] = []
    const service = new WorkerStoreService({
      // the stall below outlives a call's bound: the watchdog fires during shutdown
      callTimeoutMs: 2000,
      allowDebugOps: true,
      onSlowCall: () => undefined,
      onRestart: (id, why) => restarts.push(`${id}: ${why}`),
    })
    const file = path.join(tmp.dir, 'app.db')
    await service.open({ sourceId: 'app', path: file, appStore: true })
    const pids = service.workerPids('app')
    // queued in the writer, then the writer's thread is held longer than the old 5 s close.
    // The ingest answers once committed, which the spin holds up: it is not awaited before
    // shutdown, or its own call bound would fire (and restart the worker) before shutdown began
    const queued = service
      .ingest('app', [{ kind: 'session', id: 'late' }, ...spanRecords('late', 500, Date.now())])
      .then(
        () => 'stored',
        (e: Error) => e.message,
      )
    const stall = service.debugSpin('app', 7000).catch((e: Error) => e.message)
    await service.shutdown()
    expect(await stall).toMatch(/took longer than 2\.0 s/)
    expect(await queued).toMatch(/stored|took longer than 2\.0 s/)
    expect(restarts).toEqual([])
    for (const pid of pids) expect(running(pid)).toBe(false)
    const store = openStore(file, { readOnly: true })
    try {
      expect(store.getSession('late')?.spanCount).toBe(500)
    } finally {
      await store.close()
    }
  }, 60_000)
})
