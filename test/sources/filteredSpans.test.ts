// SpanQuery.where on every other tool's file: what the reader's pages hold, evaluated by the
// one evaluator, paged through the filtered cursor (pages of 2, so pages stop mid-way through
// the reader's own pages) — checked against what each fixture writer wrote.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import { evaluateFilter, parseFilterOrThrow } from '../../src/shared/filter'
import type { SpanQuery, TraceQueries } from '../../src/shared/queries'
import { openSource } from '../../src/main/sources/openSource'
import { FILTER_SCAN_CAP } from '../../src/main/sources/filteredSpans'
import { parseFilter as parseTraceFilter } from '../../src/main/exchange/filters'
import { selectedSessions } from '../../src/main/exchange/selection'
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

const { dir, cleanup } = tempDir('ts-where-')
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

function walk(q: TraceQueries, query: SpanQuery, limit = 2): Span[] {
  const out: Span[] = []
  let cursor: string | null = null
  do {
    const page = q.listSpans({ ...query, limit, cursor, order: 'asc' })
    expect(page.items.length).toBeLessThanOrEqual(limit)
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

const key = (s: Span): string => `${s.sessionId}/${s.spanId}`

const cases: Array<[string, (file: string) => FixtureSummary]> = [
  ['claude-flow', (f) => writeClaudeFlowDb(f)],
  ['claude-flow (tracing schema.sql: trace_events only)', (f) => writeClaudeFlowEventsDb(f)],
  ['ddeutil-workflow', (f) => writeDdeutilDb(f)],
  ['moai-swarmdb', (f) => writeMoaiDb(f)],
  ['flujo', (f) => writeFlujoDb(f)],
  ['session-store', (f) => writeSessionStoreDb(f)],
]

describe.each(cases)('where on a %s file', (label, write) => {
  const file = path.join(dir, `${label.replace(/\W+/g, '_')}.db`)
  let fx: FixtureSummary
  let src: ReturnType<typeof openSource>
  let all: Span[]
  beforeAll(() => {
    fx = write(file)
    src = openSource(file)
    all = fx.sessionIds.flatMap((sessionId) => walk(src.queries, { sessionId }, 500))
  })
  afterAll(() => src?.close())

  it('status:error selects the spans the writer wrote as failed', () => {
    const got = fx.sessionIds.flatMap((sessionId) =>
      walk(src.queries, { sessionId, where: 'status:error' }),
    )
    const written = fx.spans.filter((s) => s.status === 'error').length
    expect(written).toBeGreaterThan(0)
    expect(got.length).toBe(written)
    expect(got.every((s) => s.status === 'error')).toBe(true)
  })

  it('each expression selects exactly what the evaluator selects over all spans', () => {
    const agent = fx.spans.find((s) => s.agentId !== null)?.agentId
    const name = fx.spans[fx.spans.length - 1].name
    const durations = all
      .map((s) => s.durationMs)
      .filter((d): d is number => d !== null)
      .sort((a, b) => a - b)
    const median = durations[durations.length >> 1]
    const expressions = [
      'not status:error',
      `name:"${name}"`,
      `name:"${name.slice(0, 3)}*"`,
      `duration>=${median}`,
      `status:ok or duration<${median}`,
      ...(agent ? [`agent:"${agent}"`, `-agent:"${agent}" status:ok`] : []),
    ]
    for (const where of expressions) {
      const tree = parseFilterOrThrow(where)
      const expected = all.filter((s) => evaluateFilter(tree, s)).map(key)
      const got = fx.sessionIds
        .flatMap((sessionId) => walk(src.queries, { sessionId, where }))
        .map(key)
      expect(got, where).toEqual(expected)
      expect(got.length, where).toBeGreaterThan(0)
    }
  })

  it('across sessions, the filtered pages hold every match once', () => {
    const tree = parseFilterOrThrow('not status:error')
    const got = walk(src.queries, { where: 'not status:error' }).map(key)
    expect(new Set(got).size).toBe(got.length)
    expect(new Set(got)).toEqual(new Set(all.filter((s) => evaluateFilter(tree, s)).map(key)))
  })

  it('refuses a cursor it did not hand out, and leaves the file unchanged', () => {
    const before = fileFingerprint(file)
    expect(() => src.queries.listSpans({ where: 'status:ok', cursor: 'nonsense' })).toThrow(
      /not a cursor of a filtered span list/,
    )
    expect(fileFingerprint(file)).toEqual(before)
  })
})

describe('where on a large file, the one match past the scan cap', () => {
  const file = path.join(dir, 'large-session-store.db')
  let src: ReturnType<typeof openSource>
  let id: string
  beforeAll(() => {
    // one session of 25,000 traces; only the last (an error, "rate limited") matches the text
    const fx = writeSessionStoreDb(file, { sessions: 1, spansPerSession: FILTER_SCAN_CAP + 5000 })
    id = fx.sessionIds[0]
    src = openSource(file)
  })
  afterAll(() => src?.close())

  it('answers a short page with a cursor instead of reading the whole file in one call', () => {
    const first = src.queries.listSpans({ sessionId: id, where: '"rate limited"', limit: 10 })
    expect(first.items).toEqual([])
    expect(first.nextCursor).not.toBeNull()
    const all = walk(src.queries, { sessionId: id, where: '"rate limited"' }, 10)
    expect(all.map((s) => s.status)).toEqual(['error'])
  })

  it('export still selects the session (it reads on past empty pages)', () => {
    const filter = parseTraceFilter({ where: '"rate limited"' })
    expect([...selectedSessions(src.queries, filter)].map((s) => s.id)).toEqual([id])
    expect([
      ...selectedSessions(src.queries, parseTraceFilter({ where: '"no such text"' })),
    ]).toEqual([])
  })
})
