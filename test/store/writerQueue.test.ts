import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { openStore, StoreError } from '../../src/main/store/traceStore'
import { busyBackoffMs } from '../../src/main/store/writerQueue'
import { holdLock } from '../fixtures/lockHolder'
import type { RejectedRecord } from '../../src/main/store/storeApi'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
afterEach(async () => t?.cleanup())

const span = (i: number, sessionId = 's'): TraceRecord => ({
  kind: 'span',
  sessionId,
  spanId: `span-${i}`,
  name: 'work',
  startTime: T0 + i,
  endTime: T0 + i + 1,
})

function countSpans(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT count(*) FROM spans').pluck().get() as number
  } finally {
    db.close()
  }
}

describe('writer queue', () => {
  it('rejects bad records by field and record, and writes the good ones of the same batch', async () => {
    t = openTempStore()
    const result = await t.store.write([
      span(1),
      { kind: 'span', sessionId: 's', spanId: 'x', startTime: T0 } as never,
      { kind: 'span', sessionId: 's', spanId: 'y', name: 'n', startTime: 'yesterday' } as never,
      { kind: 'bogus' } as never,
      { kind: 'error', time: T0, type: 'E' } as never,
      {
        kind: 'span',
        sessionId: 's',
        spanId: 'z',
        name: 'n',
        startTime: T0,
        status: 'fine',
      } as never,
      { kind: 'memory', sessionId: 's', namespace: 'n', key: 'k', time: T0 } as never,
      'not an object' as never,
      span(2),
    ])
    expect(result.written).toBe(2)
    expect(result.rejected.map((r) => [r.index, r.kind, r.id, r.field])).toEqual([
      [1, 'span', 'x', 'name'],
      [2, 'span', 'y', 'startTime'],
      [3, 'bogus', null, 'kind'],
      [4, 'error', null, 'message'],
      [5, 'span', 'z', 'status'],
      [6, 'memory', 'k', 'value'],
      [7, 'unknown', null, 'record'],
    ])
    expect(result.rejected[1].reason).toMatch(/finite number/)
    expect(
      t.store
        .listSpans({ sessionId: 's' })
        .items.map((s) => s.spanId)
        .sort(),
    ).toEqual(['span-1', 'span-2'])
    expect(t.store.counters()).toMatchObject({ written: 2, rejected: 7 })
  })

  it('enforces the per-record size limit without writing any part of the record', async () => {
    t = openTempStore({ maxRecordBytes: 10_000 })
    const huge = {
      kind: 'span' as const,
      sessionId: 'big',
      spanId: 'h',
      name: 'n',
      startTime: T0,
      attributes: { blob: 'é'.repeat(6000) },
    }
    const result = await t.store.write([huge, span(1)])
    expect(result.written).toBe(1)
    expect(result.rejected[0]).toMatchObject({ index: 0, field: 'record' })
    expect(result.rejected[0].reason).toMatch(/over the 10000-byte limit/)
    expect(t.store.getSession('big')).toBeNull()
  })

  it('write() resolves only after the records are committed (visible to another connection)', async () => {
    t = openTempStore({ flushIntervalMs: 30 })
    const before = Date.now()
    await t.store.write([span(1), span(2)])
    expect(countSpans(t.file)).toBe(2)
    expect(Date.now() - before).toBeLessThan(1000)
  })

  it('batches by size, counts batches, and flush/close commit everything', async () => {
    t = openTempStore({ batchSize: 100, flushIntervalMs: 10_000 })
    const short = t.store.enqueue(Array.from({ length: 350 }, (_, i) => span(100_000 + i)))
    expect(short).toMatchObject({ accepted: 350, rejected: [], backpressure: false })
    await t.store.flush()
    // less than 4 batches waiting: batches of batchSize (100, 100, 100, 50)
    expect(t.store.counters()).toMatchObject({ queued: 0, written: 350, batches: 4 })
    const records = Array.from({ length: 1050 }, (_, i) => span(i))
    const r = t.store.enqueue(records)
    expect(r).toMatchObject({ accepted: 1050, rejected: [], backpressure: false })
    await t.store.flush()
    const c = t.store.counters()
    // a backlog of 4 batches or more is written 4 batches per transaction: 400, 400, 100, 100, 50
    expect(c).toMatchObject({ queued: 0, written: 1400, batches: 9 })
    expect(c.lastFlushMs).toBeGreaterThanOrEqual(0)
    t.store.enqueue([span(5000)])
    await t.store.close()
    expect(countSpans(t.file)).toBe(1401)
  })

  it('reports back-pressure at the bound, refuses past twice the bound, and drains', async () => {
    t = openTempStore({ maxQueued: 100, batchSize: 50, flushIntervalMs: 10_000 })
    const first = t.store.enqueue(Array.from({ length: 100 }, (_, i) => span(i)))
    expect(first).toMatchObject({ accepted: 100, backpressure: true })
    const second = t.store.enqueue(Array.from({ length: 100 }, (_, i) => span(100 + i)))
    expect(second).toMatchObject({ accepted: 100, backpressure: true })
    const third = t.store.enqueue([span(999)])
    expect(third.accepted).toBe(0)
    expect(third.rejected[0]).toMatchObject({ field: 'queue' })
    expect(third.rejected[0].reason).toMatch(/writer queue is full/)
    await t.store.drained()
    expect(t.store.counters().queued).toBeLessThan(100)
    await t.store.flush()
    expect(countSpans(t.file)).toBe(200)
    // write() never refuses for a full queue: it waits for room
    const big = await t.store.write(Array.from({ length: 450 }, (_, i) => span(1000 + i)))
    expect(big.written).toBe(450)
    expect(countSpans(t.file)).toBe(650)
  })

  it('isolates a record that fails inside SQLite and commits the rest of its batch', async () => {
    t = openTempStore()
    await t.store.write(span(0))
    // a trigger stands in for any constraint that only SQLite can check
    const raw = new Database(t.file)
    raw.exec(`CREATE TRIGGER poison BEFORE INSERT ON spans
      WHEN NEW.span_id = 'poisoned' BEGIN SELECT RAISE(ABORT, 'poisoned span refused'); END`)
    raw.close()
    const seen: RejectedRecord[] = []
    const store2 = openStore(t.file, { onRejected: (r) => seen.push(...r) })
    try {
      const records = [span(1), { ...span(2), spanId: 'poisoned' }, span(3)]
      const result = await store2.write(records as TraceRecord[])
      expect(result.written).toBe(2)
      expect(result.rejected).toEqual([
        {
          index: 1,
          kind: 'span',
          id: 'poisoned',
          field: 'record',
          reason: 'poisoned span refused',
        },
      ])
      expect(seen).toHaveLength(1)
      expect(store2.getSession('s')!.spanCount).toBe(3)
      expect(
        store2
          .listSpans({ sessionId: 's' })
          .items.map((s) => s.spanId)
          .sort(),
      ).toEqual(['span-0', 'span-1', 'span-3'])
    } finally {
      await store2.close()
    }
  })

  it('retries SQLITE_BUSY with backoff while another connection holds the write lock', async () => {
    t = openTempStore()
    await t.store.write(span(0))
    const locker = new Database(t.file)
    locker.exec('BEGIN IMMEDIATE')
    const release = setTimeout(() => {
      locker.exec('COMMIT')
      locker.close()
    }, 400)
    try {
      const result = await t.store.write([span(1), span(2)])
      expect(result).toEqual({ written: 2, rejected: [] })
      expect(t.store.counters().retried).toBeGreaterThan(0)
    } finally {
      clearTimeout(release)
      if (locker.open) locker.close()
    }
  })

  it('two stores on one file write at the same time without losing a record', async () => {
    t = openTempStore({ batchSize: 200, flushIntervalMs: 5 })
    const other = openStore(t.file, { batchSize: 150, flushIntervalMs: 5 })
    try {
      const a = Array.from({ length: 3000 }, (_, i) => span(i, 'A'))
      const b = Array.from({ length: 3000 }, (_, i) => span(i, 'B'))
      const chunks = (rs: TraceRecord[]) =>
        Array.from({ length: 15 }, (_, k) => rs.slice(k * 200, k * 200 + 200))
      const results = await Promise.all([
        ...chunks(a).map((c) => t.store.write(c)),
        ...chunks(b).map((c) => other.write(c)),
      ])
      expect(results.reduce((n, r) => n + r.written, 0)).toBe(6000)
      expect(results.flatMap((r) => r.rejected)).toEqual([])
      expect(countSpans(t.file)).toBe(6000)
      expect(t.store.getSession('A')!.spanCount).toBe(3000)
      expect(t.store.getSession('B')!.spanCount).toBe(3000)
    } finally {
      await other.close()
    }
  })

  it('commitSync() commits the queue and the batch waiting for the gzip thread, once', async () => {
    t = openTempStore()
    const prompt = 'plan the refactor of module '.repeat(100)
    const records = Array.from({ length: 40 }, (_, i) => ({
      ...span(i),
      attributes: { prompt },
    }))
    t.store.enqueue(records.slice(0, 20))
    // the writer takes the first 20 and waits for their gzip job: that batch is in hand
    const flushed = t.store.flush()
    t.store.enqueue(records.slice(20))
    t.store.commitSync()
    expect(countSpans(t.file)).toBe(40)
    await flushed
    // the writer's turn found its batch already committed: nothing written twice
    expect(countSpans(t.file)).toBe(40)
    expect(t.store.counters()).toMatchObject({ written: 40, queued: 0, rejected: 0 })
    const back = t.store.listSpans({ sessionId: 's', limit: 100 }).items
    expect(back.every((s) => s.attributes.prompt === prompt)).toBe(true)
  })

  it('commit() makes queued records durable without the search catch-up; flush() does both', async () => {
    t = openTempStore({ indexSearchWhenIdle: false, flushIntervalMs: 60_000 })
    const needle: TraceRecord = {
      ...(span(2) as Extract<TraceRecord, { kind: 'span' }>),
      name: 'needle',
    }
    const writing = t.store.write([span(1), needle])
    expect(countSpans(t.file)).toBe(0)
    await t.store.commit()
    expect((await writing).written).toBe(2)
    expect(countSpans(t.file)).toBe(2)
    expect(t.store.search({ text: 'needle' }).items).toEqual([])
    await t.store.flush()
    expect(t.store.search({ text: 'needle' }).items.map((h) => h.id)).toEqual(['span-2'])
  })
})

