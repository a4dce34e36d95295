// Every index exists for a query: these tests prove the plans (and that no list sorts in a temp
// B-tree where an index gives the order).
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Dictionary } from '../../src/main/store/dictionary'
import { listErrors } from '../../src/main/store/errorQueries'
import { listEventAgents, listEvents } from '../../src/main/store/eventQueries'
import { listMessages, listTasks } from '../../src/main/store/agentQueries'
import { listMemory, listMetrics } from '../../src/main/store/metricQueries'
import { QueryContext } from '../../src/main/store/queryContext'
import { listSessions } from '../../src/main/store/sessionQueries'
import { listSpans } from '../../src/main/store/spanQueries'
import { prepareWriteStatements } from '../../src/main/store/writeStatements'
import { swarm } from '../../bench/syntheticSwarm'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
let db: Database.Database
let ctx: QueryContext

beforeAll(async () => {
  t = openTempStore()
  await t.store.write(swarm({ spans: 3000, spansPerSession: 300, startTime: T0 }))
  await t.store.close()
  db = new Database(t.file, { readonly: true })
  ctx = new QueryContext(db, new Dictionary(db, true))
})
afterAll(async () => {
  db.close()
  await t.cleanup()
})

function plan(): string {
  const last = ctx.last!
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${last.sql}`).all(...last.params) as Array<{
    detail: string
  }>
  return rows.map((r) => r.detail).join('\n')
}

describe('query plans', () => {
  it('last N minutes of one session, newest first: a range scan of (session, start_time)', () => {
    const page = listSpans(ctx, {
      sessionId: 'swarm-000003',
      since: T0 + 2_000,
      limit: 50,
      order: 'desc',
    })
    expect(page.items.length).toBeGreaterThan(0)
    const p = plan()
    expect(p).toMatch(/SEARCH s USING INDEX spans_session_time \(session=\? AND start_time>\?\)/)
    expect(p).not.toMatch(/TEMP B-TREE/)
  })

  it('the same page without attributes reads only the index (no table row per span)', () => {
    const page = listSpans(ctx, {
      sessionId: 'swarm-000003',
      since: T0 + 2_000,
      limit: 50,
      order: 'desc',
      withAttributes: false,
    })
    expect(page.items.length).toBeGreaterThan(0)
    const p = plan()
    expect(p).toMatch(
      /SEARCH s USING COVERING INDEX spans_session_time \(session=\? AND start_time>\?\)/,
    )
    expect(p).not.toMatch(/TEMP B-TREE/)
  })

  it('the next page of that query continues the same range scan (keyset, not OFFSET)', () => {
    const first = listSpans(ctx, { sessionId: 'swarm-000003', limit: 20 })
    listSpans(ctx, { sessionId: 'swarm-000003', limit: 20, cursor: first.nextCursor })
    const p = plan()
    expect(p).toMatch(/SEARCH s USING INDEX spans_session_time \(session=\?/)
    expect(p).not.toMatch(/TEMP B-TREE/)
    expect(ctx.last!.sql).not.toMatch(/OFFSET/i)
  })

  it("spans of one agent across sessions read only that agent's sessions", () => {
    const page = listSpans(ctx, { agentIds: ['swarm-000001-coder-1'], limit: 10 })
    expect(page.items.length).toBeGreaterThan(0)
    expect(page.items.every((s) => s.agentId === 'swarm-000001-coder-1')).toBe(true)
    const p = plan()
    expect(p).toMatch(/SEARCH s USING INDEX spans_session_time \(session=\?\)/)
    expect(p).toMatch(/SEARCH agents USING INDEX agents_agent \(agent=\?\)/)
  })

  it('spans across sessions by time range use (start_time)', () => {
    listSpans(ctx, { since: T0 + 1000, until: T0 + 5000, limit: 10 })
    const p = plan()
    expect(p).toMatch(/SEARCH s USING INDEX spans_time \(start_time>\? AND start_time<\?\)/)
    expect(p).not.toMatch(/TEMP B-TREE/)
  })

  it('errors, events, messages and metrics use their composite indexes', () => {
    listErrors(ctx, { sessionId: 'swarm-000002', limit: 10 })
    expect(plan()).toMatch(/USING INDEX errors_session_time \(session=\?\)/)
    listErrors(ctx, { resolved: false, limit: 10 })
    expect(plan()).toMatch(/USING INDEX errors_resolved_time \(resolved=\?\)/)
    listErrors(ctx, { limit: 10 })
    expect(plan()).toMatch(/SCAN e USING INDEX errors_time/)
    listEvents(ctx, { sessionId: 'swarm-000002', since: T0, limit: 10 })
    expect(plan()).toMatch(/USING INDEX events_session_time \(session=\? AND time>\?\)/)
    // oldest first (the Logs tab's "jump to oldest") reads the same index the other way
    listEvents(ctx, { sessionId: 'swarm-000002', oldestFirst: true, limit: 10 })
    expect(plan()).toMatch(/USING INDEX events_session_time \(session=\?\)/)
    expect(plan()).not.toMatch(/TEMP B-TREE/)
    // the agents of a session's lines: its agent rows by primary key, no line read
    expect(listEventAgents(ctx, 'swarm-000002').length).toBeGreaterThan(0)
    expect(plan()).toMatch(
      /SEARCH a USING (COVERING )?INDEX sqlite_autoindex_agents_1 \(session=\?\)/,
    )
    expect(plan()).not.toMatch(/events/)
    listMessages(ctx, { sessionId: 'swarm-000002', limit: 10 })
    expect(plan()).toMatch(/USING INDEX messages_session_time \(session=\?\)/)
    listMetrics(ctx, { name: 'cpu.percent', since: T0, limit: 10 })
    expect(plan()).toMatch(/USING INDEX metrics_name_time \(name=\? AND time>\?\)/)
  })

  it('messages by agent, metrics, tasks, memory and memory expiry use their indexes', () => {
    listMessages(ctx, { agentId: 'swarm-000001-coder-1', limit: 10 })
    let p = plan()
    expect(p).toMatch(/MULTI-INDEX OR/)
    expect(p).toMatch(/messages_sender_time \(sender=\?\)/)
    expect(p).toMatch(/messages_receiver_time \(receiver=\?\)/)
    listMetrics(ctx, { sessionId: 'swarm-000001', limit: 10 })
    expect(plan()).toMatch(/USING INDEX metrics_session_time \(session=\?\)/)
    listTasks(ctx, { sessionId: 'swarm-000001', limit: 10 })
    expect(plan()).toMatch(/USING INDEX tasks_session_time \(session=\?\)/)
    listTasks(ctx, { agentId: 'swarm-000001-coder-1', limit: 10 })
    expect(plan()).toMatch(/USING INDEX tasks_agent_time \(agent=\?\)/)
    listMemory(ctx, { sessionId: 'swarm-000001', limit: 10 })
    expect(plan()).toMatch(/USING INDEX sqlite_autoindex_memory_1 \(session=\?\)/)
    p = (
      db
        .prepare(
          'EXPLAIN QUERY PLAN DELETE FROM memory WHERE expires_at IS NOT NULL AND expires_at <= ?',
        )
        .all(1) as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n')
    expect(p).toMatch(/SEARCH memory USING INDEX memory_expires \(expires_at/)
  })

  it('the session list reads only the sessions table, most recent first through its index', () => {
    const first = listSessions(ctx, { limit: 3 })
    let p = plan()
    expect(p).toMatch(/SCAN sessions USING INDEX sessions_activity/)
    expect(p).not.toMatch(/spans|TEMP B-TREE/)
    listSessions(ctx, { limit: 3, cursor: first.nextCursor })
    p = plan()
    expect(p).toMatch(/SEARCH sessions USING INDEX sessions_activity \(<expr><\?\)/)
    listSessions(ctx, { limit: 3, sort: 'errors' })
    expect(plan()).not.toMatch(/spans/)
  })

  it('the writer finds a span by its key in the span index, without a temporary table', () => {
    const writable = new Database(t.file)
    try {
      const st = prepareWriteStatements(writable)
      const detail = (sql: string) =>
        (
          writable.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1, T0, Buffer.alloc(8)) as Array<{
            detail: string
          }>
        )
          .map((r) => r.detail)
          .join('\n')
      expect(detail(st.spanExists.source)).toMatch(
        /SEARCH spans USING COVERING INDEX spans_session_time \(session=\? AND start_time=\? AND span_id=\?\)/,
      )
      // the insert itself is a plain VALUES insert: no SELECT over spans staged in a temp table
      const nulls = st.insertSpan.source.match(/\?/g)!.map(() => null)
      const program = writable.prepare(`EXPLAIN ${st.insertSpan.source}`).all(...nulls) as Array<{
        opcode: string
      }>
      expect(program.map((r) => r.opcode)).not.toContain('OpenEphemeral')
    } finally {
      writable.close()
    }
  })
})
