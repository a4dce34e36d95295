import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { openStore } from '../../src/main/store/traceStore'
import { openTempStore, type TempStore } from './storeTestUtils'

let t: TempStore
afterEach(async () => t?.cleanup())

const DAY = 86_400_000

/** a session with spans, an event, an error, a message, a task, a metric and memory */
function sessionRecords(id: string, time: number, pad = 0): TraceRecord[] {
  return [
    {
      kind: 'session',
      id,
      name: `run ${id}`,
      status: 'completed',
      startTime: time,
      endTime: time + 1000,
    },
    ...Array.from({ length: 20 }, (_, i) => ({
      kind: 'span' as const,
      sessionId: id,
      spanId: `${id}-span-${i}`,
      name: i ? 'tool.call' : 'agent.run',
      agentId: `${id}-agent`,
      startTime: time + i,
      endTime: time + i + 5,
      attributes: { note: `searchable${id}`, pad: 'x'.repeat(pad) },
    })),
    { kind: 'event', sessionId: id, time: time + 3, name: 'log', message: `log of ${id}` },
    { kind: 'error', sessionId: id, time: time + 4, type: 'E', message: `error of ${id}` },
    {
      kind: 'message',
      sessionId: id,
      senderAgentId: `${id}-agent`,
      receiverAgentId: 'other',
      time: time + 5,
      payload: 'hi',
    },
    { kind: 'task', id: `${id}-task`, sessionId: id, agentId: `${id}-agent`, startTime: time },
    { kind: 'metric', sessionId: id, time: time + 6, name: 'cpu', value: 1 },
    { kind: 'memory', sessionId: id, namespace: 'n', key: 'k', value: id, time, expiresAt: null },
  ]
}

