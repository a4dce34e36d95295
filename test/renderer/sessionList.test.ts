import type { Session } from '../../src/shared/domain'
import { describe, expect, it } from 'vitest'
import {
  filterSessions,
  mergeSessions,
  nextSort,
  sortSessions,
} from '../../src/renderer/lib/sessionList'

function session(id: string, over: Partial<Session> = {}): Session {
  return {
    id,
    name: null,
    status: 'completed',
    startTime: 0,
    endTime: 10,
    durationMs: 10,
    spanCount: 0,
    errorCount: 0,
    unresolvedErrorCount: 0,
    agentCount: 0,
    live: false,
    lastActivity: 10,
    attributes: {},
    ...over,
  }
}

describe('sessions list', () => {
  const list = [
    session('s-a', { name: 'Alpha', spanCount: 5, durationMs: 100 }),
    session('s-b', {
      name: 'beta',
      spanCount: 50,
      errorCount: 2,
      durationMs: null,
      live: true,
      status: 'running',
    }),
    session('s-c', { name: null, spanCount: 1, durationMs: 5 }),
  ]

  it('sorts by a column, missing values last', () => {
    expect(sortSessions(list, 'spans', 'desc').map((s) => s.id)).toEqual(['s-b', 's-a', 's-c'])
    expect(sortSessions(list, 'duration', 'asc').map((s) => s.id)).toEqual(['s-c', 's-a', 's-b'])
    expect(sortSessions(list, 'duration', 'desc').map((s) => s.id)).toEqual(['s-a', 's-c', 's-b'])
    expect(sortSessions(list, 'name', 'asc').map((s) => s.id)).toEqual(['s-a', 's-b', 's-c'])
  })

  it('filters by text, status, live and errors', () => {
    expect(filterSessions(list, { text: 'ALP' }).map((s) => s.id)).toEqual(['s-a'])
    expect(filterSessions(list, { text: 's-c' }).map((s) => s.id)).toEqual(['s-c'])
    expect(filterSessions(list, { status: 'running' }).map((s) => s.id)).toEqual(['s-b'])
    expect(filterSessions(list, { onlyLive: true }).map((s) => s.id)).toEqual(['s-b'])
    expect(filterSessions(list, { onlyErrors: true }).map((s) => s.id)).toEqual(['s-b'])
  })

  it('merges live updates: replaces known sessions, puts new ones first', () => {
    const merged = mergeSessions(list, [session('s-b', { spanCount: 51 }), session('s-new')])
    expect(merged.map((s) => s.id)).toEqual(['s-new', 's-a', 's-b', 's-c'])
    expect(merged[2].spanCount).toBe(51)
  })

  it('flips order on the same column', () => {
    expect(nextSort({ key: 'spans', order: 'desc' }, 'spans')).toEqual({
      key: 'spans',
      order: 'asc',
    })
    expect(nextSort({ key: 'spans', order: 'desc' }, 'name')).toEqual({ key: 'name', order: 'asc' })
  })
})
