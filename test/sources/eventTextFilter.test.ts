// `events.list` with `text` (and level, agent): filtered by the source in SQL, with the Logs tab's
// rule (name or message contains the text, ignoring case). Per format: the native store with
// literal lines, and each foreign format's own fixture checked against that rule applied to every
// line of the session, read unfiltered.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../src/shared/domain'
import type { TraceQueries } from '../../src/shared/queries'
import { invokeChannels } from '../../src/shared/contract/invoke'
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import {
  fileFingerprint,
  MOAI_AGENT_SESSION,
  tempDir,
  writeClaudeFlowDb,
  writeDdeutilDb,
  writeMoaiDb,
} from '../fixtures/seedWriters'
import { allPages } from '../fixtures/allPages'

const { dir, cleanup } = tempDir('ts-event-text-')
afterAll(cleanup)

const T = Date.UTC(2026, 0, 1, 12, 0, 0)

const all = (q: TraceQueries, query: Parameters<TraceQueries['listEvents']>[0]): TraceEvent[] =>
  allPages((cursor) => q.listEvents({ ...query, cursor, limit: 500 }))

/** the Logs tab's text rule (src/renderer/lib/logView.ts) */
const matches = (e: TraceEvent, text: string) =>
  e.name.toLowerCase().includes(text.toLowerCase()) ||
  (e.message?.toLowerCase().includes(text.toLowerCase()) ?? false)

describe('events.list text filter', () => {
  it('is part of the validated contract', () => {
    const schema = invokeChannels['events.list'].input
    expect(schema.safeParse({ sourceId: 'a', sessionId: 's', text: 'disk' }).success).toBe(true)
    expect(schema.safeParse({ sourceId: 'a', text: 7 }).success).toBe(false)
    expect(schema.safeParse({ sourceId: 'a', text: 'x'.repeat(1001) }).success).toBe(false)
  })

  it('native store: message or name, any case, wildcards literal, with level and agent', async () => {
    const file = path.join(dir, 'native.db')
    const store = openStore(file)
    const ev = (
      i: number,
      name: string,
      message: string | null,
      level: string,
      agentId: string,
    ) => ({
      kind: 'event' as const,
      sessionId: 's1',
      id: `e${i}`,
      time: T + i,
      name,
      message,
      level,
      agentId,
    })
    await store.write([
      ev(1, 'log', 'Disk FULL on /var', 'error', 'planner'),
      ev(2, 'log', 'disk ok', 'info', 'coder'),
      ev(3, 'disk.check', null, 'info', 'coder'),
      ev(4, 'log', '100% done', 'info', 'coder'),
      ev(5, 'log', 'nothing here', 'warn', 'planner'),
    ])
    await store.close()
    const src = openSource(file, { overlay: false })
    try {
      const ids = (q: Parameters<TraceQueries['listEvents']>[0]) =>
        all(src.queries, { sessionId: 's1', ...q })
          .map((e) => e.id)
          .sort()
      expect(ids({ text: 'disk' })).toEqual(['e1', 'e2', 'e3'])
      expect(ids({ text: '  DISK ' })).toEqual(['e1', 'e2', 'e3'])
      expect(ids({ text: '%' })).toEqual(['e4'])
      expect(ids({ text: 'disk', level: 'info' })).toEqual(['e2', 'e3'])
      expect(ids({ text: 'disk', agentId: 'planner' })).toEqual(['e1'])
      expect(ids({ text: 'absent' })).toEqual([])
    } finally {
      src.close()
    }
  })

  const foreign: Array<[string, (f: string) => unknown, string | null]> = [
    ['ddeutil-workflow', (f) => writeDdeutilDb(f), null],
    ['MoAI SwarmDB', (f) => writeMoaiDb(f), MOAI_AGENT_SESSION],
    [
      'Claude-Flow',
      (f) => {
        writeClaudeFlowDb(f)
        // its fixture's trace_events are all heartbeats: give half of them another type
        const db = new Database(f)
        db.exec("UPDATE trace_events SET type = 'task_assigned' WHERE rowid % 2 = 0")
        db.close()
      },
      null,
    ],
  ]
  for (const [format, write, fixedSession] of foreign) {
    it(`${format}: the source returns exactly the lines the Logs rule keeps`, () => {
      const file = path.join(dir, `${format.replace(/\W/g, '')}.db`)
      write(file)
      const before = fileFingerprint(file)
      const src = openSource(file, { overlay: false })
      try {
        const sessions = src.queries.listSessions({ limit: 50 }).items.map((s) => s.id)
        const sessionId =
          fixedSession ??
          sessions.find((id) => all(src.queries, { sessionId: id }).length > 1) ??
          sessions[0]
        const every = all(src.queries, { sessionId })
        expect(every.length, `${format} fixture has lines`).toBeGreaterThan(1)
        // a word of some lines but not all, in another case: found, and only its like
        const words = every.flatMap((e) => `${e.name} ${e.message ?? ''}`.split(/[^A-Za-z]+/))
        const word = [...new Set(words.filter((w) => w.length >= 4))]
          .sort((a, b) => a.localeCompare(b))
          .find((w) => {
            const n = every.filter((e) => matches(e, w)).length
            return n > 0 && n < every.length
          })
        expect(word, `${format} fixture has a word of some lines`).toBeDefined()
        const text = word!.toUpperCase()
        const want = every
          .filter((e) => matches(e, text))
          .map((e) => e.id)
          .sort()
        const got = all(src.queries, { sessionId, text })
          .map((e) => e.id)
          .sort()
        expect(got.length).toBeGreaterThan(0)
        expect(got).toEqual(want)
        expect(all(src.queries, { sessionId, text: 'no-such-text-anywhere' })).toEqual([])
      } finally {
        src.close()
      }
      expect(fileFingerprint(file)).toEqual(before)
    })
  }
})
