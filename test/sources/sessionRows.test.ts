// Sessions of other tools' files: their statuses on the domain's, and a log written to lately is live.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { mapSessionStatus } from '../../src/main/sources/sessionRows'
import { tempDir, writeDdeutilDb } from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-session-rows-')
afterAll(cleanup)

describe('sessionRows', () => {
  it('a log-derived session written to in the last minutes is running and live', () => {
    const file = path.join(dir, 'live-log.db')
    writeDdeutilDb(file, { baseTime: Date.now() - 60_000, sessions: 2 })
    const old = path.join(dir, 'old-log.db')
    writeDdeutilDb(old, { sessions: 2 })
    const src = openSource(file, { overlay: false })
    const oldSrc = openSource(old, { overlay: false })
    try {
      expect(src.queries.getSession('wf-run-1')).toMatchObject({
        status: 'running',
        live: true,
        endTime: null,
      })
      // records still arriving: running even with an error (sessionStatusRule.ts); failed once quiet
      expect(src.queries.getSession('job-run-2a')).toMatchObject({ status: 'running' })
      expect(oldSrc.queries.getSession('job-run-2a')).toMatchObject({
        status: 'failed',
        live: false,
      })
      expect(oldSrc.queries.getSession('wf-run-1')).toMatchObject({
        status: 'completed',
        live: false,
      })
      expect(
        src.queries
          .listSessions({ status: 'running' })
          .items.map((s) => s.id)
          .sort(),
      ).toEqual(['job-run-1a', 'job-run-2a', 'wf-run-1', 'wf-run-2'])
    } finally {
      src.close()
      oldSrc.close()
    }
  })

  it('maps source statuses onto the domain', () => {
    expect(mapSessionStatus('active')).toBe('running')
    expect(mapSessionStatus('Failed')).toBe('failed')
    expect(mapSessionStatus('success')).toBe('completed')
    // no status of its own: shared/sessionStatusRule.ts decides (test/shared/sessionStatusRule.test.ts)
    expect(mapSessionStatus(null)).toBeNull()
    expect(mapSessionStatus('weird')).toBe('unknown')
  })
})
