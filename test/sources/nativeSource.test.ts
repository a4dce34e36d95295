// A Tracescope store opened to look at goes through the same reading path as other tools' files:
// read in place (immutable while no writer has it), never written, no side files, detected while
// its header is still only in the -wal, failures naming the user's file, and none of what a
// hostile copy carries (triggers, gzip bombs) runs or fills memory.
import Database from 'better-sqlite3'
import fs from 'node:fs'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createOpener } from '../../src/main/service/defaultOpener'
import { openSource } from '../../src/main/sources/openSource'
import { ResolutionOverlay } from '../../src/main/sources/resolutionOverlay'
import { readHeader } from '../../src/main/sources/sqliteHeader'
import { TRACESCOPE_APPLICATION_ID } from '../../src/main/store/migrations'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { queryErrors, writeDamagedCopy } from '../fixtures/damagedStore'
import { fileFingerprint } from '../fixtures/fileHelpers'
import { tempDirsPerTest } from '../fixtures/tempDirsPerTest'

const tmp = tempDirsPerTest('fix-native-')

const records = (n: number): TraceRecord[] => [
  { kind: 'session', id: 's1', name: 'run', status: 'running', startTime: 1000, attributes: {} },
  ...Array.from({ length: n }, (_, i): TraceRecord => ({
    kind: 'span',
    sessionId: 's1',
    spanId: `sp${i}`,
    parentSpanId: null,
    name: `step ${i}`,
    agentId: null,
    startTime: 1000 + i,
    endTime: 1001 + i,
    status: 'ok',
    attributes: { text: 'x'.repeat(200) },
  })),
]

/** A closed native store: SQLite removed its -wal/-shm on close. */
async function closedStore(dir: string, n = 50): Promise<string> {
  const file = path.join(dir, 'native.db')
  const store = openStore(file)
  await store.write(records(n))
  await store.close()
  expect(fs.readdirSync(dir)).toEqual(['native.db'])
  return file
}

describe('openSource on a native store', () => {
  it('a store without side files is read in place as immutable: nothing appears beside it', async () => {
    const dir = tmp()
    const file = await closedStore(dir)
    const before = fileFingerprint(file)
    const src = openSource(file, { overlay: false })
    expect(src.kind).toBe('tracescope')
    expect(src.mode).toBe('immutable')
    expect(src.queries.listSpans({ sessionId: 's1', limit: 100 }).items).toHaveLength(50)
    expect(src.queries.info().path).toBe(file)
    expect(src.queries.info().readOnly).toBe(true)
    expect(fs.readdirSync(dir)).toEqual(['native.db'])
    src.close()
    expect(fs.readdirSync(dir)).toEqual(['native.db'])
    expect(fileFingerprint(file)).toEqual(before)
  })

  it('a store whose application_id is still only in its -wal is detected as native', async () => {
    const file = path.join(tmp(), 'fresh.db')
    const writer = openStore(file)
    try {
      await writer.write(records(5))
      // precondition: the file's own header does not carry the mark yet
      expect(readHeader(file).applicationId).not.toBe(TRACESCOPE_APPLICATION_ID)
      const src = openSource(file, { overlay: false })
      try {
        expect(src.kind).toBe('tracescope')
        expect(src.queries.listSpans({ sessionId: 's1', limit: 10 }).items).toHaveLength(5)
      } finally {
        src.close()
      }
    } finally {
      await writer.close()
    }
  })

  it('a damaged store fails with SourceQueryError naming the user file', async () => {
    const dir = tmp()
    const file = await closedStore(dir, 400)
    const damaged = path.join(dir, 'damaged.db')
    writeDamagedCopy(file, damaged)
    const errors = queryErrors(damaged)
    expect(errors.length).toBeGreaterThan(0)
    for (const e of errors) {
      expect(['SourceOpenError', 'SourceQueryError']).toContain(e.name)
      expect(e.message).toContain(damaged)
    }
  })
})

