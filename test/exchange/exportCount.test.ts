// The export dialog's count is what the export then writes: counted and exported from one store.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countExport } from '../../src/main/exchange/exportCount'
import type { TraceFilter } from '../../src/main/exchange/filters'
import { recordFromLine } from '../../src/main/exchange/records'
import type { TraceStore } from '../../src/main/store/storeApi'
import type { RecordKind } from '../../src/shared/domain'
import { tempDir } from '../fixtures/seedWriters'
import { exportToString, richRecords, storeWith } from './exchangeHelpers'

let cleanup: () => void
let store: TraceStore

beforeAll(async () => {
  let dir: string
  ;({ dir, cleanup } = tempDir('ts-export-count-'))
  store = await storeWith(path.join(dir, 'c.db'), richRecords())
})
afterAll(async () => {
  await store.close()
  cleanup()
})

async function written(f: TraceFilter): Promise<Partial<Record<RecordKind, number>>> {
  const counts: Partial<Record<RecordKind, number>> = {}
  for (const line of (await exportToString(store, 'ndjson', f)).split('\n').filter(Boolean)) {
    const k = recordFromLine(line, 1).kind
    counts[k] = (counts[k] ?? 0) + 1
  }
  return counts
}

describe('countExport', () => {
  for (const [what, f] of [
    ['everything', {}],
    ['one session', { sessions: ['run-beta'] }],
    ['errors only', { status: 'error' }],
    ['an agent', { agents: ['coder'] }],
  ] as Array<[string, TraceFilter]>)
    it(`counts what the export writes: ${what}`, async () => {
      const c = countExport(store, f, 'ndjson')
      expect(c.capped).toBe(false)
      expect(c.counts).toEqual(await written(f))
      expect(c.records).toBe(Object.values(c.counts).reduce((a, b) => a + (b ?? 0), 0))
    })

  it('an errors-only selection carries no metric samples; without it every sample comes', () => {
    expect(countExport(store, { status: 'error' }, 'ndjson').counts.metric).toBeUndefined()
    const all = richRecords().filter((r) => r.kind === 'metric').length
    expect(all).toBeGreaterThan(0)
    expect(countExport(store, {}, 'ndjson').counts.metric).toBe(all)
  })

  it('counts only what OTLP holds, and stops at its budget saying so', () => {
    expect(Object.keys(countExport(store, {}, 'otlp').counts).sort()).toEqual(['session', 'span'])
    const c = countExport(store, {}, 'ndjson', -1)
    expect(c.capped).toBe(true)
    expect(c.records).toBeGreaterThan(0)
  })
})
