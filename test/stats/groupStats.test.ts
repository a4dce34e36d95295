import { describe, expect, it } from 'vitest'
import { StatsAccumulator, percentile, type StatsSpan } from '../../src/shared/stats/groupStats'

const T0 = Date.parse('2026-11-30T09:00:00Z')

function s(
  spanId: string,
  parentSpanId: string | null,
  name: string,
  durationMs: number | null,
  more: Partial<StatsSpan> = {},
): StatsSpan {
  return {
    sessionId: 'run-1',
    spanId,
    parentSpanId,
    name,
    agentId: null,
    startTime: T0,
    durationMs,
    status: 'ok',
    attributes: {},
    ...more,
  }
}

// run (1000 ms) ⊃ two llm.chat (300 + 200 ms) ⊃ each a tool.call (50 ms); one llm.chat fails
const spans: StatsSpan[] = [
  s('r', null, 'run', 1000, { agentId: 'planner', attributes: { 'enduser.id': 'ana' } }),
  s('c1', 'r', 'llm.chat', 300, {
    agentId: 'coder',
    attributes: {
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 200,
    },
  }),
  s('c2', 'r', 'llm.chat', 200, {
    agentId: 'coder',
    status: 'error',
    startTime: T0 + 3_600_000,
    attributes: {
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.request.model': 'no-such-model',
    },
  }),
  s('t1', 'c1', 'tool.call', 50, { agentId: 'coder' }),
  s('t2', 'c2', 'tool.call', 50, { agentId: 'coder', startTime: T0 + 3_600_000 }),
  s('x', null, 'tool.call', null, { sessionId: 'run-2', agentId: 'coder' }),
]

function run(groupBy: 'name' | 'agent' | 'workflow' | 'user' | 'window') {
  const acc = new StatsAccumulator({
    groupBy,
    workflowOf: (id) => (id === 'run-1' ? 'nightly' : null),
  })
  for (const x of spans) acc.add(x)
  return acc.result()
}

describe('StatsAccumulator', () => {
  it('by span name: count, errors, percentiles, total and self time, tokens, histogram', () => {
    const [tool, chat, root] = run('name')
    expect(tool).toMatchObject({
      key: 'tool.call',
      count: 3,
      errors: 0,
      p50Ms: 50,
      totalMs: 100,
      selfMs: 100,
      tokens: null,
      costUsd: null,
    })
    expect(chat).toMatchObject({
      key: 'llm.chat',
      count: 2,
      errors: 1,
      errorRate: 0.5,
      avgMs: 250,
      p50Ms: 200,
      p95Ms: 300,
      p99Ms: 300,
      totalMs: 500,
      // 300 − 50 and 200 − 50
      selfMs: 400,
      tokens: 1215,
    })
    // only gpt-4o-mini is priced: 1000 in and 200 out
    expect(chat.costUsd).toBeCloseTo((1000 * 0.15 + 200 * 0.6) / 1e6, 10)
    expect(chat.histogram).toEqual([0, 0, 0, 2, 0, 0, 0])
    // c2 starts an hour after run ended: only c1's 300 ms lie inside run
    expect(root).toMatchObject({ key: 'run', count: 1, totalMs: 1000, selfMs: 700 })
  })

  it('by agent, workflow and user', () => {
    expect(run('agent').map((g) => [g.key, g.count])).toEqual([
      ['coder', 5],
      ['planner', 1],
    ])
    expect(run('workflow').map((g) => [g.key, g.count])).toEqual([
      ['nightly', 5],
      ['run-2', 1],
    ])
    expect(run('user').map((g) => [g.key, g.count])).toEqual([
      ['(none)', 5],
      ['ana', 1],
    ])
  })

  it('takes the children of a span id recorded twice from each of its two spans', () => {
    // the same span id with two start times (a span re-sent with its start corrected)
    const acc = new StatsAccumulator({ groupBy: 'name' })
    acc.add(s('p', null, 'run', 100))
    acc.add(s('p', null, 'run', 80, { startTime: T0 + 5 }))
    acc.add(s('k', 'p', 'tool.call', 30, { startTime: T0 + 10 }))
    const [run] = acc.result()
    expect(run).toMatchObject({ key: 'run', count: 2, totalMs: 180, selfMs: 70 + 50 })
  })

  it("takes off a child's time only where it overlaps its parent's interval", () => {
    // parent 0–500 ms; one child 600–900 ms (after it), one 400–700 ms (100 ms inside), one
    // -200–100 ms (100 ms inside), one of unknown duration: the parent's self time is 300 ms
    const acc = new StatsAccumulator({ groupBy: 'name' })
    acc.add(s('p', null, 'coordination', 500))
    acc.add(s('a', 'p', 'after', 300, { startTime: T0 + 600 }))
    acc.add(s('b', 'p', 'straddle', 300, { startTime: T0 + 400 }))
    acc.add(s('c', 'p', 'before', 300, { startTime: T0 - 200 }))
    acc.add(s('u', 'p', 'unknown', null, { startTime: T0 + 100 }))
    expect(acc.result().find((g) => g.key === 'coordination')!.selfMs).toBe(300)
    // children wholly after it: all 500 ms are its own; one straddling its end: 400 ms
    const after = new StatsAccumulator({ groupBy: 'name' })
    after.add(s('p', null, 'coordination', 500))
    after.add(s('a', 'p', 'after', 300, { startTime: T0 + 600 }))
    after.add(s('a2', 'p', 'after', 2700, { startTime: T0 + 900 }))
    expect(after.result().find((g) => g.key === 'coordination')!.selfMs).toBe(500)
    const straddle = new StatsAccumulator({ groupBy: 'name' })
    straddle.add(s('p', null, 'coordination', 500))
    straddle.add(s('b', 'p', 'straddle', 300, { startTime: T0 + 400 }))
    expect(straddle.result().find((g) => g.key === 'coordination')!.selfMs).toBe(400)
  })

  it('by hour window, in time order', () => {
    expect(run('window').map((g) => [g.key, g.count, g.errors])).toEqual([
      ['2026-11-30 09:00', 4, 0],
      ['2026-11-30 10:00', 2, 1],
    ])
  })
})

describe('percentile', () => {
  it('is the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1)
    expect([
      percentile(xs, 50),
      percentile(xs, 95),
      percentile(xs, 99),
      percentile([], 50),
    ]).toEqual([50, 95, 99, null])
  })
})
