// The app store's queries run in a read-only worker of their own: a writer's thread busy with a
// long commit (here a deliberate 1.5 s stall) no longer holds up the viewer. Without the reader
// (appStoreReader: false) the same query waits for the stall: the control that shows the
// measurement can fail.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WorkerStoreService } from '../../src/main/service/workerService'
import { spanRecords, tempDir } from './serviceFixtures'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

async function queryDuringWriterStall(appStoreReader: boolean) {
  const service = new WorkerStoreService({
    allowDebugOps: true,
    appStoreReader,
    callTimeoutMs: 10_000,
    onSlowCall: () => undefined,
  })
  try {
    const file = path.join(tmp.dir, `app-${appStoreReader}.db`)
    const app = await service.open({ sourceId: 'app', path: file, appStore: true })
    expect(app.writable).toBe(true)
    await service.ingest('app', [{ kind: 'session', id: 's' }, ...spanRecords('s', 50, 1e12)])
    await service.flush('app')
    const stall = service.debugSpin('app', 1500)
    await new Promise((res) => setTimeout(res, 100))
    const t = performance.now()
    const page = await service.query('app', 'listSpans', { sessionId: 's', limit: 100 })
    const ms = performance.now() - t
    await stall
    // writes still go to the writer, and what it commits is visible to the reader
    await service.ingest('app', spanRecords('s', 10, 2e12, 'late'))
    await service.flush('app')
    const after = await service.query('app', 'getSession', 's')
    return { ms, count: page.items.length, after: after?.spanCount }
  } finally {
    await service.shutdown()
  }
}

describe('app store reader', () => {
  it('answers queries while the writer thread is stalled, and sees committed writes', async () => {
    const r = await queryDuringWriterStall(true)
    expect(r.count).toBe(50)
    expect(r.ms).toBeLessThan(700)
    expect(r.after).toBe(60)
  })

  it('without it, the same query waits for the writer (control)', async () => {
    const r = await queryDuringWriterStall(false)
    expect(r.count).toBe(50)
    expect(r.ms).toBeGreaterThan(1000)
    expect(r.after).toBe(60)
  })
})

describe('an app store whose worker cannot reopen it', () => {
  it('is gone for reads too: its reader worker stops with the writer', async () => {
    const lost: string[] = []
    const service = new WorkerStoreService({
      allowDebugOps: true,
      callTimeoutMs: 1000,
      onSlowCall: () => undefined,
    })
    service.onSourceLost((id) => lost.push(id))
    try {
      const folder = path.join(tmp.dir, 'vanishing')
      fs.mkdirSync(folder)
      await service.open({ sourceId: 'app', path: path.join(folder, 'app.db'), appStore: true })
      await service.ingest('app', [{ kind: 'session', id: 's' }, ...spanRecords('s', 5, 1e12)])
      await service.flush('app')
      expect((await service.query('app', 'getSession', 's'))?.spanCount).toBe(5)
      // the file is replaced by a folder, then the writer's worker is cut off and cannot reopen it
      fs.rmSync(folder, { recursive: true, force: true })
      fs.mkdirSync(path.join(folder, 'app.db'), { recursive: true })
      await service.debugSpin('app', 5000).catch(() => undefined)
      // a fresh worker process starts (seconds on a busy machine) and fails to reopen the file
      await expect.poll(() => lost, { timeout: 30_000 }).toEqual(['app'])
      await expect(service.query('app', 'getSession', 's')).rejects.toMatchObject({
        code: 'unknown-source',
      })
    } finally {
      await service.shutdown()
    }
  }, 60_000)
})
