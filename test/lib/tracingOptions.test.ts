// Claude-Flow's TraceStorage options on the SDK: samplingRate across two writing processes,
// bufferSize / flushInterval, storageRetention and maxFileSize on real files.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/lib'
import type { TraceRecord } from '../../src/shared/domain'

const ROOT = path.resolve(__dirname, '..', '..')
const run = promisify(execFile)
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-tracing-opts-'))
  dirs.push(d)
  return d
}

const span = (sessionId: string, spanId: string, startTime: number, extra = {}): TraceRecord => ({
  kind: 'span',
  sessionId,
  spanId,
  parentSpanId: null,
  name: 'step',
  startTime,
  endTime: startTime + 5,
  ...extra,
})

describe('SDK tracing options', () => {
  it('samplingRate keeps or drops whole sessions, the same in every process', async () => {
    const dir = tmp()
    const db = path.join(dir, 'sampled.db')
    const ids = Array.from({ length: 100 }, (_, i) => `run-${i}`)
    const t0 = Date.UTC(2026, 0, 1)
    const here = openStore(db, { samplingRate: 0.5 })
    await here.storeBatch(ids.map((id) => span(id, `${id}-a`, t0)))
    await here.close()
    // another process writes the second span of every run, with the same rate
    const script = path.join(dir, 'other.ts')
    fs.writeFileSync(
      script,
      `import { openStore } from ${JSON.stringify(path.join(ROOT, 'src/lib'))}
const s = openStore(${JSON.stringify(db)}, { samplingRate: 0.5 })
const ids = Array.from({ length: 100 }, (_, i) => 'run-' + i)
s.storeBatch(ids.map((id) => ({ kind: 'span', sessionId: id, spanId: id + '-b', parentSpanId: null, name: 'step', startTime: ${t0} + 1, endTime: ${t0} + 9 })))
  .then(() => { console.log(JSON.stringify(s.samplingStats())); return s.close() })
`,
    )
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { cwd: ROOT })
    const otherStats = JSON.parse(stdout) as { keptSessions: number; droppedSessions: number }
    const file = new Database(db, { readonly: true })
    const perSession = file
      .prepare(
        'SELECT s.id AS id, count(sp.rowid) AS n FROM sessions s LEFT JOIN spans sp ON sp.session = s.sid GROUP BY s.sid',
      )
      .all() as Array<{ id: string; n: number }>
    file.close()
    // no run is half kept: each stored session has both processes' spans
    expect(perSession.every((r) => r.n === 2)).toBe(true)
    expect(perSession.length).toBe(otherStats.keptSessions)
    expect(otherStats.keptSessions + otherStats.droppedSessions).toBe(100)
    expect(perSession.length).toBeGreaterThan(30)
    expect(perSession.length).toBeLessThan(70)
    // a kept run says it was sampled
    const reader = openStore(db, { readOnly: true })
    expect(reader.getSession(perSession[0].id)?.attributes).toMatchObject({
      'tracescope.sampling_rate': 0.5,
    })
    await reader.close()
  })

  it('samplingRate 0 stores nothing of a run and counts what it dropped', async () => {
    const s = openStore(path.join(tmp(), 'none.db'), { samplingRate: 0 })
    const id = await s.createSession('dropped run')
    await s.storeTrace(span(id, 'x', Date.now()))
    expect(s.getSession(id)).toBeNull()
    expect(s.samplingStats()).toEqual({
      samplingRate: 0,
      keptSessions: 0,
      droppedSessions: 1,
      droppedRecords: 2,
    })
    await s.close()
  })

  it('bufferSize and flushInterval size the writer; bad values are named', async () => {
    const s = openStore(path.join(tmp(), 'buf.db'), { bufferSize: 250, flushInterval: 20 })
    expect(s.store.batchSize).toBe(250)
    await s.close()
    expect(() => openStore(path.join(tmp(), 'x.db'), { samplingRate: 1.5 })).toThrow(
      'tracescope: samplingRate must be a number from 0 to 1, got number 1.5',
    )
    expect(() => openStore(path.join(tmp(), 'x.db'), { bufferSize: 2.5 })).toThrow(
      /bufferSize must be a positive whole number, got number 2.5/,
    )
    expect(() => openStore(path.join(tmp(), 'x.db'), { maxFileSize: -1 })).toThrow(
      /maxFileSize must be a positive number, got number -1/,
    )
  })

  it('storageRetention deletes runs quiet for longer than it', async () => {
    const db = path.join(tmp(), 'retention.db')
    const now = Date.now()
    const w = openStore(db)
    await w.storeBatch([
      { kind: 'session', id: 'old', name: 'old', startTime: now - 10 * 86_400_000 },
      span('old', 'o1', now - 10 * 86_400_000),
      { kind: 'session', id: 'new', name: 'new', startTime: now - 60_000 },
      span('new', 'n1', now - 60_000),
    ])
    await w.close()
    const s = openStore(db, { storageRetention: 7 * 86_400_000 })
    const report = await s.maintain()
    expect(report?.deletedSessions).toBe(1)
    expect(s.getSession('old')).toBeNull()
    expect(s.getSession('new')?.name).toBe('new')
    await s.close()
  })

  it('maxFileSize moves the longest-quiet runs to the archive, never the newest', async () => {
    const dir = tmp()
    const db = path.join(dir, 'big.db')
    const t0 = Date.UTC(2026, 0, 1)
    const w = openStore(db, { compressAboveBytes: 1 << 30 })
    for (let i = 0; i < 40; i++)
      await w.storeBatch([
        {
          kind: 'session',
          id: `s${String(i).padStart(2, '0')}`,
          name: `run ${i}`,
          startTime: t0 + i * 60_000,
        },
        ...Array.from({ length: 10 }, (_, k) =>
          span(`s${String(i).padStart(2, '0')}`, `s${i}-${k}`, t0 + i * 60_000 + k, {
            attributes: { payload: `${i}-${k}-`.padEnd(4000, 'x') },
          }),
        ),
      ])
    await w.close()
    const before = fs.statSync(db).size
    const s = openStore(db, { maxFileSize: 600_000 })
    const report = await s.maintain()
    const archived = report?.archivedSessions ?? 0
    expect(archived).toBeGreaterThan(0)
    expect(archived).toBeLessThan(40)
    const kept = s.store
      .listSessions({ limit: 100 })
      .items.map((x) => x.id)
      .sort()
    // the oldest went, the newest stayed
    expect(kept).toContain('s39')
    expect(kept).not.toContain('s00')
    expect(kept).toHaveLength(40 - archived)
    await s.close()
    const archive = openStore(path.join(dir, 'big.archive.db'), { readOnly: true })
    const moved = archive.store
      .listSessions({ limit: 100 })
      .items.map((x) => x.id)
      .sort()
    expect(moved).toEqual(
      Array.from({ length: archived }, (_, i) => `s${String(i).padStart(2, '0')}`),
    )
    expect(archive.getTracesBySession('s00')).toHaveLength(10)
    await archive.close()
    const pageBytes = (f: string): number => {
      const d = new Database(f, { readonly: true })
      const n =
        (d.pragma('page_count', { simple: true }) as number) -
        (d.pragma('freelist_count', { simple: true }) as number)
      const size = n * (d.pragma('page_size', { simple: true }) as number)
      d.close()
      return size
    }
    expect(pageBytes(db)).toBeLessThanOrEqual(600_000)
    expect(before).toBeGreaterThan(600_000)
  })
})
