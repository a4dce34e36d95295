// "Import another .db": every record another tool's file shows through its reader arrives in a
// native store, and the file stays byte-for-byte the same.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TraceQueries } from '../../src/shared/queries'
import { importFile } from '../../src/main/exchange/importFile'
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import {
  fileFingerprint,
  tempDir,
  writeClaudeFlowDb,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
  type FixtureOptions,
  type FixtureSummary,
} from '../fixtures/seedWriters'
import { canonicalOf, exportToString } from './exchangeHelpers'

/** The source's queries with close() closing the whole opened source. */
function sourceQueries(file: string): TraceQueries {
  const opened = openSource(file, { overlay: false })
  return new Proxy(opened.queries, {
    get(target, prop) {
      if (prop === 'close') return () => opened.close()
      const v = Reflect.get(target, prop, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

const WRITERS: Record<string, (p: string, o?: FixtureOptions) => FixtureSummary> = {
  'claude-flow': writeClaudeFlowDb,
  'ddeutil-workflow': writeDdeutilDb,
  'moai-swarmdb': writeMoaiDb,
  flujo: writeFlujoDb,
  'session-store': writeSessionStoreDb,
}

let dir: string
let cleanup: () => void
beforeAll(() => {
  ;({ dir, cleanup } = tempDir('ts-import-db-'))
})
afterAll(() => cleanup())

describe.each(Object.keys(WRITERS))('import a %s file', (kind) => {
  it('stores every record the source shows (expired memory aside), leaving the file untouched', async () => {
    const fx = WRITERS[kind](path.join(dir, `${kind}.db`))
    const before = fileFingerprint(fx.path)
    const src = sourceQueries(fx.path)
    const fromSource = canonicalOf(await exportToString(src, 'ndjson'), 'ndjson')
    src.close()
    const store = openStore(path.join(dir, `${kind}-native.db`))
    try {
      const res = await importFile(store, fx.path, { openSource: sourceQueries })
      expect(res.format).toBe('sqlite')
      expect(res.rejected).toBe(0)
      expect(res.counts.span ?? 0).toBe(fx.spans.length)
      const fromStore = new Set(canonicalOf(await exportToString(store, 'ndjson'), 'ndjson'))
      const now = Date.now()
      // the store hides memory entries past their TTL, as MoAI SwarmDB's API does
      const missing = fromSource
        .filter((r) => !fromStore.has(r))
        .filter((r) => {
          const rec = JSON.parse(r) as { kind: string; expiresAt?: number }
          return !(rec.kind === 'memory' && rec.expiresAt !== undefined && rec.expiresAt < now)
        })
      expect(missing).toEqual([])
      const sessions = store.listSessions({ limit: 1000 }).items.map((s) => s.id)
      expect(sessions.sort()).toEqual([...fx.sessionIds].sort())
    } finally {
      await store.close()
    }
    expect(fileFingerprint(fx.path)).toEqual(before)
  })
})