describe('maintenance', () => {
  it('retention deletes old sessions with everything that hangs off them, search documents too', async () => {
    t = openTempStore()
    const now = Date.now()
    await t.store.write([
      ...sessionRecords('old', now - 40 * DAY),
      ...sessionRecords('new', now - DAY),
    ])
    await t.store.flush()
    expect(t.store.search({ text: 'searchableold' }).items.length).toBe(20)
    const report = await t.store.maintain({ retentionDays: 30 })
    expect(report.deletedSessions).toBe(1)
    expect(t.store.getSession('old')).toBeNull()
    expect(t.store.getSession('new')).not.toBeNull()
    const counts = t.store.stats().counts
    expect(counts).toMatchObject({
      sessions: 1,
      spans: 20,
      events: 1,
      errors: 1,
      messages: 1,
      tasks: 1,
      metrics: 1,
      memory: 1,
      agents: 2,
    })
    expect(t.store.search({ text: 'searchableold' }).items).toEqual([])
    expect(t.store.search({ text: 'searchablenew' }).items.length).toBe(20)
    // the writer keeps working after its cached session ids were deleted
    await t.store.write(sessionRecords('old', now))
    expect(t.store.getSession('old')!.spanCount).toBe(20)
  })

  it('keeps a session whose end time is old while its spans are still arriving', async () => {
    t = openTempStore()
    const now = Date.now()
    await t.store.write([
      // a bogus end time 40 days back, written by a tool with a broken clock
      { kind: 'session', id: 'alive', startTime: now - 41 * DAY, endTime: now - 40 * DAY },
      { kind: 'span', sessionId: 'alive', spanId: 'late', name: 'n', startTime: now - 1000 },
      { kind: 'session', id: 'dead', startTime: now - 41 * DAY, endTime: now - 40 * DAY },
      { kind: 'span', sessionId: 'dead', spanId: 'old', name: 'n', startTime: now - 41 * DAY },
    ])
    await t.store.flush()
    const report = await t.store.maintain({ retentionDays: 30 })
    expect(report.deletedSessions).toBe(1)
    expect(t.store.getSession('alive')).not.toBeNull()
    expect(t.store.getSession('dead')).toBeNull()
  })

  it('a writer whose session another process deleted recreates it instead of orphaning rows', async () => {
    t = openTempStore()
    const now = Date.now()
    await t.store.write(sessionRecords('gone', now - 40 * DAY))
    const other = openStore(t.file)
    try {
      expect((await other.maintain({ retentionDays: 30 })).deletedSessions).toBe(1)
    } finally {
      await other.close()
    }
    await t.store.write({
      kind: 'span',
      sessionId: 'gone',
      spanId: 'again',
      name: 'n',
      startTime: now,
    })
    expect(t.store.getSession('gone')).toMatchObject({ spanCount: 1 })
    expect(t.store.listSpans({ sessionId: 'gone' }).items.map((x) => x.spanId)).toEqual(['again'])
  })

  it('archives old sessions into another store file that openStore can open, then removes them here', async () => {
    t = openTempStore()
    const now = Date.now()
    await t.store.write([
      ...sessionRecords('a1', now - 10 * DAY),
      ...sessionRecords('a2', now - 9 * DAY),
      ...sessionRecords('keep', now),
    ])
    const archive = path.join(t.dir, 'archive.db')
    const report = await t.store.maintain({ archiveTo: archive, archiveOlderThanDays: 7 })
    expect(report.archivedSessions).toBe(2)
    expect(t.store.listSessions({}).items.map((s) => s.id)).toEqual(['keep'])

    const arc = openStore(archive, { readOnly: true })
    try {
      expect(
        arc
          .listSessions({ sort: 'name', order: 'asc' })
          .items.map((s) => [s.id, s.spanCount, s.errorCount, s.agentCount]),
      ).toEqual([
        ['a1', 20, 1, 2],
        ['a2', 20, 1, 2],
      ])
      const spans = arc.listSpans({ sessionId: 'a1', order: 'asc' }).items
      expect(spans).toHaveLength(20)
      expect(spans[0]).toMatchObject({
        spanId: 'a1-span-0',
        name: 'agent.run',
        agentId: 'a1-agent',
        attributes: { note: 'searchablea1' },
      })
      expect(arc.listErrors({ sessionId: 'a2' }).items[0].message).toBe('error of a2')
      expect(arc.listMessages({ sessionId: 'a1' }).items[0]).toMatchObject({
        senderAgentId: 'a1-agent',
        receiverAgentId: 'other',
      })
      expect(arc.listMemory({ sessionId: 'a2' }).items[0].value).toBe('a2')
      expect(arc.search({ text: 'searchablea2' }).items).toHaveLength(20)
    } finally {
      await arc.close()
    }

    // archiving again into the same file: a session already there is kept here, never lost
    await t.store.write(sessionRecords('a1', now - 10 * DAY))
    const again = await t.store.maintain({ archiveTo: archive, archiveOlderThanDays: 7 })
    expect(again.archivedSessions).toBe(0)
    expect(again.actions.join('\n')).toMatch(/session a1 already in/)
    expect(t.store.getSession('a1')).not.toBeNull()
    await expect(t.store.maintain({ archiveTo: t.file, archiveOlderThanDays: 1 })).rejects.toThrow(
      /into itself/,
    )
  })

  it('optimizes, vacuums incrementally and shrinks the file after deleting', async () => {
    t = openTempStore()
    const now = Date.now()
    const records = Array.from({ length: 30 }, (_, i) =>
      sessionRecords(`s${i}`, now - 100 * DAY, 2000),
    ).flat()
    await t.store.write(records)
    await t.store.flush()
    const big = t.store.stats().fileBytes
    const report = await t.store.maintain({ retentionDays: 1, optimize: true, vacuum: true })
    expect(report.deletedSessions).toBe(30)
    expect(report.bytesBefore).toBeGreaterThanOrEqual(big)
    expect(report.bytesAfter).toBeLessThan(report.bytesBefore / 2)
    expect(report.actions.join('\n')).toMatch(/optimize/)
    expect(report.actions.join('\n')).toMatch(/vacuum: released \d+ free pages/)
    expect(fs.statSync(t.file).size).toBeLessThan(big / 2)
  })
})
