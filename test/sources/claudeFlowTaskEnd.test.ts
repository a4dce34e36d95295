// A Claude-Flow task_start ends when its task's task_complete / task_fail trace exists: the same
// agent and task id in `data`, else the same correlation_id (src/main/sources/claudeFlowTaskEnd.ts).
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { observeQueries } from '../../src/main/sources/pagedQuery'
import { safeOpen } from '../../src/main/sources/safeOpen'
import { explainPlan } from '../../src/main/sources/upgradeSessionStore'
import { tempDir, fileFingerprint } from '../fixtures/fileHelpers'
import {
  PAIRS_EXPECTED,
  PAIRS_SESSION,
  PAIRS_T0,
  writeClaudeFlowTaskPairs,
} from '../fixtures/claudeFlowTaskPairs'

const { dir, cleanup } = tempDir('ts-cf-pairs-')
afterAll(cleanup)

describe('Claude-Flow task_start paired with its end trace', () => {
  const file = path.join(dir, 'pairs.db')
  writeClaudeFlowTaskPairs(file)

  it('ends each start span at its own task end, leaves the unended one open', () => {
    const before = fileFingerprint(file)
    const src = openSource(file, { overlay: false })
    try {
      const spans = src.queries.listSpans({ sessionId: PAIRS_SESSION, limit: 100 }).items
      const ends = Object.fromEntries(
        spans.filter((s) => s.spanId.startsWith('start_')).map((s) => [s.spanId, s.endTime]),
      )
      expect(ends).toEqual(PAIRS_EXPECTED)
      const fix = spans.find((s) => s.spanId === 'start_fix')!
      expect(fix.durationMs).toBe(3_000)
      expect(fix.startTime).toBe(PAIRS_T0 + 1_000)
      // one span, the start: the end traces stay spans of their own
      expect(spans).toHaveLength(9)
      // the detail reads the same
      expect(src.queries.getSpan(PAIRS_SESSION, 'start_corr')?.span.endTime).toBe(PAIRS_T0 + 3_500)
    } finally {
      src.close()
    }
    expect(fileFingerprint(file)).toEqual(before)
  })

  it('finds the end through the session/time index, not a scan of traces', () => {
    const seen: Array<[string, unknown[]]> = []
    const src = openSource(file, { overlay: false })
    observeQueries((sql, params) => seen.push([sql, params]))
    try {
      src.queries.listSpans({ sessionId: PAIRS_SESSION, limit: 100 })
    } finally {
      observeQueries(null)
      src.close()
    }
    const c = safeOpen(file)
    try {
      const plans = seen.map(([sql, p]) => explainPlan(c.db, sql, p).join(' | ')).join('\n')
      expect(plans).toMatch(
        /SEARCH e USING INDEX idx_traces_(session|agent)_timestamp \((session|agent)_id=\? AND timestamp>\?\)/,
      )
      expect(plans).not.toMatch(/SCAN (t|e)\b/)
    } finally {
      c.close()
    }
  })
})
