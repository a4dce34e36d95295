// The fast subset of `npm run torture` (disk full, locks, bad files, bad records).
import { describe, expect, it } from 'vitest'
import { runBadFiles } from '../../torture/scenarios/badFiles'
import { runBadRecords } from '../../torture/scenarios/badRecords'
import { runBusy } from '../../torture/scenarios/busy'
import { runDiskFull } from '../../torture/scenarios/diskFull'

describe('torture: disk full', () => {
  it('nothing corrupted, clear store error, writing resumes, every 200 stored', async () => {
    const r = await runDiskFull({ requests: 3 })
    expect(r.failures).toEqual([])
    expect(r.rows.find((x) => x.figure === 'store.write() rejected the batch')?.verdict).toBe(
      'pass',
    )
  }, 60_000)
})

describe('torture: locked and busy', () => {
  it('a 1 s write lock, 2 reader processes while writing, a long reader: no reader errors, WAL reused', async () => {
    const r = await runBusy({ holdMs: 1000, readers: 2, readMs: 1500, longReadMs: 1000 })
    expect(r.failures).toEqual([])
    expect(r.rows.find((x) => x.figure === 'store.write() outcome')?.value).toMatch(/^written/)
  }, 120_000)
})

describe('torture: bad files', () => {
  it('50 mutated databases and non-SQLite files: no hang, no crash, unchanged; hostile schema runs nothing', async () => {
    const r = await runBadFiles({ files: 50, timeoutMs: 10_000 })
    expect(r.failures).toEqual([])
    const triggerRows = r.rows.find((x) => x.figure === 'rows the trigger wrote')
    expect(triggerRows?.value).toBe(0)
  }, 120_000)
})

describe('torture: bad records', () => {
  it('fuzzed OTLP bodies and broken SDK records: answered with reasons, good spans kept, process up', async () => {
    const r = await runBadRecords({ bodies: 25 })
    expect(r.failures).toEqual([])
  }, 120_000)
})
