// Per seed: fixture written by its own writer → detect → open → sessions, spans (tree), errors,
// paging, and the file byte-for-byte unchanged afterwards.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import type { TraceQueries } from '../../src/shared/queries'
import { openSource } from '../../src/main/sources/openSource'
import {
  fileFingerprint,
  tempDir,
  writeClaudeFlowDb,
  writeClaudeFlowEventsDb,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
  type FixtureSummary,
} from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-seeds-')
let prevHome: string | undefined
beforeAll(() => {
  prevHome = process.env.TRACESCOPE_HOME
  process.env.TRACESCOPE_HOME = path.join(dir, 'home')
})
afterAll(() => {
  if (prevHome === undefined) delete process.env.TRACESCOPE_HOME
  else process.env.TRACESCOPE_HOME = prevHome
  cleanup()
})

function allSpans(q: TraceQueries, sessionId: string, limit = 3): Span[] {
  const out: Span[] = []
  let cursor: string | null = null
  do {
    const page = q.listSpans({ sessionId, limit, cursor, order: 'asc' })
    expect(page.items.length).toBeLessThanOrEqual(limit)
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

const round = (n: number | null) => (n === null ? null : Math.round(n))

type Writer = (file: string) => FixtureSummary
const cases: Array<[string, Writer]> = [
  ['claude-flow', (f) => writeClaudeFlowDb(f)],
  [
    'claude-flow (seconds, extra columns, no relationships table)',
    (f) =>
      writeClaudeFlowDb(f, {
        timeFormat: 'seconds',
        extraColumns: true,
        omitTables: ['trace_relationships', 'agents'],
      }),
  ],
  [
    'claude-flow (ISO text timestamps)',
    (f) => writeClaudeFlowDb(f, { timeFormat: 'iso', wal: false }),
  ],
  [
    'claude-flow (no sessions/error_events tables: error-phase traces are the errors)',
    (f) => {
      const fx = writeClaudeFlowDb(f, { omitTables: ['sessions', 'error_events'] })
      const errors = fx.spans
        .filter((s) => s.status === 'error')
        .map((s) => ({
          id: s.spanId,
          sessionId: s.sessionId,
          spanId: s.spanId,
          type: 'error',
          message: `tool call failed in step ${fx.spans.filter((x) => x.sessionId === s.sessionId).indexOf(s)}`,
          resolved: false,
        }))
      return { ...fx, errors }
    },
  ],
  ['claude-flow (tracing schema.sql: trace_events only)', (f) => writeClaudeFlowEventsDb(f)],
  ['ddeutil-workflow', (f) => writeDdeutilDb(f)],
  [
    'ddeutil-workflow (ms integers, WAL)',
    (f) => writeDdeutilDb(f, { timeFormat: 'ms', wal: true, extraColumns: true }),
  ],
  ['moai-swarmdb', (f) => writeMoaiDb(f)],
  [
    'moai-swarmdb (no task/metric tables)',
    (f) => writeMoaiDb(f, { omitTables: ['task_metrics', 'agent_metrics', 'swarm_metrics'] }),
  ],
  [
    'moai-swarmdb (no registry, no agent metrics, float-second events)',
    (f) =>
      writeMoaiDb(f, { omitTables: ['agent_registry', 'agent_metrics'], timeFormat: 'seconds' }),
  ],
  ['flujo (code schema)', (f) => writeFlujoDb(f)],
  [
    'flujo (doc schema, perf_counter times)',
    (f) => writeFlujoDb(f, { variant: 'doc', monotonic: true, extraColumns: true }),
  ],
  ['session-store', (f) => writeSessionStoreDb(f)],
  [
    'session-store (denormalized, shared session)',
    (f) => writeSessionStoreDb(f, { denormalized: true, sharedSession: true, extraColumns: true }),
  ],
]

describe.each(cases)('%s', (label, write) => {
  const file = path.join(dir, `${label.replace(/\W+/g, '_')}.db`)
  let fx: FixtureSummary
  let before: ReturnType<typeof fileFingerprint>
  let src: ReturnType<typeof openSource>
  beforeAll(() => {
    fx = write(file)
    before = fileFingerprint(file)
    src = openSource(file)
  })
  afterAll(() => src?.close())

  it('is detected as its kind and opened read-only', () => {
    expect(src.kind).toBe(fx.kind)
    expect(src.readOnly).toBe(true)
    const info = src.queries.info()
    expect(info.kind).toBe(fx.kind)
    for (const t of fx.tables) expect(info.tables).toContain(t)
  })

  it('lists the sessions under their own ids, paged', () => {
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page = src.queries.listSessions({ limit: 2, cursor })
      expect(page.items.length).toBeLessThanOrEqual(2)
      ids.push(...page.items.map((s) => s.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(new Set(ids)).toEqual(new Set(fx.sessionIds))
    expect(ids.length).toBe(fx.sessionIds.length)
  })

  it('filters sessions by time: all since the epoch, none before the first record', () => {
    const first = Math.min(...fx.spans.map((s) => s.startMs))
    expect(src.queries.listSessions({ since: 0 }).items.length).toBe(fx.sessionIds.length)
    const early = src.queries.listSessions({ until: first - 3_600_000 }).items
    expect(early.filter((s) => s.spanCount > 0)).toEqual([])
  })

  it('gives every span of every session with times, status and parents as written', () => {
    for (const sid of fx.sessionIds) {
      const want = fx.spans.filter((s) => s.sessionId === sid)
      const got = allSpans(src.queries, sid)
      expect(got.map((s) => s.spanId).sort()).toEqual(want.map((s) => s.spanId).sort())
      for (const w of want) {
        const g = got.find((s) => s.spanId === w.spanId) as Span
        expect({
          parent: g.parentSpanId,
          status: g.status,
          start: round(g.startTime),
          end: round(g.endTime),
          name: g.name,
        }).toEqual({
          parent: w.parentSpanId,
          status: w.status,
          start: w.startMs,
          end: w.endMs,
          name: w.name,
        })
      }
      // start order
      const starts = got.map((s) => s.startTime)
      expect([...starts].sort((a, b) => a - b)).toEqual(starts)
      const session = src.queries.getSession(sid)
      expect(session?.id).toBe(sid)
      if (want.length) expect(session?.spanCount).toBe(want.length)
    }
  })

  it('filters spans by time range in the file’s own time format, and pages across sessions', () => {
    const sid = fx.sessionIds.find((id) => fx.spans.filter((s) => s.sessionId === id).length >= 3)
    if (!sid) return
    const mine = fx.spans.filter((s) => s.sessionId === sid).sort((a, b) => a.startMs - b.startMs)
    const since = mine[1].startMs
    const until = mine[mine.length - 2].startMs
    const want = mine.filter((s) => s.startMs >= since && s.startMs <= until).map((s) => s.spanId)
    const got = src.queries
      .listSpans({ sessionId: sid, since, until, limit: 5000 })
      .items.map((s) => s.spanId)
    expect(got.sort()).toEqual(want.sort())
    // every span once when paging without a session
    const all: string[] = []
    let cursor: string | null = null
    do {
      const page = src.queries.listSpans({ limit: 7, cursor })
      all.push(...page.items.map((s) => `${s.sessionId}/${s.spanId}`))
      cursor = page.nextCursor
    } while (cursor)
    expect(new Set(all).size).toBe(all.length)
    expect(new Set(all.map((k) => k.split('/').pop()))).toEqual(
      new Set(fx.spans.map((s) => s.spanId)),
    )
  })

  it('builds the span tree: getSpan gives parent and children', () => {
    const withParent = fx.spans.find(
      (s) =>
        s.parentSpanId &&
        fx.spans.some((p) => p.spanId === s.parentSpanId && p.sessionId === s.sessionId),
    )
    if (!withParent)
      return expect(
        fx.spans.every(
          (s) => s.parentSpanId === null || !fx.spans.some((p) => p.spanId === s.parentSpanId),
        ),
      ).toBe(true)
    const parentId = withParent.parentSpanId as string
    const detail = src.queries.getSpan(withParent.sessionId, withParent.spanId)
    expect(detail?.parent?.spanId).toBe(parentId)
    const parentDetail = src.queries.getSpan(withParent.sessionId, parentId)
    const wantChildren = fx.spans
      .filter((s) => s.parentSpanId === parentId && s.sessionId === withParent.sessionId)
      .map((s) => s.spanId)
    for (const c of wantChildren) expect(parentDetail?.children.map((k) => k.spanId)).toContain(c)
    expect(src.queries.getSpan(withParent.sessionId, 'no-such-span')).toBeNull()
  })

  it('lists the errors with ids, spans and resolved flags as written', () => {
    const got = src.queries.listErrors({ limit: 1000 }).items
    expect(got.map((e) => e.id).sort()).toEqual([...new Set(fx.errors.map((e) => e.id))].sort())
    const unresolved = src.queries.listErrors({ resolved: false }).items
    expect(unresolved.length).toBe(
      new Set(fx.errors.filter((e) => !e.resolved).map((e) => e.id)).size,
    )
    for (const sid of fx.sessionIds) {
      const want = fx.errors.filter((e) => e.sessionId === sid)
      const inSession = src.queries.listErrors({ sessionId: sid }).items
      expect(inSession.map((e) => e.id).sort()).toEqual(want.map((e) => e.id).sort())
      for (const w of want) {
        const g = inSession.find((e) => e.id === w.id)
        expect({
          session: g?.sessionId,
          span: g?.spanId,
          type: g?.type,
          message: g?.message,
          resolved: g?.resolved,
        }).toEqual({
          session: w.sessionId,
          span: w.spanId,
          type: w.type,
          message: w.message,
          resolved: w.resolved,
        })
      }
      if (fx.spans.some((s) => s.sessionId === sid))
        expect(src.queries.getSession(sid)?.errorCount).toBe(want.length)
    }
  })

  it('answers the other queries without failing', () => {
    const sid = fx.sessionIds[0]
    const events = src.queries.listEvents({ sessionId: sid, limit: 1000 }).items
    expect(events.length).toBe(fx.eventsBySession[sid] ?? 0)
    const graph = src.queries.sessionGraph(sid)
    expect(graph.sessionId).toBe(sid)
    const stats = src.queries.stats()
    expect(stats.kind).toBe(fx.kind)
    expect(stats.fileBytes).toBeGreaterThan(0)
    expect(src.queries.search({ text: fx.spans[0]?.name ?? 'x' }).items.length).toBeGreaterThan(0)
    expect(typeof src.queries.changeToken()).toBe('number')
  })

  it('lists messages, tasks, memory, metrics and agents as written', () => {
    const q = src.queries
    expect(q.listMessages({ limit: 5000 }).items.length).toBe(fx.messageCount)
    expect(q.listTasks({ limit: 5000 }).items.length).toBe(fx.taskCount)
    expect(q.listMemory({ limit: 5000 }).items.length).toBe(fx.memoryCount)
    const metrics = q.listMetrics({ limit: 5000 }).items
    if (fx.metricRows) expect(metrics.length).toBeGreaterThanOrEqual(fx.metricRows)
    else expect(metrics).toEqual([])
    for (const m of metrics) expect(Number.isFinite(m.time) && m.time > 0).toBe(true)
    // agents tables, SwarmDB's registry or events, or (Claude-Flow without one) the traces' agent ids
    if (fx.agentIds.length)
      expect(new Set(q.listAgents({ limit: 5000 }).items.map((a) => a.id))).toEqual(
        new Set(fx.agentIds),
      )
  })

  it('left the file byte-for-byte unchanged (and its side files as they were)', () => {
    src.close()
    expect(fileFingerprint(file)).toEqual(before)
  })
})

describe("columns the tools' documents do not know end up in attributes", () => {
  it.each([
    ['claude-flow', (f: string) => writeClaudeFlowDb(f, { extraColumns: true }), 'tenant', 'acme'],
    ['flujo', (f: string) => writeFlujoDb(f, { extraColumns: true }), 'trace_version', 'v2'],
    [
      'session-store',
      (f: string) => writeSessionStoreDb(f, { extraColumns: true }),
      'model',
      'claude-sonnet-4',
    ],
  ] as const)('%s', (kind, write, column, value) => {
    const file = path.join(dir, `extra-${kind}.db`)
    write(file)
    const src = openSource(file, { overlay: false })
    try {
      const spans = src.queries.listSpans({ limit: 50 }).items
      expect(spans.length).toBeGreaterThan(0)
      for (const s of spans) expect(s.attributes[column]).toBe(value)
    } finally {
      src.close()
    }
  })

  it('ddeutil: unmapped log columns are event attributes', () => {
    const file = path.join(dir, 'extra-ddeutil.db')
    writeDdeutilDb(file, { extraColumns: true })
    const src = openSource(file, { overlay: false })
    try {
      const ev = src.queries.listEvents({ limit: 5 }).items
      expect(ev.length).toBe(5)
      for (const e of ev)
        expect(e.attributes).toMatchObject({
          environment: 'production',
          hostname: 'laptop',
          tags: ['etl'],
        })
    } finally {
      src.close()
    }
  })
})

describe('recent first', () => {
  it('Claude-Flow sessions are ordered by their last written trace, not their start', async () => {
    const file = path.join(dir, 'recent.db')
    const fx = writeClaudeFlowDb(file, { wal: false })
    const oldest = fx.sessionIds[fx.sessionIds.length - 1]
    const Database = (await import('better-sqlite3')).default
    const w = new Database(file)
    w.prepare(
      "INSERT INTO traces (id, session_id, agent_id, type, phase, timestamp, correlation_id) VALUES ('late', ?, 'a', 'coordination', 'complete', ?, 'c')",
    ).run(oldest, Date.UTC(2030, 0, 1))
    w.close()
    const src = openSource(file, { overlay: false })
    try {
      const ids = src.queries.listSessions({}).items.map((s) => s.id)
      expect(ids[0]).toBe(oldest)
      expect(src.queries.listSessions({ sort: 'startTime' }).items[0].id).toBe(fx.sessionIds[0])
    } finally {
      src.close()
    }
  })
})
