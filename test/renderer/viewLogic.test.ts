import { describe, expect, it } from 'vitest'
import { aggregateFlame, flameLabel, flameNodeOf, layoutFlame } from '../../src/renderer/lib/flame'
import { agentGraphInput, graphTimeRange } from '../../src/renderer/lib/agentGraph'
import { agentRows } from '../../src/renderer/lib/agentRows'
import { resolveShortcut, SHORTCUTS } from '../../src/renderer/lib/shortcuts'
import {
  filterSessions,
  mergeSessions,
  nextSort,
  sortSessions,
} from '../../src/renderer/lib/sessionList'
import { groupErrors, normalizeMessage } from '../../src/renderer/lib/errorGroups'
import { formatRoute, parseRoute } from '../../src/renderer/lib/route'
import { isAtBottom, jumpToLive, onRowsArrived, onUserScroll } from '../../src/renderer/lib/follow'
import { jsonEntries } from '../../src/renderer/lib/jsonView'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import type { Agent, MetricSample, Session, Task, TraceError } from '../../src/shared/domain'
import type { SessionGraph } from '../../src/shared/queries'
import { span } from './helpers'

describe('flame graph', () => {
  const t = appendSpans(emptyTable(), [
    span('r', null, 0, 100, { name: 'run' }),
    span('l1', 'r', 0, 30, { name: 'llm' }),
    span('l2', 'r', 40, 60, { name: 'llm', status: 'error' }),
    span('t1', 'r', 60, 70, { name: 'tool' }),
    span('r2', null, 200, 250, { name: 'run' }),
    span('l3', 'r2', 200, 250, { name: 'llm' }),
  ])
  const root = aggregateFlame(t, buildSpanTree(t), 0)

  it('merges spans by their path of names and sums time', () => {
    expect(root.total).toBe(150)
    const run = root.children[0]
    expect(run).toMatchObject({ name: 'run', total: 150, count: 2 })
    expect(run.children.map((c) => [c.name, c.total, c.count, c.errors])).toEqual([
      ['llm', 100, 3, 1],
      ['tool', 10, 1, 0],
    ])
    expect(run.self).toBe(40)
  })

  it("finds the box a span was merged into, for the keyboard's selection", () => {
    const tree = buildSpanTree(t)
    const l3 = flameNodeOf(root, t, tree, t.indexOf.get('l3')!)
    expect(l3).toBe(root.children[0].children.find((c) => c.name === 'llm'))
    expect(flameNodeOf(root, t, tree, t.indexOf.get('r')!)).toBe(root.children[0])
  })

  it('lays out boxes proportional to time, parallel children scaled to fit', () => {
    const rects = layoutFlame(root)
    const llm = rects.find((r) => r.node.name === 'llm')!
    expect(llm.depth).toBe(2)
    expect(llm.x1 - llm.x0).toBeCloseTo(100 / 150)
    const t2 = appendSpans(emptyTable(), [
      span('p', null, 0, 10, { name: 'p' }),
      span('c1', 'p', 0, 10, { name: 'a' }),
      span('c2', 'p', 0, 10, { name: 'b' }),
    ])
    const r2 = layoutFlame(aggregateFlame(t2, buildSpanTree(t2), 0))
    const kids = r2.filter((r) => r.depth === 2)
    expect(kids.reduce((s, r) => s + r.x1 - r.x0, 0)).toBeCloseTo(1)
  })

  it('labels a narrow box with its whole time or none of it, then cuts the name with …', () => {
    const px = (s: string): number => s.length * 6
    expect(flameLabel('task 10', '34.8s', 100, px)).toBe('task 10 34.8s')
    // 66 px used to give 'task 10 34.' — a time without its unit
    expect(flameLabel('task 10', '34.8s', 66, px)).toBe('task 10')
    expect(flameLabel('retrieval.query', '2.1s', 40, px)).toBe('retri…')
    expect(flameLabel('llm.chat', '1s', 5, px)).toBe('')
  })
})

describe('agents table', () => {
  const agent = (id: string, sessionId: string | null): Agent => ({
    id,
    sessionId,
    name: id,
    type: null,
    status: null,
    startTime: null,
    endTime: null,
    attributes: {},
  })
  const task = (agentId: string, sessionId: string | null, tokensUsed: number | null): Task => ({
    id: `${agentId}-${tokensUsed}`,
    sessionId,
    agentId,
    name: null,
    status: 'completed',
    startTime: 0,
    endTime: 10,
    durationMs: 10,
    tokensUsed,
    attributes: {},
  })
  const tokens = (agentId: string, sessionId: string, value: number): MetricSample => ({
    sessionId,
    agentId,
    time: 0,
    name: 'gen_ai.usage.input_tokens',
    value,
    attributes: {},
  })

  it("counts tokens from the agent's tasks, else from the collector's token metrics, never both", () => {
    const rows = agentRows(
      [agent('coder', 's1'), agent('coder', 's2'), agent('planner', 's1'), agent('idle', 's1')],
      [task('planner', 's1', 500), task('planner', null, 20)],
      [tokens('coder', 's1', 120), tokens('coder', 's1', 30), tokens('coder', 's2', 7)].concat([
        tokens('planner', 's1', 999),
        tokens('ghost', 's1', 1),
      ]),
    )
    const by = (id: string, s: string) =>
      rows.find((r) => r.agent.id === id && r.agent.sessionId === s)!
    expect(by('coder', 's1').tokens).toBe(150)
    expect(by('coder', 's2').tokens).toBe(7)
    expect(by('planner', 's1')).toMatchObject({ tokens: 520, tasks: 2, done: 2 })
    expect(by('idle', 's1').tokens).toBe(0)
    expect(rows).toHaveLength(4)
  })
})

