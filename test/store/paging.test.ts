import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page, SessionQuery } from '../../src/shared/queries'
import { swarm } from '../../bench/syntheticSwarm'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
beforeAll(async () => {
  t = openTempStore()
  await t.store.write(
    swarm({ spans: 2000, spansPerSession: 40, concurrentSessions: 7, startTime: T0 }),
  )
  // equal start times in one session: the keyset tiebreak must still page them exactly once
  await t.store.write(
    Array.from({ length: 30 }, (_, i) => ({
      kind: 'span' as const,
      sessionId: 'ties',
      spanId: i % 2 ? `t${i}` : (1000 + i).toString(16).padStart(16, '0'),
      name: 'same',
      startTime: T0,
    })),
  )
})
afterAll(async () => t.cleanup())

function collect<T>(fetch: (cursor: string | null) => Page<T>, limit: number): T[] {
  const all: T[] = []
  let cursor: string | null = null
  for (let guard = 0; guard < 1000; guard++) {
    const page = fetch(cursor)
    expect(page.items.length).toBeLessThanOrEqual(limit)
    all.push(...page.items)
    if (!page.nextCursor) return all
    cursor = page.nextCursor
  }
  throw new Error('paging did not end')
}

describe('keyset paging', () => {
  it('pages every session exactly once in every sort order', () => {
    const total = t.store.listSessions({ limit: 5000 }).items.length
    expect(total).toBe(51)
    const sorts: Array<SessionQuery['sort']> = [
      'lastActivity',
      'startTime',
      'duration',
      'spans',
      'errors',
      'name',
    ]
    for (const sort of sorts) {
      for (const order of ['asc', 'desc'] as const) {
        const ids = collect(
          (cursor) => t.store.listSessions({ sort, order, limit: 7, cursor }),
          7,
        ).map((s) => s.id)
        expect(new Set(ids).size).toBe(total)
        expect(ids).toHaveLength(total)
      }
    }
    const bySpans = t.store.listSessions({ sort: 'spans', order: 'desc', limit: 5000 }).items
    expect(bySpans[0].spanCount).toBeGreaterThanOrEqual(bySpans[bySpans.length - 1].spanCount)
  })

  it('pages the spans of one session newest first, ties included, without gaps or repeats', () => {
    for (const sessionId of ['swarm-000004', 'ties']) {
      const expected = t.store.getSession(sessionId)!.spanCount
      const spans = collect((cursor) => t.store.listSpans({ sessionId, limit: 9, cursor }), 9)
      expect(spans).toHaveLength(expected)
      expect(new Set(spans.map((s) => s.spanId)).size).toBe(expected)
      for (let i = 1; i < spans.length; i++)
        expect(spans[i].startTime).toBeLessThanOrEqual(spans[i - 1].startTime)
    }
  })

  it('pages spans across sessions and errors by time', () => {
    const all = collect(
      (cursor) => t.store.listSpans({ since: T0, limit: 500, cursor, order: 'asc' }),
      500,
    )
    expect(all).toHaveLength(2030)
    const errors = collect((cursor) => t.store.listErrors({ limit: 3, cursor }), 3)
    expect(errors.length).toBe(t.store.stats().counts.errors)
  })

  it('refuses a damaged cursor with a clear error', () => {
    expect(() => t.store.listSpans({ sessionId: 'ties', cursor: 'not-a-cursor' })).toThrow(
      /invalid cursor/,
    )
  })

  it('filters one session by agent, status, name and time window', () => {
    const s = 'swarm-000002'
    const agent = t.store.listAgents({ sessionId: s }).items[0].id
    const byAgent = t.store.listSpans({ sessionId: s, agentIds: [agent], limit: 5000 }).items
    expect(byAgent.length).toBeGreaterThan(0)
    expect(byAgent.every((x) => x.agentId === agent)).toBe(true)
    const ok = t.store.listSpans({ sessionId: s, status: 'ok', limit: 5000 }).items
    expect(ok.every((x) => x.status === 'ok')).toBe(true)
    const named = t.store.listSpans({ sessionId: s, name: 'agent.run', limit: 5000 }).items
    expect(named.length).toBe(5)
    const mid = byAgent[Math.floor(byAgent.length / 2)].startTime
    const window = t.store.listSpans({ sessionId: s, since: mid, until: mid, limit: 5000 }).items
    expect(window.map((x) => x.startTime)).toEqual([mid])
    expect(t.store.listSpans({ sessionId: s, name: 'no.such.name' }).items).toEqual([])
    expect(t.store.listSpans({ sessionId: 'no-such-session' })).toEqual({
      items: [],
      nextCursor: null,
    })
  })
})
