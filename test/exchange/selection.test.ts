// What a filter selects, kind by kind, from a real store (the same rules in every format).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import type { TraceFilter } from '../../src/main/exchange/filters'
import { recordFromLine } from '../../src/main/exchange/records'
import type { TraceStore } from '../../src/main/store/storeApi'
import { tempDir } from '../fixtures/seedWriters'
import { T0, exportToString, richRecords, storeWith } from './exchangeHelpers'

let dir: string
let cleanup: () => void
let store: TraceStore

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-selection-'))
  store = await storeWith(path.join(dir, 's.db'), richRecords())
  // the store's full-text index catches up in the background: wait for it (bounded)
  for (let i = 0; i < 100 && store.listSpans({ text: 'ENOENT', limit: 5 }).items.length < 2; i++)
    await new Promise((r) => setTimeout(r, 50))
})
afterAll(async () => {
  await store.close()
  cleanup()
})

async function select(f: TraceFilter): Promise<TraceRecord[]> {
  return (await exportToString(store, 'ndjson', f))
    .split('\n')
    .filter(Boolean)
    .map((l, i) => recordFromLine(l, i + 1))
}
const ofKind = <K extends TraceRecord['kind']>(rs: TraceRecord[], k: K) =>
  rs.filter((r): r is Extract<TraceRecord, { kind: K }> => r.kind === k)

describe('export selection', () => {
  it('sessions: every kind restricted to the named sessions', async () => {
    const rs = await select({ sessions: ['run-beta'] })
    expect(rs.length).toBe(
      richRecords().filter((r) =>
        'sessionId' in r ? r.sessionId === 'run-beta' : r.kind === 'session' && r.id === 'run-beta',
      ).length,
    )
    expect(
      rs.every(
        (r) =>
          (r.kind === 'session' ? r.id : (r as { sessionId: string }).sessionId) === 'run-beta',
      ),
    ).toBe(true)
  })

  it('time range: sessions overlapping it, records inside it', async () => {
    const rs = await select({ since: T0 + 60_000 + 450, until: T0 + 60_000 + 720 })
    expect(ofKind(rs, 'session').map((s) => s.id)).toEqual(['run-beta'])
    expect(ofKind(rs, 'span').map((s) => s.spanId)).toEqual(['span-5', 'span-6', 'span-7'])
    expect(ofKind(rs, 'event').map((e) => e.id)).toEqual(['run-beta-ev-5'])
    expect(ofKind(rs, 'error').map((e) => e.id)).toEqual(['run-beta-err-5'])
    expect(ofKind(rs, 'message')).toEqual([])
  })

  it('agents, status, name and text narrow spans and select only sessions that match', async () => {
    const coder = await select({ agents: ['coder'] })
    expect(ofKind(coder, 'span').every((s) => s.agentId === 'coder')).toBe(true)
    expect(ofKind(coder, 'agent').map((a) => a.id)).toEqual(['coder', 'coder'])
    expect(ofKind(coder, 'message')).toHaveLength(2) // planner → coder
    const failed = await select({ status: 'error', spanName: 'llm.chat' })
    expect(
      ofKind(failed, 'span')
        .map((s) => `${s.sessionId}/${s.spanId}`)
        .sort(),
    ).toEqual(['run-alpha/b7ad6b7169203305', 'run-beta/span-5'])
    const text = await select({ text: 'ENOENT', sessions: ['run-alpha'] })
    expect(ofKind(text, 'span').map((s) => s.spanId)).toEqual(['b7ad6b7169203305'])
    expect(ofKind(text, 'error').map((e) => e.id)).toEqual(['run-alpha-err-5'])
    const none = await select({ spanName: 'no such span' })
    expect(none).toEqual([])
  })
})
