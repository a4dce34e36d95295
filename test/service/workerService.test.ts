// The worker flavour of the store service: sources in their own threads, a stuck call bounded
// in time (worker killed, restarted, source reopened under the same id, readable error), span
// pages moved as columns, clean close.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContractError } from '../../src/shared/contract/errors'
import { columnsToSpans } from '../../src/shared/contract/spanColumns'
import { WorkerStoreService } from '../../src/main/service/workerService'
import { writeDdeutilDb } from '../fixtures/seedWriters'
import { seedNativeStore, spanRecords, tempDir } from './serviceFixtures'
import type { SeededStore } from './serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let homeBefore: string | undefined
let seeded: SeededStore
let foreign: string
const restarts: string[] = []
let service: WorkerStoreService

beforeAll(async () => {
  tmp = tempDir()
  homeBefore = process.env.TRACESCOPE_HOME
  process.env.TRACESCOPE_HOME = path.join(tmp.dir, 'home')
  seeded = await seedNativeStore(path.join(tmp.dir, 'native.db'))
  foreign = path.join(tmp.dir, 'ddeutil.db')
  writeDdeutilDb(foreign)
  service = new WorkerStoreService({
    callTimeoutMs: 1500,
    allowDebugOps: true,
    onRestart: (id, reason) => restarts.push(`${id}: ${reason}`),
    onSlowCall: () => undefined,
  })
})

afterAll(async () => {
  await service.shutdown()
  if (homeBefore === undefined) delete process.env.TRACESCOPE_HOME
  else process.env.TRACESCOPE_HOME = homeBefore
  tmp.cleanup()
})

describe('WorkerStoreService', () => {
  it('holds several sources at once, each in its own worker', async () => {
    const a = await service.open({ sourceId: 'native', path: seeded.path })
    const b = await service.open({ sourceId: 'foreign', path: foreign })
    expect(a.info.kind).toBe('tracescope')
    expect(b.info.kind).toBe('ddeutil-workflow')
    expect(b.writable).toBe(false)
    const [sa, sb] = await Promise.all([
      service.query('native', 'listSessions', {}),
      service.query('foreign', 'listSessions', {}),
    ])
    expect(sa.items.map((s) => s.id)).toEqual([seeded.sessionId])
    expect(sb.items.length).toBeGreaterThan(0)
    expect(
      service
        .list()
        .map((s) => s.sourceId)
        .sort(),
    ).toEqual(['foreign', 'native'])
  })

  it('moves a span page as typed-array columns that decode to the same spans', async () => {
    const cols = await service.spanColumns('native', { sessionId: seeded.sessionId, limit: 5000 })
    const objs = await service.query('native', 'listSpans', {
      sessionId: seeded.sessionId,
      limit: 5000,
    })
    expect(cols.startTime).toBeInstanceOf(Float64Array)
    expect(cols.count).toBe(objs.items.length)
    const back = columnsToSpans(cols)
    expect(
      back.map((s) => [
        s.spanId,
        s.parentSpanId,
        s.name,
        s.agentId,
        s.startTime,
        s.endTime,
        s.status,
      ]),
    ).toEqual(
      objs.items.map((s) => [
        s.spanId,
        s.parentSpanId,
        s.name,
        s.agentId,
        s.startTime,
        s.endTime,
        s.status,
      ]),
    )
  })

  it('a stuck call is cut off: readable error, worker restarted, source reopened under its id', async () => {
    const t0 = Date.now()
    const stuck = service.debugSpin('foreign', 20_000)
    // the other source lives in another thread and keeps answering meanwhile
    const other = await service.query('native', 'getSession', seeded.sessionId)
    expect(other?.id).toBe(seeded.sessionId)
    expect(Date.now() - t0).toBeLessThan(1500)
    let err: unknown
    try {
      await stuck
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ContractError)
    expect((err as ContractError).code).toBe('timeout')
    expect((err as ContractError).message).toMatch(/ddeutil\.db took longer than 1\.5 s/)
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(service.restartsOf('foreign')).toBe(1)
    expect(restarts.at(-1)).toMatch(/^foreign: a spin call took longer/)
    const again = await service.query('foreign', 'listSessions', {})
    expect(again.items.length).toBeGreaterThan(0)
  })

  it('writes through the worker and reports the change token moving', async () => {
    const app = await service.open({
      sourceId: 'app',
      path: path.join(tmp.dir, 'app.db'),
      appStore: true,
    })
    expect(app.writable).toBe(true)
    const changed = new Promise<number>((resolve) => {
      const off = service.onChange((id, token) => {
        if (id === 'app') {
          off()
          resolve(token)
        }
      })
    })
    const r = await service.ingest('app', [
      { kind: 'session', id: 's' },
      ...spanRecords('s', 100, Date.now()),
    ])
    expect(r.accepted).toBe(101)
    await service.flush('app')
    await changed
    const s = await service.query('app', 'getSession', 's')
    expect(s?.spanCount).toBe(100)
  })

  it('stores large payloads gzip-compressed from inside the store worker (a worker of its own)', async () => {
    const prompt = 'explain the stack trace and propose a patch. '.repeat(50)
    const spans = spanRecords('gz', 40, Date.now()).map((sp, i) => ({
      ...sp,
      attributes: { prompt: `${prompt}${i}` },
    }))
    await service.ingest('app', [{ kind: 'session', id: 'gz' }, ...spans])
    await service.flush('app')
    const page = (await service.query('app', 'listSpans', {
      sessionId: 'gz',
      limit: 100,
      order: 'asc',
    })) as { items: Array<{ spanId: string; attributes: Record<string, unknown> }> }
    expect(page.items).toHaveLength(40)
    // spanRecords names its spans sp0, sp1, …
    for (const sp of page.items)
      expect(sp.attributes).toEqual({ prompt: `${prompt}${sp.spanId.slice(2)}` })
    const db = new Database(path.join(tmp.dir, 'app.db'), { readonly: true })
    try {
      const types = db
        .prepare(
          `SELECT DISTINCT typeof(attributes) FROM spans
           WHERE session = (SELECT sid FROM sessions WHERE id = 'gz')`,
        )
        .pluck()
        .all()
      expect(types).toEqual(['blob'])
    } finally {
      db.close()
    }
  })

  it('refuses writes to a read-only foreign source and unknown ids', async () => {
    await expect(service.ingest('foreign', [{ kind: 'session', id: 'x' }])).rejects.toMatchObject({
      code: 'forbidden',
    })
    await expect(service.query('nope', 'info')).rejects.toMatchObject({
      code: 'unknown-source',
      field: 'sourceId',
    })
  })

  it('reports a file it cannot open in words, naming the file', async () => {
    const notDb = path.join(tmp.dir, 'notes.db')
    ;(await import('node:fs')).writeFileSync(notDb, 'just some text, not a database\n'.repeat(10))
    await expect(service.open({ sourceId: 'bad', path: notDb })).rejects.toMatchObject({
      code: 'source-error',
      message: expect.stringContaining('notes.db'),
    })
    expect(service.list().some((s) => s.sourceId === 'bad')).toBe(false)
  })

  it('closes a source: its worker ends, its id is gone', async () => {
    expect(await service.close('foreign')).toBe(true)
    await expect(service.query('foreign', 'info')).rejects.toMatchObject({ code: 'unknown-source' })
    expect(await service.close('foreign')).toBe(false)
  })
})
