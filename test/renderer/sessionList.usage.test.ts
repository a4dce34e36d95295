// Sorting the sessions list by tokens and by cost.
import { describe, expect, it } from 'vitest'
import { sortSessions } from '../../src/renderer/lib/sessionList'
import { emptyTotals, type UsageTotals } from '../../src/shared/genai/usageTotals'
import type { Session } from '../../src/shared/domain'

function session(id: string, usage?: Partial<UsageTotals>): Session {
  return {
    id,
    name: null,
    status: 'completed',
    startTime: 0,
    endTime: 1,
    durationMs: 1,
    spanCount: 1,
    errorCount: 0,
    unresolvedErrorCount: 0,
    agentCount: 1,
    live: false,
    lastActivity: 1,
    attributes: {},
    ...(usage ? { usage: { ...emptyTotals(), ...usage } } : {}),
  }
}

describe('sortSessions by usage', () => {
  const list = [
    session('none'),
    session('cheap', { inputTokens: 5000, outputTokens: 10, costUsd: 0.01 }),
    session('unpriced', {
      inputTokens: 9000,
      outputTokens: 0,
      costUsd: null,
      unpricedTokens: 9000,
    }),
    session('dear', { inputTokens: 100, outputTokens: 200, costUsd: 2.5 }),
  ]

  it('sorts by cost, sessions with no known cost last either way', () => {
    expect(sortSessions(list, 'cost', 'desc').map((s) => s.id)).toEqual([
      'dear',
      'cheap',
      'none',
      'unpriced',
    ])
    expect(sortSessions(list, 'cost', 'asc').map((s) => s.id)).toEqual([
      'cheap',
      'dear',
      'none',
      'unpriced',
    ])
  })

  it('sorts by total tokens', () => {
    expect(sortSessions(list, 'tokens', 'desc').map((s) => s.id)).toEqual([
      'unpriced',
      'cheap',
      'dear',
      'none',
    ])
  })
})
