// A session's log lines paged from either end (eventQueries.ts): newest first by default, oldest
// first with `oldestFirst` (the Logs tab's "jump to oldest"), every line once either way, lines
// at one moment in a stable order, and a cursor of one order carrying on in that order.
import { afterEach, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import type { EventQuery } from '../../src/shared/queries'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
afterEach(async () => t?.cleanup())

/** 25 lines, two at each moment (so the order within a moment counts), plus one of another session */
async function seed(): Promise<string[]> {
  t = openTempStore()
  const records: TraceRecord[] = [{ kind: 'session', id: 's', name: 's', status: 'completed' }]
  const ids: string[] = []
  for (let i = 0; i < 25; i++) {
    ids.push(`l${i}`)
    records.push({
      kind: 'event',
      id: `l${i}`,
      sessionId: 's',
      time: T0 + Math.floor(i / 2),
      name: 'log',
      level: i % 5 === 0 ? 'error' : 'info',
      message: `line ${i}`,
    })
  }
  records.push({ kind: 'event', id: 'other', sessionId: 'o', time: T0, name: 'log', message: 'x' })
  await t.store.write(records)
  return ids
}

function pages(q: EventQuery): string[][] {
  const out: string[][] = []
  let cursor: string | null = null
  do {
    const page = t.store.listEvents({ ...q, cursor, limit: 10 })
    out.push(page.items.map((e) => e.id))
    cursor = page.nextCursor
  } while (cursor)
  return out
}

describe('listEvents', () => {
  it('pages a session oldest first with oldestFirst, newest first without', async () => {
    const ids = await seed()
    const up = pages({ sessionId: 's', oldestFirst: true })
    expect(up.map((p) => p.length)).toEqual([10, 10, 5])
    expect(up.flat()).toEqual(ids)
    const down = pages({ sessionId: 's' })
    expect(down.flat()).toEqual([...ids].reverse())
  })

  it('keeps the filters when reading oldest first', async () => {
    await seed()
    const errors = pages({ sessionId: 's', oldestFirst: true, levelTone: 'error' }).flat()
    expect(errors).toEqual(['l0', 'l5', 'l10', 'l15', 'l20'])
    expect(pages({ sessionId: 's', oldestFirst: true, text: 'LINE 2' }).flat()).toEqual([
      'l2',
      'l20',
      'l21',
      'l22',
      'l23',
      'l24',
    ])
  })
})

describe('listEventAgents', () => {
  it("names every agent of a session's lines: its own, or its span's, and no other session's", async () => {
    t = openTempStore()
    await t.store.write([
      { kind: 'session', id: 's', name: 's' },
      {
        kind: 'span',
        sessionId: 's',
        spanId: 'sp',
        name: 'llm.chat',
        agentId: 'writer',
        startTime: T0,
      },
      // no agent record and no span: the agent is named by this line only
      {
        kind: 'event',
        sessionId: 's',
        time: T0 + 1,
        name: 'log',
        agentId: 'only-on-a-line',
        message: 'a',
      },
      {
        kind: 'event',
        sessionId: 's',
        spanId: 'sp',
        time: T0 + 2,
        name: 'token.stream',
        message: 'b',
      },
      { kind: 'event', sessionId: 'o', time: T0, name: 'log', agentId: 'elsewhere', message: 'c' },
    ])
    const lineAgents = new Set(
      t.store.listEvents({ sessionId: 's', limit: 100 }).items.map((e) => e.agentId),
    )
    expect([...lineAgents].sort()).toEqual(['only-on-a-line', 'writer'])
    expect(t.store.listEventAgents('s')).toEqual(['only-on-a-line', 'writer'])
    expect(t.store.listEventAgents('o')).toEqual(['elsewhere'])
    expect(t.store.listEventAgents('no-such-session')).toEqual([])
  })
})
