// The filter language on the native store: every expression selects exactly the spans the
// shared evaluator selects in memory, page by page, and the common shapes use the indexes.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import { evaluateFilter, parseFilterOrThrow } from '../../src/shared/filter'
import { Dictionary } from '../../src/main/store/dictionary'
import { QueryContext } from '../../src/main/store/queryContext'
import { listSpans } from '../../src/main/store/spanQueries'
import { swarm } from '../../bench/syntheticSwarm'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
let db: Database.Database
let ctx: QueryContext
const SESSION = 'swarm-000002'
let sessionSpans: Span[] = []

beforeAll(async () => {
  t = openTempStore()
  await t.store.write(swarm({ spans: 1500, spansPerSession: 300, startTime: T0 }))
  await t.store.close()
  db = new Database(t.file, { readonly: true })
  ctx = new QueryContext(db, new Dictionary(db, true))
  sessionSpans = walk({ sessionId: SESSION })
})
afterAll(async () => {
  db.close()
  await t.cleanup()
})

/** every span a query selects, following its cursor with small pages */
function walk(q: Parameters<typeof listSpans>[1]): Span[] {
  const out: Span[] = []
  let cursor: string | null = null
  do {
    const page = listSpans(ctx, { ...q, order: 'asc', limit: 37, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return out
}

function plan(): string {
  const last = ctx.last!
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${last.sql}`).all(...last.params) as Array<{
    detail: string
  }>
  return rows.map((r) => r.detail).join('\n')
}

const ids = (spans: Span[]): string[] => spans.map((s) => s.spanId)

describe('listSpans with where on the native store', () => {
  it.each([
    'status:error',
    'name:tool.*',
    'agent:swarm-000002-coder-*',
    'duration>40',
    'model:gpt-4o',
    'model:gpt-4o*',
    'tokens>1000',
    'attr.gen_ai.operation.name:chat',
    'attr.gen_ai.usage.input_tokens>=2000',
    'not status:error and -name:llm.*',
    '(name:tool.bash or name:tool.search) and duration<=30',
    'agent!=swarm-000002-coder-1 status:ok',
    'exit',
  ])('%s selects what the evaluator selects', (where) => {
    const expected = sessionSpans.filter((s) => evaluateFilter(parseFilterOrThrow(where), s))
    const got = walk({ sessionId: SESSION, where })
    expect(got.length).toBeGreaterThan(0)
    expect(got.length).toBeLessThan(sessionSpans.length)
    expect(ids(got)).toEqual(ids(expected))
  })

  it('adds to the other fields of the query (and)', () => {
    const got = walk({ sessionId: SESSION, status: 'ok', where: 'name:llm.*' })
    expect(got.length).toBeGreaterThan(0)
    expect(got.every((s) => s.status === 'ok' && s.name.startsWith('llm.'))).toBe(true)
  })

  it('selects nothing for an agent or name the file never saw', () => {
    expect(walk({ sessionId: SESSION, where: 'agent:nobody' })).toEqual([])
    expect(walk({ sessionId: SESSION, where: 'name:nothing.*' })).toEqual([])
  })
})

describe('random expressions on the native store', () => {
  it('200 random combinations select exactly what the evaluator selects', () => {
    const leaves = [
      'status:ok',
      'status:error',
      'status:unset',
      'name:tool.*',
      'name:llm.chat',
      'agent:swarm-000002-coder-*',
      'agent:swarm-000002-planner-0',
      'duration>30',
      'duration<=20',
      'tokens>1500',
      'model:gpt-4o*',
      'model:claude-sonnet-4',
      'attr.gen_ai.operation.name:chat',
      'attr.gen_ai.usage.input_tokens<500',
      'attr.no.such.key:*',
    ]
    let seed = 11
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]
    const expr = (depth: number): string => {
      const r = rand()
      if (depth === 0 || r < 0.3) return pick(leaves)
      if (r < 0.45) return `not ${expr(depth - 1)}`
      if (r < 0.55) return `-(${expr(depth - 1)})`
      return `(${expr(depth - 1)} ${pick(['and', 'or', ''])} ${expr(depth - 1)})`
    }
    let nonEmpty = 0
    for (let i = 0; i < 200; i++) {
      const where = expr(3)
      const tree = parseFilterOrThrow(where)
      const expected = ids(sessionSpans.filter((s) => evaluateFilter(tree, s)))
      const got = ids(
        listSpans(ctx, { sessionId: SESSION, where, order: 'asc', limit: 5000 }).items,
      )
      expect(got, where).toEqual(expected)
      if (got.length > 0 && got.length < sessionSpans.length) nonEmpty++
    }
    expect(nonEmpty).toBeGreaterThan(50)
  })
})

describe("the filter's SQL functions", () => {
  it("cannot be called from the file's own schema (a view), only from Tracescope's queries", () => {
    const file = path.join(path.dirname(t.file), 'hostile-view.db')
    fs.copyFileSync(t.file, file)
    const w = new Database(file)
    w.exec('CREATE VIEW v AS SELECT tracescope_tokens(attributes) AS n FROM spans')
    w.close()
    const hostile = new Database(file, { readonly: true })
    try {
      const hctx = new QueryContext(hostile, new Dictionary(hostile, true))
      expect(() => hostile.prepare('SELECT n FROM v').all()).toThrow(
        /unsafe use of tracescope_tokens/,
      )
      // the same function in a query of ours answers
      expect(
        listSpans(hctx, { sessionId: SESSION, where: 'tokens>0', limit: 5 }).items,
      ).toHaveLength(5)
    } finally {
      hostile.close()
      fs.rmSync(file, { force: true })
    }
  })
})

describe('query plans of filters', () => {
  it('session + status: a range scan of (session)', () => {
    listSpans(ctx, { sessionId: SESSION, where: 'status:error', limit: 20 })
    const p = plan()
    expect(p).toMatch(/SEARCH s USING INDEX spans_session_time \(session=\?\)/)
    expect(p).not.toMatch(/TEMP B-TREE|SCAN s/)
  })

  it('session + name prefix: the range scan, the names found once through the dictionary index', () => {
    listSpans(ctx, { sessionId: SESSION, where: 'name:tool.*', limit: 20, withAttributes: false })
    const p = plan()
    expect(p).toMatch(/SEARCH s USING COVERING INDEX spans_session_time \(session=\?\)/)
    expect(p).toMatch(
      /SEARCH dict USING COVERING INDEX sqlite_autoindex_dict_1 \(value>\? AND value<\?\)/,
    )
    expect(p).not.toMatch(/TEMP B-TREE|SCAN s/)
  })

  it('session + agent: the range scan, no per-row lookup', () => {
    listSpans(ctx, { sessionId: SESSION, where: 'agent:swarm-000002-coder-1', limit: 20 })
    const p = plan()
    expect(p).toMatch(/SEARCH s USING INDEX spans_session_time \(session=\?\)/)
    expect(p).not.toMatch(/TEMP B-TREE|SCAN s/)
  })

  it('session + duration: answered from the covering index alone', () => {
    listSpans(ctx, { sessionId: SESSION, where: 'duration>2s', limit: 20, withAttributes: false })
    const p = plan()
    expect(p).toMatch(/SEARCH s USING COVERING INDEX spans_session_time \(session=\?\)/)
    expect(p).not.toMatch(/TEMP B-TREE/)
  })

  it("an agent across sessions reads only that agent's sessions", () => {
    const page = listSpans(ctx, { where: 'agent:swarm-000001-coder-1 status:ok', limit: 10 })
    expect(page.items.length).toBeGreaterThan(0)
    expect(page.items.every((s) => s.agentId === 'swarm-000001-coder-1')).toBe(true)
    const p = plan()
    expect(p).toMatch(/SEARCH s USING INDEX spans_session_time \(session=\?\)/)
    expect(p).toMatch(/SEARCH agents USING INDEX agents_agent \(agent=\?\)/)
  })

  it('duration across sessions within a time range uses (start_time)', () => {
    listSpans(ctx, { since: T0 + 1000, until: T0 + 5000, where: 'duration>2s', limit: 10 })
    expect(plan()).toMatch(/SEARCH s USING INDEX spans_time \(start_time>\? AND start_time<\?\)/)
  })
})
