// `maintain --optimize` for session-keyed trace store files: a copy by default, in place only after a backup;
// the composite index is then used (EXPLAIN QUERY PLAN) and no data is lost.
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { SessionStoreSource } from '../../src/main/sources/sessionStoreSource'
import { safeOpen } from '../../src/main/sources/safeOpen'
import {
  SEED004_INDEX,
  SEED004_QUERY,
  explainPlan,
  upgradeSessionStore,
} from '../../src/main/sources/upgradeSessionStore'
import {
  fileFingerprint,
  tempDir,
  writeDdeutilDb,
  writeSessionStoreDb,
} from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-upgrade-')
afterAll(cleanup)

function dump(file: string) {
  const db = new Database(file, { readonly: true })
  const traces = db.prepare('SELECT * FROM traces ORDER BY id').all()
  const links = db
    .prepare('SELECT trace_id, session_uid FROM trace_sessions ORDER BY trace_id, session_uid')
    .all()
  db.close()
  return { traces, links }
}

describe('upgradeSessionStore', () => {
  it('writes an optimised copy; the original is unchanged; its recent-traces query then searches the composite index', async () => {
    const file = path.join(dir, 'store.db')
    writeSessionStoreDb(file, { sessions: 4, spansPerSession: 50, sharedSession: true })
    const before = fileFingerprint(file)
    const planBefore = (() => {
      const c = safeOpen(file)
      try {
        return explainPlan(c.db, SEED004_QUERY.replace(/ts\.created_at/g, 't.created_at'), [
          'uid-001',
          0,
          10,
        ]).join(' | ')
      } finally {
        c.close()
      }
    })()
    expect(planBefore).not.toContain(SEED004_INDEX)
    const progress: number[] = []
    const report = await upgradeSessionStore(file, {
      batchSize: 40,
      onProgress: (d) => progress.push(d),
    })
    expect(report.target).toBe(path.join(dir, 'store-optimized.db'))
    expect(report).toMatchObject({
      addedColumn: true,
      createdIndex: true,
      alreadyOptimized: false,
      backup: null,
    })
    expect(report.backfilled).toBe(report.links)
    expect(progress.length).toBeGreaterThan(1)
    expect(report.plan.join(' | ')).toMatch(
      new RegExp(
        `SEARCH ts USING (COVERING )?INDEX ${SEED004_INDEX} \\(session_uid=\\? AND created_at>\\?\\)`,
      ),
    )
    expect(fileFingerprint(file)).toEqual(before)

    // data preserved, created_at equals the trace's own time
    expect(dump(report.target)).toEqual(dump(file))
    const db = new Database(report.target, { readonly: true })
    const mismatched = db
      .prepare(
        'SELECT count(*) AS n FROM trace_sessions ts JOIN traces t ON t.id = ts.trace_id WHERE ts.created_at IS NOT t.created_at',
      )
      .get() as { n: number }
    expect(mismatched.n).toBe(0)
    db.close()

    // the adapter's own recent-spans query rides the index without a full sort, and returns the same spans
    const up = safeOpen(report.target)
    const plan = explainPlan(
      up.db,
      'SELECT t.id FROM trace_sessions ts JOIN traces t ON t.id = ts.trace_id WHERE ts.session_uid = ? AND ts.created_at >= ? ORDER BY ts.created_at DESC, ts.rowid DESC LIMIT 10',
      ['uid-002', 0],
    ).join(' | ')
    expect(plan).toContain(SEED004_INDEX)
    // rows come in index order; only ties on created_at are sorted by rowid (streaming, stops at LIMIT)
    expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY')
    const adapter = new SessionStoreSource(up)
    expect(adapter.denormalized).toBe(true)
    const orig = openSource(file, { overlay: false })
    // the original still lacks the index, and says so by naming the store and the fix
    expect(orig.queries.info().notes.join(' ')).toMatch(
      /lacks the \(session_uid, created_at\) index .*"tracescope maintain --optimize"/,
    )
    const since = Date.UTC(2025, 5, 1, 10, 10, 20)
    expect(adapter.recentSpans('uid-002', since, 5).map((s) => s.spanId)).toEqual(
      orig.queries
        .listSpans({ sessionId: 'uid-002', since, limit: 5, order: 'desc' })
        .items.map((s) => s.spanId),
    )
    expect(adapter.recentSpans('uid-002', since, 5)).toHaveLength(5)
    orig.close()
    adapter.close()

    // running it again on the optimised file changes nothing
    const again = await upgradeSessionStore(report.target, { copyTo: path.join(dir, 'again.db') })
    expect(again.alreadyOptimized).toBe(true)
  })

  it('in place: writes a backup identical to the original first, then upgrades the file itself', async () => {
    const file = path.join(dir, 'inplace.db')
    writeSessionStoreDb(file)
    const original = dump(file)
    const report = await upgradeSessionStore(file, {
      inPlace: true,
      backupTo: path.join(dir, 'inplace.bak.db'),
    })
    expect(report.target).toBe(file)
    expect(report.backup).toBe(path.join(dir, 'inplace.bak.db'))
    expect(dump(report.backup as string)).toEqual(original)
    expect(dump(file)).toEqual(original)
    const bak = new Database(report.backup as string, { readonly: true })
    expect(
      (bak.prepare('PRAGMA table_info(trace_sessions)').all() as Array<{ name: string }>).map(
        (c) => c.name,
      ),
    ).not.toContain('created_at')
    bak.close()
    const src = openSource(file, { overlay: false })
    expect(src.queries.info().notes.join(' ')).not.toMatch(
      /lacks the \(session_uid, created_at\) index/,
    )
    src.close()
  })

  it('refuses files that are not session-keyed trace stores, and never overwrites an existing copy', async () => {
    const other = path.join(dir, 'dd.db')
    writeDdeutilDb(other)
    await expect(upgradeSessionStore(other)).rejects.toThrow(
      /Only session-keyed trace stores can be optimised/,
    )
    const file = path.join(dir, 'twice.db')
    writeSessionStoreDb(file)
    await upgradeSessionStore(file)
    await expect(upgradeSessionStore(file)).rejects.toThrow(/Not overwriting/)
  })
})
