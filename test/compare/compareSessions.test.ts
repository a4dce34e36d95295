// The Compare view's query on a real store opened read-only through the one opener.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareSessions } from '../../src/main/compare/compareSessions'
import { openSource, type OpenedSource } from '../../src/main/sources/openSource'
import { ContractError } from '../../src/shared/contract/errors'
import { storeWith } from '../exchange/exchangeHelpers'
import { RUN_A, RUN_B, comparedRunsRecords } from '../fixtures/comparedRuns'
import { fileFingerprint, tempDir } from '../fixtures/seedWriters'
import { writeViewerFixture } from '../e2e/viewerFixture'

let dir: string
let cleanup: () => void
let file: string
let opened: OpenedSource

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-compare-'))
  file = path.join(dir, 'runs.db')
  await (await storeWith(file, comparedRunsRecords())).close()
  opened = openSource(file, { noFollow: true })
})
afterAll(() => {
  opened.close()
  cleanup()
})

describe('compareSessions', () => {
  it("the summary's durations are the sessions' own, as the sessions list and header show", async () => {
    // the fixture's nightly batches run 40 s and 50 s by their session records, while their
    // spans cover 5.3 s and 5.4 s: Compare said "5.3s" beside a list saying "40s"
    const db = await writeViewerFixture(path.join(dir, 'viewer'))
    const src = openSource(db, { noFollow: true })
    try {
      const c = compareSessions(src.queries, 'batch-job-3', 'batch-job-4')
      expect([c.a.durationMs, c.b.durationMs]).toEqual([40_000, 50_000])
      expect(c.summary.durationMs).toEqual({ a: 40_000, b: 50_000, delta: 10_000 })
    } finally {
      src.close()
    }
  })

  it('answers both sessions, the summary and the merged tree in depth-first order', () => {
    const before = fileFingerprint(file)
    const c = compareSessions(opened.queries, RUN_A, RUN_B)
    expect([c.a.id, c.b.id]).toEqual([RUN_A, RUN_B])
    expect(c.totalSteps).toBe(8)
    expect(c.truncated).toBe(false)
    expect(c.steps.map((s) => `${'  '.repeat(s.depth)}${s.name} ${s.change}`)).toEqual([
      'swarm.run changed',
      '  plan.step changed',
      '    llm.chat changed',
      '  plan.step same',
      '    tool.search same',
      '    tool.search changed',
      '  cleanup removed',
      '  publish added',
    ])
    expect(fileFingerprint(file)).toEqual(before)
  })

  it('names the session the file does not have', () => {
    expect(() => compareSessions(opened.queries, RUN_A, 'run-99')).toThrow(ContractError)
    let err: unknown = null
    try {
      compareSessions(opened.queries, 'run-0', RUN_B)
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code: 'not-found', field: 'sessionA' })
    expect((err as Error).message).toContain('"run-0"')
  })
})
