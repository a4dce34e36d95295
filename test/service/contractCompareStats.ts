// The contract table's cases for run comparison and statistics (runs.compare, stats.groups,
// stats.cohort), kept beside contract.test.ts so that file stays small.
import { expect } from 'vitest'
import type { SeededStore } from './serviceFixtures'

interface Case {
  valid: () => Record<string, unknown>
  check?: (out: unknown) => void
  invalid: () => Record<string, unknown>
  field: string
}

export function compareAndStatsCases(
  ctx: () => { src: string; seeded: SeededStore },
): Record<'runs.compare' | 'stats.groups' | 'stats.cohort', Case> {
  return {
    'stats.groups': {
      valid: () => ({
        sourceId: ctx().src,
        groupBy: 'name',
        sessionId: ctx().seeded.sessionId,
        key: 'never',
      }),
      check: (o) => {
        const r = o as { spans: number; groups: Array<{ count: number }>; slowest: unknown[] }
        expect(r.spans).toBe(ctx().seeded.spanIds.length)
        expect(r.groups.reduce((n, g) => n + g.count, 0)).toBe(ctx().seeded.spanIds.length)
        expect(r.slowest).toEqual([])
      },
      invalid: () => ({ sourceId: ctx().src, groupBy: 'colour' }),
      field: 'groupBy',
    },
    'stats.cohort': {
      valid: () => ({ sourceId: ctx().src, selection: { kind: 'failed' } }),
      check: (o) => {
        const r = o as { selection: number; baseline: number }
        expect(r.selection).toBe(1)
        expect(r.selection + r.baseline).toBe(ctx().seeded.spanIds.length)
      },
      invalid: () => ({ sourceId: ctx().src, selection: { kind: 'slowest', percent: 120 } }),
      field: 'selection.percent',
    },
    'runs.compare': {
      // a run compared with itself: every span on one step, none changed
      valid: () => ({
        sourceId: ctx().src,
        sessionA: ctx().seeded.sessionId,
        sessionB: ctx().seeded.sessionId,
      }),
      check: (o) => {
        const c = o as { steps: Array<{ change: string }>; summary: { spans: { a: number } } }
        expect(c.summary.spans.a).toBe(ctx().seeded.spanIds.length)
        expect(c.steps).toHaveLength(ctx().seeded.spanIds.length)
        expect(c.steps.every((s) => s.change === 'same')).toBe(true)
      },
      invalid: () => ({ sourceId: ctx().src, sessionA: ctx().seeded.sessionId, sessionB: '' }),
      field: 'sessionB',
    },
  }
}
