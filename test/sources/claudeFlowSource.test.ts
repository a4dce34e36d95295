// A Claude-Flow file in its real schema where failures are recorded the ways Claude-Flow records
// them (an error_events row on a 'task_fail' trace whose phase says 'complete', an error phase
// without an error_events row): every view — span status, session header, errors, agent graph,
// agents tab, `spans --status error`, errors-only export — shows the same failures. The expected
// values are literal (test/fixtures/realShapedSamples.ts), not recomputed.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import { openSource, type OpenedSource } from '../../src/main/sources/openSource'
import Database from 'better-sqlite3'
import {
  fileFingerprint,
  tempDir,
  writeClaudeFlowDb,
  writeClaudeFlowEventsDb,
} from '../fixtures/seedWriters'
import { CLAUDE_FLOW_SAMPLE, writeClaudeFlowSample } from '../fixtures/realShapedSamples'
import { tracescope, tracescopeJson } from '../cli/cliHelpers'

const { dir, cleanup } = tempDir('ts-cf-sample-')
const file = path.join(dir, 'claude-flow.db')
const env = { TRACESCOPE_HOME: path.join(dir, 'home') }
const { sessionId, expected } = CLAUDE_FLOW_SAMPLE
let src: OpenedSource
let before: ReturnType<typeof fileFingerprint>

beforeAll(() => {
  process.env.TRACESCOPE_HOME = env.TRACESCOPE_HOME
  writeClaudeFlowSample(file)
  before = fileFingerprint(file)
  src = openSource(file, { overlay: false })
})
afterAll(() => {
  src.close()
  expect(fileFingerprint(file)).toEqual(before)
  cleanup()
})