describe('writer queue: busy retries and giving up', () => {
  it('backs off exponentially from 5 ms, capped at 1 s, with jitter of ±50 %', () => {
    expect([0, 1, 2, 3, 4].map((a) => busyBackoffMs(a, () => 0.5))).toEqual([5, 10, 20, 40, 80])
    expect(busyBackoffMs(8, () => 0.5)).toBe(1000)
    expect(busyBackoffMs(30, () => 0.5)).toBe(1000)
    expect(busyBackoffMs(3, () => 0)).toBe(20)
    expect(busyBackoffMs(3, () => 0.999)).toBeCloseTo(59.96, 5)
  })

  it('a write lock held by another process past the retry budget: write() rejects with a StoreError, nothing is half-written, writing resumes', async () => {
    t = openTempStore({ busyRetries: 3 })
    await t.store.write([span(0)])
    const lock = await holdLock(t.file, 'write')
    let failure: unknown
    try {
      await t.store.write([span(1), span(2)]).catch((err) => (failure = err))
    } finally {
      await lock.release()
    }
    expect(failure).toBeInstanceOf(StoreError)
    expect((failure as StoreError).message).toMatch(/database stayed busy after 3 retries/)
    expect((failure as StoreError).code).toMatch(/^SQLITE_BUSY/)
    expect(t.store.counters().retried).toBe(3)
    expect(countSpans(t.file)).toBe(1)
    expect(await t.store.write([span(1), span(2)])).toEqual({ written: 2, rejected: [] })
    expect(countSpans(t.file)).toBe(3)
  })
})