/** A closed native store someone prepared: a trigger that would record any write, a view. */
async function plantedStore(dir: string): Promise<string> {
  const file = await closedStore(dir, 20)
  const raw = new Database(file)
  raw.exec(`CREATE TABLE canary (what TEXT);
    CREATE TRIGGER planted AFTER UPDATE ON spans BEGIN INSERT INTO canary VALUES ('update'); END;
    CREATE TRIGGER planted_ins AFTER INSERT ON spans BEGIN INSERT INTO canary VALUES ('insert'); END;
    CREATE VIEW planted_view AS SELECT * FROM spans;`)
  raw.close()
  expect(fs.readdirSync(dir)).toEqual(['native.db'])
  return file
}

describe('a Tracescope store someone else prepared', () => {
  it('is opened to look at through the service without changing a byte; no trigger runs, no side files', async () => {
    const dir = tmp()
    const file = await plantedStore(dir)
    const before = fileFingerprint(file)
    const handle = createOpener().open(file, {})
    expect(handle.store).toBeNull() // read-only: nothing can be ingested into it
    expect(handle.queries.listSpans({ sessionId: 's1', limit: 100 }).items).toHaveLength(20)
    expect(handle.queries.info().readOnly).toBe(true)
    expect(fs.readdirSync(dir)).toEqual(['native.db'])
    await handle.close()
    expect(fileFingerprint(file)).toEqual(before)
    const check = new Database(file, { readonly: true })
    expect(check.prepare('SELECT count(*) AS n FROM canary').get()).toEqual({ n: 0 })
    check.close()
  })

  it('its errors are resolved in the overlay, never in the file', async () => {
    const dir = tmp()
    const file = path.join(dir, 'errs.db')
    const w = openStore(file)
    await w.write([
      ...records(2),
      {
        kind: 'error',
        id: 'e1',
        sessionId: 's1',
        spanId: 'sp0',
        time: 1000,
        type: 'Boom',
        message: 'it broke',
        attributes: {},
      } as TraceRecord,
    ])
    await w.close()
    const before = fileFingerprint(file)
    const overlay = new ResolutionOverlay(path.join(tmp(), 'overlay.db'))
    const src = openSource(file, { overlay })
    const t0 = src.queries.changeToken()
    expect(src.resolveError('e1', 'fixed upstream')?.resolved).toBe(true)
    expect(src.queries.listErrors({ resolved: true }).items.map((e) => e.id)).toEqual(['e1'])
    // a resolution moves the change token: open views refresh
    expect(src.queries.changeToken()).not.toBe(t0)
    src.close()
    overlay.close()
    expect(fileFingerprint(file)).toEqual(before)
  })

  it('refuses to be written into, naming the objects Tracescope did not create', async () => {
    const file = await plantedStore(tmp())
    const before = fileFingerprint(file)
    expect(() => openStore(file)).toThrow(
      /schema objects Tracescope did not create \(table "canary", trigger "planted", trigger "planted_ins", view "planted_view"\)/,
    )
    expect(fileFingerprint(file).sha256).toBe(before.sha256)
  })

  it('a gzip bomb in a payload reads back as a marker, not a gigabyte', async () => {
    const dir = tmp()
    const file = await closedStore(dir, 1)
    // valid JSON that inflates to 64 MiB from ~64 KB: the shape of the 291 KB blob that made
    // `tracescope sessions` peak at 951 MB
    const json = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.alloc(64 * 1024 * 1024, 0x78),
      Buffer.from('"}'),
    ])
    const bomb = gzipSync(json, { level: 9 })
    expect(bomb.length).toBeLessThan(100_000)
    const raw = new Database(file)
    raw.prepare('UPDATE spans SET attributes = ?').run(bomb)
    raw.close()
    const src = openSource(file, { overlay: false })
    const rssBefore = process.memoryUsage().rss
    const span = src.queries.getSpan('s1', 'sp0')
    const grew = process.memoryUsage().rss - rssBefore
    src.close()
    expect(span?.span.attributes).toEqual({
      'tracescope.undecoded': expect.stringMatching(/larger than \d+ bytes when decompressed/),
    })
    expect(grew).toBeLessThan(120 * 1024 * 1024)
  })
})
