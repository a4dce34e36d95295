// A Tracescope store opened through openSource is read from the file
// safeOpen chose, never grows side files, is detected while its header is still only in the -wal,
// and fails with errors that name the user's file.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { readHeader } from '../../src/main/sources/sqliteHeader'
import { TRACESCOPE_APPLICATION_ID } from '../../src/main/store/migrations'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { queryErrors, writeDamagedCopy } from '../fixtures/damagedStore'
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
  it('a store without side files is read from a snapshot: nothing appears beside it', async () => {
    const dir = tmp()
    const file = await closedStore(dir)
    const before = fs.readFileSync(file)
    const src = openSource(file, { overlay: false })
    expect(src.kind).toBe('tracescope')
    expect(src.queries.listSpans({ sessionId: 's1', limit: 100 }).items).toHaveLength(50)
    expect(src.queries.info().path).toBe(file)
    expect(fs.readdirSync(dir)).toEqual(['native.db'])
    src.close()
    expect(fs.readdirSync(dir)).toEqual(['native.db'])
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('closing removes the private snapshot', async () => {
    const file = await closedStore(tmp())
    // a private temp folder: other processes' snapshots cannot mix in
    const privateTmp = tmp()
    const saved = process.env.TMPDIR
    process.env.TMPDIR = privateTmp
    try {
      const src = openSource(file, { overlay: false })
      expect(
        fs.readdirSync(privateTmp).filter((n) => n.startsWith('tracescope-snapshot-')),
      ).toHaveLength(1)
      src.close()
      expect(fs.readdirSync(privateTmp)).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
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

  it('a damaged store fails with SourceQueryError naming the user file, not the snapshot', async () => {
    const dir = tmp()
    const file = await closedStore(dir, 400)
    const damaged = path.join(dir, 'damaged.db')
    writeDamagedCopy(file, damaged)
    const errors = queryErrors(damaged)
    expect(errors.length).toBeGreaterThan(0)
    for (const e of errors) {
      expect(['SourceOpenError', 'SourceQueryError']).toContain(e.name)
      expect(e.message).toContain(damaged)
      expect(e.message).not.toContain('tracescope-snapshot-')
    }
  })
})
