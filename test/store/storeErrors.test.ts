import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { TraceStore } from '../../src/main/store/storeApi'
import { BatchWriter } from '../../src/main/store/batchWriter'
import { openWritable } from '../../src/main/store/connection'
import { Dictionary } from '../../src/main/store/dictionary'
import { isRejected, validateRecord } from '../../src/main/store/recordValidation'
import type { PreparedRecord } from '../../src/main/store/preparedRecord'
import { openStore, StoreError } from '../../src/main/store/traceStore'
import { tempDir, T0 } from './storeTestUtils'

let dir: string
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

function prepared(n: number, from = 0): PreparedRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const v = validateRecord(
      {
        kind: 'span',
        sessionId: 's',
        spanId: `x${from + i}`,
        name: 'n',
        startTime: T0 + from + i,
        attributes: { pad: `${i}`.repeat(300) },
      },
      i,
      { maxRecordBytes: 1 << 20, compressAboveBytes: 1 << 20 },
    )
    if (isRejected(v)) throw new Error(v.reason)
    return v
  })
}

describe('store errors name the file and the cause', () => {
  it('a full database rejects the whole batch with SQLITE_FULL, and writing resumes once there is room', () => {
    dir = tempDir()
    const { db } = openWritable(path.join(dir, 'full.db'))
    try {
      const writer = new BatchWriter(db, new Dictionary(db, false))
      writer.write(prepared(10))
      const pages = db.pragma('page_count', { simple: true }) as number
      db.pragma(`max_page_count = ${pages + 3}`)
      let caught: unknown
      try {
        writer.write(prepared(500, 100))
      } catch (err) {
        caught = err
      }
      expect((caught as { code?: string }).code).toBe('SQLITE_FULL')
      expect(db.inTransaction).toBe(false)
      expect(db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(10)
      db.pragma('max_page_count = 1000000')
      expect(writer.write(prepared(500, 100)).failed).toEqual([])
      expect(db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(510)
    } finally {
      db.close()
    }
  })

  it('a path that cannot be opened says so with the file name and SQLITE_CANTOPEN', () => {
    dir = tempDir()
    let caught: unknown
    try {
      openStore(dir)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(StoreError)
    expect((caught as StoreError).code).toBe('SQLITE_CANTOPEN')
    expect((caught as StoreError).message).toContain(
      `cannot open ${dir}: the file or its folder cannot be opened`,
    )
  })

  it('a damaged store fails its queries with the file name and SQLITE_CORRUPT', async () => {
    dir = tempDir()
    const file = path.join(dir, 'damaged.db')
    const store = openStore(file)
    await store.write(
      Array.from({ length: 2000 }, (_, i) => ({
        kind: 'span' as const,
        sessionId: 's',
        spanId: `d${i}`,
        name: 'n',
        startTime: T0 + i,
        attributes: { pad: 'p'.repeat(200) },
      })),
    )
    await store.maintain({ vacuum: true })
    await store.close()
    const bytes = fs.readFileSync(file)
    // keep the header page (the store is still recognised), damage every other page
    bytes.fill(0xa5, 4096)
    fs.writeFileSync(file, bytes)
    let caught: unknown
    try {
      const ro = openStore(file, { readOnly: true })
      try {
        ro.listSpans({ sessionId: 's' })
      } finally {
        await ro.close()
      }
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(StoreError)
    expect((caught as StoreError).code).toMatch(/^SQLITE_(CORRUPT|NOTADB)/)
    expect((caught as StoreError).message).toContain(file)
    expect((caught as StoreError).message).toMatch(/damaged or not a SQLite database/)
  })

  it('write() rejects with SQLITE_FULL when the database is full (nothing acknowledged), and no timer throws', async () => {
    dir = tempDir()
    const store = openStore(path.join(dir, 'limited.db'))
    // SQLite's own page limit stands in for a full disk (the same SQLITE_FULL path)
    const connection = (s: TraceStore) => (s as unknown as { db: Database.Database }).db
    const uncaught: unknown[] = []
    const onUncaught = (e: unknown) => uncaught.push(e)
    process.on('uncaughtException', onUncaught)
    const batch = (from: number) =>
      Array.from({ length: 300 }, (_, i) => ({
        kind: 'span' as const,
        sessionId: 'f',
        spanId: `f${from + i}`,
        name: 'n',
        startTime: T0 + from + i,
        attributes: { pad: 'q'.repeat(400) },
      }))
    try {
      await store.write(batch(0))
      const pages = connection(store).pragma('page_count', { simple: true }) as number
      connection(store).pragma(`max_page_count = ${pages}`)
      const failure = await store.write(batch(1000)).then(
        () => null,
        (e: unknown) => e,
      )
      expect(failure).toBeInstanceOf(StoreError)
      expect((failure as StoreError).code).toBe('SQLITE_FULL')
      expect((failure as StoreError).message).toMatch(/full/)
      // wait until the store's idle timer has run its indexing step over the first batch: the
      // step either reports the lag (the file refused the index) or makes those spans
      // searchable; only then can the check below see an exception escaping that timer
      const stepRan = () =>
        store.info().notes.some((n) => n.startsWith('search index behind')) ||
        store.listSpans({ sessionId: 'f', text: 'n' }).items.length === 300
      await expect.poll(() => uncaught.length > 0 || stepRan(), { timeout: 10_000 }).toBe(true)
      expect(uncaught).toEqual([])
      connection(store).pragma('max_page_count = 4294967294')
      expect((await store.write(batch(1000))).written).toBe(300)
      expect(store.getSession('f')!.spanCount).toBe(600)
    } finally {
      process.off('uncaughtException', onUncaught)
      await store.close()
    }
  })
})
