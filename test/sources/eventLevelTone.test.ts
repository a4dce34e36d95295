// `events.list` with `levelTone` (the Logs tab's level groups, src/shared/levelTone.ts), filtered
// by the source: per format, exactly the lines whose level the group holds, checked against the
// group rule applied to every line of the session read unfiltered. And the native store's line
// agent: a line without one carries its span's, and the agent filter keeps it.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../src/shared/domain'
import type { TraceQueries } from '../../src/shared/queries'
import { invokeChannels } from '../../src/shared/contract/invoke'
import { LEVEL_TONES, levelTone } from '../../src/shared/levelTone'
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import {
  MOAI_AGENT_SESSION,
  tempDir,
  writeClaudeFlowDb,
  writeDdeutilDb,
  writeMoaiDb,
} from '../fixtures/seedWriters'
import { allPages } from '../fixtures/allPages'

const { dir, cleanup } = tempDir('ts-event-tone-')
afterAll(cleanup)

const T = Date.UTC(2026, 0, 1, 12, 0, 0)

const all = (q: TraceQueries, query: Parameters<TraceQueries['listEvents']>[0]): TraceEvent[] =>
  allPages((cursor) => q.listEvents({ ...query, cursor, limit: 3 }))
const ids = (es: TraceEvent[]) => es.map((e) => e.id).sort()

describe('events.list level group', () => {
  it('is part of the validated contract', () => {
    const schema = invokeChannels['events.list'].input
    expect(schema.safeParse({ sourceId: 'a', levelTone: 'error' }).success).toBe(true)
    expect(schema.safeParse({ sourceId: 'a', levelTone: 'errors' }).success).toBe(false)
    expect(schema.safeParse({ sourceId: 'a', levelTone: ['error'] }).success).toBe(false)
  })

  it('native store: every spelling of a group, info as every other level, span agents', async () => {
    const file = path.join(dir, 'native.db')
    const store = openStore(file)
    const levels = ['error', 'ERROR', 'Critical', 'fatal', 'warning', 'WARN', 'info', 'notice']
    await store.write([
      {
        kind: 'span',
        sessionId: 's1',
        spanId: 'chat',
        name: 'llm.chat',
        agentId: 'researcher',
        startTime: T,
        endTime: T + 100,
      },
      ...levels.map((level, i) => ({
        kind: 'event' as const,
        sessionId: 's1',
        id: `e${i}`,
        time: T + i,
        name: 'log',
        level,
        message: `line ${i}`,
        agentId: 'planner',
      })),
      { kind: 'event', sessionId: 's1', id: 'plain', time: T + 20, name: 'tool.call' },
      // no agent of its own: the span's
      {
        kind: 'event',
        sessionId: 's1',
        id: 'tok',
        spanId: 'chat',
        time: T + 30,
        name: 'token.stream',
      },
    ])
    await store.close()
    const src = openSource(file, { overlay: false })
    try {
      const every = all(src.queries, { sessionId: 's1' })
      expect(every).toHaveLength(levels.length + 2)
      for (const tone of LEVEL_TONES)
        expect(ids(all(src.queries, { sessionId: 's1', levelTone: tone })), tone).toEqual(
          ids(every.filter((e) => levelTone(e.level) === tone)),
        )
      expect(ids(all(src.queries, { sessionId: 's1', levelTone: 'error' }))).toEqual([
        'e0',
        'e1',
        'e2',
        'e3',
      ])
      expect(every.find((e) => e.id === 'tok')?.agentId).toBe('researcher')
      expect(every.find((e) => e.id === 'plain')?.agentId).toBeNull()
      expect(ids(all(src.queries, { sessionId: 's1', agentId: 'researcher' }))).toEqual(['tok'])
    } finally {
      src.close()
    }
  })

  const foreign: Array<[string, (f: string) => unknown, string | null]> = [
    ['ddeutil-workflow', (f) => writeDdeutilDb(f), null],
    ['MoAI SwarmDB', (f) => writeMoaiDb(f), MOAI_AGENT_SESSION],
    ['Claude-Flow', (f) => writeClaudeFlowDb(f), null],
  ]
  for (const [format, write, fixedSession] of foreign) {
    it(`${format}: the source returns exactly the lines of each group`, () => {
      const file = path.join(dir, `${format.replace(/\W/g, '')}.db`)
      write(file)
      const src = openSource(file, { overlay: false })
      try {
        const sessions = src.queries.listSessions({ limit: 50 }).items.map((s) => s.id)
        const sessionId =
          fixedSession ??
          sessions.find((id) => all(src.queries, { sessionId: id }).length > 1) ??
          sessions[0]
        const every = all(src.queries, { sessionId })
        expect(every.length, `${format} fixture has lines`).toBeGreaterThan(1)
        for (const tone of LEVEL_TONES)
          expect(ids(all(src.queries, { sessionId, levelTone: tone })), tone).toEqual(
            ids(every.filter((e) => levelTone(e.level) === tone)),
          )
      } finally {
        src.close()
      }
    })
  }
})