describe('agent graph inputs', () => {
  const graph: SessionGraph = {
    sessionId: 's1',
    agents: [
      { id: 'a', name: 'planner', spanCount: 10, errorCount: 1, firstTime: 0, lastTime: 100 },
      { id: 'b', name: '', spanCount: 1, errorCount: 0, firstTime: 50, lastTime: 60 },
    ],
    edges: [
      { from: 'a', to: 'b', type: 'spawn', count: 1, firstTime: 50, lastTime: 50 },
      { from: 'b', to: 'a', type: 'message', count: 3, firstTime: 70, lastTime: 90 },
      { from: 'a', to: 'ghost', type: 'message', count: 1, firstTime: 0, lastTime: 0 },
    ],
  }

  it('sizes nodes by activity and drops edges to unknown agents', () => {
    const g = agentGraphInput(graph, null)
    expect(g.nodes[0].radius).toBeGreaterThan(g.nodes[1].radius)
    expect(g.nodes[1].name).toBe('b')
    expect(g.links.map((l) => `${l.source}>${l.target}`)).toEqual(['a>b', 'b>a'])
    expect(graphTimeRange(graph)).toEqual({ start: 0, end: 100 })
  })

  it('shows the graph as it was at a scrubbed time, from the loaded spans', () => {
    const t = appendSpans(emptyTable(), [
      span('1', null, 0, 5, { agentId: 'a' }),
      span('2', null, 10, 15, { agentId: 'a', status: 'error' }),
      span('3', null, 55, 58, { agentId: 'b' }),
    ])
    const at20 = agentGraphInput(graph, t, 20)
    expect(at20.nodes.map((n) => [n.id, n.activity, n.errors, n.active])).toEqual([
      ['a', 2, 1, true],
      ['b', 0, 0, false],
    ])
    expect(at20.links).toEqual([])
    expect(agentGraphInput(graph, t, 75).links).toHaveLength(2)
  })
})

describe('keyboard shortcuts', () => {
  it('maps keys to actions and ignores modified keys', () => {
    expect(resolveShortcut({ key: 'j' })).toBe('next')
    expect(resolveShortcut({ key: '?' })).toBe('help')
    expect(resolveShortcut({ key: '[' })).toBe('collapse')
    expect(resolveShortcut({ key: '0' })).toBe('zoomReset')
    expect(resolveShortcut({ key: 'j', ctrlKey: true })).toBeNull()
    expect(resolveShortcut({ key: 'x' })).toBeNull()
  })

  it('lets text fields keep their keys except Escape', () => {
    expect(resolveShortcut({ key: 'j', inTextField: true })).toBeNull()
    expect(resolveShortcut({ key: '/', inTextField: true })).toBeNull()
    expect(resolveShortcut({ key: 'Escape', inTextField: true })).toBe('back')
  })

  it('documents every key the brief names', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys)
    for (const k of ['/', 'j', 'k', 'Enter', 'Escape', '[', ']', '+', '-', '0', '?'])
      expect(keys).toContain(k)
  })
})

function session(id: string, over: Partial<Session> = {}): Session {
  return {
    id,
    name: null,
    status: 'completed',
    startTime: 0,
    endTime: 10,
    durationMs: 10,
    spanCount: 0,
    errorCount: 0,
    unresolvedErrorCount: 0,
    agentCount: 0,
    live: false,
    lastActivity: 10,
    attributes: {},
    ...over,
  }
}

