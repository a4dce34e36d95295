// Sessions of other tools' files: their statuses on the domain's, and a log written to lately is live.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { openSource } from '../../src/main/sources/openSource'
import { mapSessionStatus } from '../../src/main/sources/sessionRows'
import type { SessionStatus } from '../../src/shared/domain'
import { tempDir, writeClaudeFlowDb, writeDdeutilDb } from '../fixtures/seedWriters'
import { tracescopeJson } from '../cli/cliHelpers'

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

  it('the status filter selects the status shown, also where the file recorded none', async () => {
    // a Claude-Flow file whose sessions table lets status be NULL (the rule derives it), and
    // words the file's own vocabulary has beyond the common ones ('success', 'weird')
    const file = path.join(dir, 'cf-null-status.db')
    writeClaudeFlowDb(file, { sessions: 5, wal: false })
    const db = new Database(file)
    db.exec(`CREATE TABLE s2 AS SELECT * FROM sessions; DROP TABLE sessions;
      ALTER TABLE s2 RENAME TO sessions;`)
    const ids = (db.prepare('SELECT id FROM sessions ORDER BY id').all() as { id: string }[]).map(
      (r) => r.id,
    )
    const set = db.prepare('UPDATE sessions SET status = ? WHERE id = ?')
    set.run(null, ids[0])
    set.run(null, ids[1])
    set.run('success', ids[2])
    set.run('weird', ids[3])
    db.close()
    const src = openSource(file, { overlay: false })
    try {
      const all = src.queries.listSessions({ limit: 100 }).items
      expect(all).toHaveLength(5)
      const shown = (st: SessionStatus) =>
        all
          .filter((s) => s.status === st)
          .map((s) => s.id)
          .sort()
      // the NULL ones got a status of their own from the rule
      expect(all.filter((s) => ids.slice(0, 2).includes(s.id)).map((s) => s.status)).not.toContain(
        'unknown',
      )
      const statuses = ['running', 'completed', 'failed', 'unknown'] as const
      for (const st of statuses) {
        const got = src.queries
          .listSessions({ status: st, limit: 100 })
          .items.map((s) => s.id)
          .sort()
        expect(got, st).toEqual(shown(st))
      }
      const env = { TRACESCOPE_HOME: path.join(dir, 'home') }
      // the CLI reads the same way: the rule-derived and the 'success' sessions
      const cliStatuses = [...new Set(all.filter((s) => s.id !== ids[3]).map((s) => s.status))]
      const cli = await Promise.all(
        cliStatuses.map((st) =>
          tracescopeJson<Array<{ id: string }>>(['sessions', '--db', file, '--status', st], env),
        ),
      )
      cliStatuses.forEach((st, i) =>
        expect(cli[i].map((s) => s.id).sort(), `cli ${st}`).toEqual(shown(st)),
      )
    } finally {
      src.close()
    }
  }, 60_000)

  it('maps source statuses onto the domain', () => {
    expect(mapSessionStatus('active')).toBe('running')
    expect(mapSessionStatus('Failed')).toBe('failed')
    expect(mapSessionStatus('success')).toBe('completed')
    // no status of its own: shared/sessionStatusRule.ts decides (test/shared/sessionStatusRule.test.ts)
    expect(mapSessionStatus(null)).toBeNull()
    expect(mapSessionStatus('weird')).toBe('unknown')
  })
})
