// The full-text index when more than one connection writes or indexes one file: an import that
// leaves indexing to another process, and that process, on a real store file.
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import type { TraceStore } from '../../src/main/store/storeApi'
import { openStore } from '../../src/main/store/traceStore'
import { Dictionary } from '../../src/main/store/dictionary'
import { SearchIndexer } from '../../src/main/store/searchIndexer'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
const others: TraceStore[] = []
const dbs: Database.Database[] = []
afterEach(async () => {
  for (const s of others.splice(0)) await s.close()
  for (const db of dbs.splice(0)) db.close()
  await t?.cleanup()
})

type SpanRecord = Extract<TraceRecord, { kind: 'span' }>

const spans = (from: number, n: number, word: string): SpanRecord[] =>
  Array.from({ length: n }, (_, k) => ({
    kind: 'span' as const,
    sessionId: 'run-1',
    spanId: `s${from + k}`,
    name: `step ${word}`,
    startTime: T0 + from + k,
    endTime: T0 + from + k + 5,
    status: 'ok' as const,
  }))

/** Every hit of `text`, all pages. */
function hits(store: TraceStore, text: string): string[] {
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const page = store.search({ text, limit: 500, cursor })
    for (const h of page.items) ids.push(h.id)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return ids
}

describe('search index shared by several connections', () => {
  it('a second indexer of the same file indexes each row once', async () => {
    t = openTempStore({ indexSearchWhenIdle: false, indexSearchOnClose: false })
    await t.store.write(spans(0, 700, 'walrus'))
    // two processes' indexers (the app's, an import's background one), each on its connection
    const [a, b] = [0, 1].map(() => {
      const db = new Database(t.file)
      dbs.push(db)
      return new SearchIndexer(db, new Dictionary(db, false))
    })
    expect(a.step(1000)).toBe(700)
    // b was opened before a indexed: it reads how far the file is indexed, not its own mark
    expect(b.step(1000)).toBe(0)
    await t.store.write(spans(700, 300, 'walrus'))
    expect(b.step(1000)).toBe(300)
    expect(a.step(1000)).toBe(0)
    const found = hits(t.store, 'walrus')
    expect(found).toHaveLength(1000)
    expect(new Set(found).size).toBe(1000)
  })

  it('closed without indexing, a store leaves new rows to another process but indexes its rewrites', async () => {
    t = openTempStore({ indexSearchWhenIdle: false, indexSearchOnClose: false })
    await t.store.write(spans(0, 3, 'heron'))
    await t.store.flush()
    // the span's end arrives later and rewrites the indexed row; a new span is added
    await t.store.write([
      { ...spans(1, 1, 'heron')[0], status: 'error', statusMessage: 'quota kingfisher' },
      ...spans(10, 2, 'osprey'),
    ])
    await t.store.close()
    const reader = openStore(t.file, { readOnly: true })
    others.push(reader)
    // only this process knew the rewrite: it is searchable as soon as the store is closed
    expect(hits(reader, 'kingfisher')).toEqual(['s1'])
    // the new rows wait for an indexer
    expect(hits(reader, 'osprey')).toEqual([])
    const indexer = openStore(t.file, { indexSearchWhenIdle: false })
    await indexer.close()
    expect(hits(reader, 'osprey').sort()).toEqual(['s10', 's11'])
    expect(hits(reader, 'heron')).toHaveLength(3)
  })
})