describe('sessions list', () => {
  const list = [
    session('s-a', { name: 'Alpha', spanCount: 5, durationMs: 100 }),
    session('s-b', {
      name: 'beta',
      spanCount: 50,
      errorCount: 2,
      durationMs: null,
      live: true,
      status: 'running',
    }),
    session('s-c', { name: null, spanCount: 1, durationMs: 5 }),
  ]

  it('sorts by a column, missing values last', () => {
    expect(sortSessions(list, 'spans', 'desc').map((s) => s.id)).toEqual(['s-b', 's-a', 's-c'])
    expect(sortSessions(list, 'duration', 'asc').map((s) => s.id)).toEqual(['s-c', 's-a', 's-b'])
    expect(sortSessions(list, 'duration', 'desc').map((s) => s.id)).toEqual(['s-a', 's-c', 's-b'])
    expect(sortSessions(list, 'name', 'asc').map((s) => s.id)).toEqual(['s-a', 's-b', 's-c'])
  })

  it('filters by text, status, live and errors', () => {
    expect(filterSessions(list, { text: 'ALP' }).map((s) => s.id)).toEqual(['s-a'])
    expect(filterSessions(list, { text: 's-c' }).map((s) => s.id)).toEqual(['s-c'])
    expect(filterSessions(list, { status: 'running' }).map((s) => s.id)).toEqual(['s-b'])
    expect(filterSessions(list, { onlyLive: true }).map((s) => s.id)).toEqual(['s-b'])
    expect(filterSessions(list, { onlyErrors: true }).map((s) => s.id)).toEqual(['s-b'])
  })

  it('merges live updates: replaces known sessions, puts new ones first', () => {
    const merged = mergeSessions(list, [session('s-b', { spanCount: 51 }), session('s-new')])
    expect(merged.map((s) => s.id)).toEqual(['s-new', 's-a', 's-b', 's-c'])
    expect(merged[2].spanCount).toBe(51)
  })

  it('flips order on the same column', () => {
    expect(nextSort({ key: 'spans', order: 'desc' }, 'spans')).toEqual({
      key: 'spans',
      order: 'asc',
    })
    expect(nextSort({ key: 'spans', order: 'desc' }, 'name')).toEqual({ key: 'name', order: 'asc' })
  })
})

describe('error groups', () => {
  const err = (
    id: string,
    message: string,
    resolved: boolean,
    time: number,
    type = 'Timeout',
  ): TraceError => ({
    id,
    sessionId: 's',
    spanId: null,
    agentId: null,
    time,
    type,
    message,
    stack: null,
    recoveryAction: null,
    resolved,
    resolutionNote: null,
    resolvedAt: null,
  })

  it('groups messages that differ only by numbers and ids; unresolved first', () => {
    expect(normalizeMessage('timeout after 3012ms on "x"')).toBe(
      normalizeMessage('timeout after 12ms on "y"'),
    )
    const groups = groupErrors([
      err('1', 'timeout after 3012ms', true, 5),
      err('2', 'timeout after 20ms', false, 1),
      err('3', 'disk full', true, 9, 'IOError'),
    ])
    expect(groups.map((g) => [g.type, g.count, g.unresolved])).toEqual([
      ['Timeout', 2, 1],
      ['IOError', 1, 0],
    ])
    expect(groups[0].errors[0].id).toBe('2')
  })
})

describe('routes', () => {
  it('round-trips every view through the hash', () => {
    const routes = [
      { view: 'sessions' },
      { view: 'errors' },
      { view: 'agents' },
      { view: 'tables', table: 'my table' },
      { view: 'session', sessionId: 'run/1 ?', tab: 'flame', spanId: 'ab12' },
      { view: 'session', sessionId: 'x', tab: 'timeline', spanId: null },
      { view: 'compare', a: 'run/41', b: 'run 42' },
      { view: 'compare', a: 'run-41', b: null },
      { view: 'compare', a: null, b: 'run-42' },
      { view: 'compare', a: null, b: null },
      { view: 'stats', groupBy: 'workflow', sessionId: null },
      { view: 'stats', groupBy: 'window', sessionId: 'run/41' },
    ] as const
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r)
  })

  it('falls back to the sessions list on nonsense', () => {
    expect(parseRoute('#/nowhere')).toEqual({ view: 'sessions' })
    expect(parseRoute('#/session/')).toEqual({ view: 'sessions' })
    expect(parseRoute('#/session/x/bogus')).toMatchObject({ tab: 'timeline' })
    expect(parseRoute('#/session/%E0%A4%A')).toMatchObject({ sessionId: '%E0%A4%A' })
  })
})

describe('live follow', () => {
  it('stops following when the user scrolls away and counts what they miss', () => {
    expect(isAtBottom(880, 100, 1000)).toBe(true)
    expect(isAtBottom(500, 100, 1000)).toBe(false)
    let s = jumpToLive()
    s = onUserScroll(s, false)
    expect(s.following).toBe(false)
    s = onRowsArrived(s, 5)
    s = onRowsArrived(s, 2)
    expect(s.unseen).toBe(7)
    expect(onRowsArrived(jumpToLive(), 5)).toEqual({ following: true, unseen: 0 })
    expect(onUserScroll(s, true)).toEqual({ following: true, unseen: 0 })
  })
})

describe('folded JSON', () => {
  it('summarises branches and cuts long strings; parses JSON held in strings', () => {
    const e = jsonEntries({ a: [1, 2, 3], b: { x: 1 }, c: 'x'.repeat(500), d: '{"k":1}', n: null })
    expect(e.map((x) => [x.key, x.type])).toEqual([
      ['a', 'array'],
      ['b', 'object'],
      ['c', 'string'],
      ['d', 'object'],
      ['n', 'null'],
    ])
    expect(e[0].summary).toBe('[3 items]')
    expect(e[2].truncated).toBe(true)
    expect(e[2].summary.length).toBeLessThan(210)
    expect(e[3].summary).toContain('JSON text')
  })
})
