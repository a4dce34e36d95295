// The adapters' session-scoped queries ride the file's own indexes: EXPLAIN QUERY PLAN of the
// exact SQL each adapter ran shows an index search on the big table, never a full scan of it.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { observeQueries } from '../../src/main/sources/pagedQuery'
import { safeOpen } from '../../src/main/sources/safeOpen'
import { explainPlan } from '../../src/main/sources/upgradeSessionStore'
import {
  tempDir,
  writeClaudeFlowDb,
  writeDdeutilDb,
  writeFlujoDb,
  writeSessionStoreDb,
  type FixtureSummary,
} from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-plans-')
afterAll(() => {
  observeQueries(null)
  cleanup()
})

function plansOf(
  file: string,
  run: (q: ReturnType<typeof openSource>['queries']) => void,
): string[] {
  const seen: Array<[string, unknown[]]> = []
  const src = openSource(file, { overlay: false })
  observeQueries((sql, params) => seen.push([sql, params]))
  try {
    run(src.queries)
  } finally {
    observeQueries(null)
    src.close()
  }
  const c = safeOpen(file)
  try {
    return seen.map(([sql, params]) => explainPlan(c.db, sql, params).join(' | '))
  } finally {
    c.close()
  }
}

const cases: Array<[string, (f: string) => FixtureSummary, RegExp, RegExp]> = [
  [
    'claude-flow',
    (f) => writeClaudeFlowDb(f),
    /SEARCH t USING INDEX idx_traces_session_timestamp \(session_id=\?/,
    /SCAN t\b/,
  ],
  [
    'ddeutil-workflow',
    (f) => writeDdeutilDb(f),
    /SEARCH t USING INDEX idx_traces_run_id \(run_id=\?\)/,
    /SCAN t\b/,
  ],
  [
    'flujo',
    (f) => writeFlujoDb(f),
    /SEARCH s USING INDEX idx_spans_run_id \(run_id=\?\)/,
    /SCAN s\b/,
  ],
  [
    'session-store (optimised)',
    (f) => writeSessionStoreDb(f, { denormalized: true }),
    /SEARCH ts USING (COVERING )?INDEX idx_trace_sessions_uid_time \(session_uid=\? AND created_at>\?\)/,
    /SCAN ts\b/,
  ],
]

describe.each(cases)('%s', (label, write, wanted, forbidden) => {
  it('session-scoped span pages (first page and a cursor page) use the index', () => {
    const file = path.join(dir, `${label.replace(/\W+/g, '_')}.db`)
    const fx = write(file)
    const sid = fx.sessionIds[fx.sessionIds.length - 1]
    const plans = plansOf(file, (q) => {
      const first = q.listSpans({ sessionId: sid, since: 0, limit: 2 })
      q.listSpans({ sessionId: sid, since: 0, limit: 2, cursor: first.nextCursor })
    })
    expect(plans).toHaveLength(2)
    for (const p of plans) {
      expect(p).toMatch(wanted)
      expect(p).not.toMatch(forbidden)
    }
  })
})