describe('Claude-Flow failures are failures', () => {
  it('a task_fail trace with an error event is an error span carrying the event message', () => {
    const spans = src.queries.listSpans({ sessionId, limit: 100 }).items
    const byId = new Map(spans.map((s) => [s.spanId, s]))
    expect(byId.get('tr_3')).toMatchObject({
      status: 'error',
      statusMessage: expected.failedMessage,
    })
    expect(byId.get('tr_5')?.status).toBe('error') // resolved later: still failed when it ran
    expect(byId.get('tr_6')).toMatchObject({ status: 'error', statusMessage: 'review crashed' })
    expect(spans.map((s) => s.status).sort()).toEqual(
      [
        ...Array(expected.error).fill('error'),
        ...Array(expected.ok).fill('ok'),
        ...Array(expected.unset).fill('unset'),
      ].sort(),
    )
  })

  it('the status filter selects exactly the spans of each status', () => {
    for (const status of ['ok', 'error', 'unset'] as const) {
      const got = src.queries.listSpans({ sessionId, status, limit: 100 }).items
      expect(got.every((s: Span) => s.status === status)).toBe(true)
      expect(got).toHaveLength(expected[status])
    }
  })

  it('the header counts the same errors the Errors tab lists', () => {
    const s = src.queries.getSession(sessionId)!
    expect(s).toMatchObject({
      status: expected.status,
      spanCount: expected.spans,
      errorCount: expected.errors,
      unresolvedErrorCount: expected.unresolved,
      agentCount: expected.agents,
    })
    const errors = src.queries.listErrors({ sessionId, limit: 100 }).items
    expect(errors).toHaveLength(expected.errors)
    expect(errors.map((e) => e.spanId).sort()).toEqual(['tr_3', 'tr_5', 'tr_6'])
    // paged one at a time, the same errors come out once each
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const page = src.queries.listErrors({ sessionId, limit: 1, cursor })
      paged.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(paged.sort()).toEqual(errors.map((e) => e.id).sort())
    expect(src.queries.getSpan(sessionId, 'tr_6')?.errors.map((e) => e.message)).toEqual([
      'review crashed',
    ])
  })

  it('the agent graph marks every agent that owns an error', () => {
    const g = src.queries.sessionGraph(sessionId)
    expect(
      g.agents
        .filter((a) => a.errorCount > 0)
        .map((a) => a.id)
        .sort(),
    ).toEqual(expected.agentsWithErrors)
  })

  it("the Agents tab lists the session's agents though the registry is keyed by swarm", () => {
    const agents = src.queries.listAgents({ sessionId, limit: 100 }).items
    expect(agents.map((a) => a.id).sort()).toEqual(['coder', 'coordinator', 'reviewer', 'tester'])
    expect(agents.every((a) => a.sessionId === sessionId)).toBe(true)
    const tasks = src.queries.listTasks({ sessionId, limit: 100 }).items
    expect(tasks.map((t) => [t.id, t.agentId, t.sessionId])).toEqual([['fix', 'coder', sessionId]])
  })

  it('the CLI: spans --status error, export --status error and the header agree', async () => {
    const db = ['--db', file]
    const [sessions, failed, exportRun] = await Promise.all([
      tracescopeJson<Array<{ id: string; errorCount: number }>>(['sessions', ...db], env),
      tracescopeJson<Span[]>(['spans', '--session', sessionId, '--status', 'error', ...db], env),
      tracescope(
        [
          'export',
          ...db,
          '--status',
          'error',
          '--format',
          'ndjson',
          '--out',
          path.join(dir, 'e.ndjson'),
        ],
        env,
      ),
    ])
    expect(sessions.find((s) => s.id === sessionId)?.errorCount).toBe(expected.errors)
    expect(failed.map((s) => s.spanId).sort()).toEqual(['tr_3', 'tr_5', 'tr_6'])
    expect(exportRun.code, exportRun.stderr).toBe(0)
    const lines = fs
      .readFileSync(path.join(dir, 'e.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; spanId?: string; status?: string })
    const spans = lines.filter((l) => l.kind === 'span')
    expect(spans.map((s) => s.spanId).sort()).toEqual(['tr_3', 'tr_5', 'tr_6'])
    expect(lines.filter((l) => l.kind === 'error')).toHaveLength(expected.errors)
  })
})

describe("a Claude-Flow session's metrics", () => {
  it.each([
    ['traces', writeClaudeFlowDb],
    ['trace_events', writeClaudeFlowEventsDb],
  ] as const)(
    '(%s layout) include the resource_usage of its agents while it ran, and no other',
    (layout, write) => {
      const f = path.join(dir, `cf-resources-${layout}.db`)
      const written = write(f, { sessions: 2 })
      const db = new Database(f, { readonly: true })
      const [table, key] =
        layout === 'traces' ? ['traces', 'session_id'] : ['trace_events', 'swarm_id']
      const rows = db.prepare('SELECT agent_id, timestamp FROM resource_usage').all() as Array<{
        agent_id: string
        timestamp: number
      }>
      // which session's agents each row is of, while that session was writing
      const owner = (r: { agent_id: string; timestamp: number }) =>
        (
          db
            .prepare(
              `SELECT ${key} AS s FROM ${table} GROUP BY ${key} HAVING sum(agent_id = ?) > 0 AND ? BETWEEN min(timestamp) AND max(timestamp)`,
            )
            .get(r.agent_id, r.timestamp) as { s: string } | undefined
        )?.s
      const owners = rows.map(owner)
      db.close()
      expect(rows.length).toBeGreaterThan(0)
      const s = openSource(f, { overlay: false })
      try {
        for (const id of written.sessionIds) {
          const mine = rows.filter((_, i) => owners[i] === id)
          const got = s.queries
            .listMetrics({ sessionId: id, limit: 5000 })
            .items.filter((m) => m.agentId !== null)
          expect(new Set(got.map((m) => `${m.agentId}@${m.time}`))).toEqual(
            new Set(mine.map((r) => `${r.agent_id}@${r.timestamp}`)),
          )
          expect(got.every((m) => m.sessionId === id)).toBe(true)
        }
      } finally {
        s.close()
      }
    },
  )
})
