// The critical path on small sessions whose path is worked out by hand: Jaeger's rule within a
// tree, then waits across agents (links, messages), idle gaps, open spans and deep nesting.
import { describe, expect, it } from 'vitest'
import { criticalPath, stepShare } from '../../src/renderer/timeline/criticalPath'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import { span } from './helpers'
import type { Span } from '../../src/shared/domain'

/** The path as "span start-end" strings; "idle" where no span ran. */
function pathOf(
  spans: Span[],
  waits: Array<[string, string, number]> = [],
  now?: number,
): string[] {
  const t = appendSpans(emptyTable(2), spans)
  const tree = buildSpanTree(t)
  const row = (id: string) => t.indexOf.get(id)!
  const p = criticalPath({
    count: t.count,
    start: t.start,
    end: t.end,
    parent: tree.parent,
    waits: {
      waiter: Int32Array.from(waits.map((w) => row(w[0]))),
      on: Int32Array.from(waits.map((w) => row(w[1]))),
      at: Float64Array.from(waits.map((w) => w[2])),
    },
    now,
  })
  // every moment of the session is on exactly one step
  let covered = 0
  const out: string[] = []
  for (let k = 0; k < p.count; k++) {
    covered += p.to[k] - p.from[k]
    out.push(`${p.span[k] < 0 ? 'idle' : t.ids[p.span[k]]} ${p.from[k]}-${p.to[k]}`)
  }
  expect(covered).toBeCloseTo(p.end - p.start)
  return out
}

describe('criticalPath', () => {
  it("follows the last-finishing child back, the parent's own time between (Jaeger's rule)", () => {
    const spans = [
      span('root', null, 0, 100),
      span('a', 'root', 10, 40),
      span('b', 'root', 30, 90),
      span('c', 'root', 50, 60),
    ]
    expect(pathOf(spans)).toEqual(['root 0-30', 'b 30-90', 'root 90-100'])
  })

  it('walks into children of children, and back out', () => {
    const spans = [
      span('root', null, 0, 100),
      span('a', 'root', 10, 25),
      span('b', 'root', 30, 90),
      span('b1', 'b', 40, 80),
      span('b2', 'b', 35, 45),
    ]
    // b2 ends (45) after b1 starts (40): b1 is walked first, then b's time before it, not b2
    expect(pathOf(spans)).toEqual([
      'root 0-10',
      'a 10-25',
      'root 25-30',
      'b 30-40',
      'b1 40-80',
      'b 80-90',
      'root 90-100',
    ])
  })

  it('clips a child that outlives its parent to the parent', () => {
    const spans = [span('root', null, 0, 100), span('late', 'root', 50, 150)]
    expect(pathOf(spans)).toEqual(['root 0-50', 'late 50-100'])
  })

  it('takes a child that started after its parent ended as a root of its own', () => {
    // flujo writes a run's steps after the run span that parents them
    const spans = [
      span('run', null, 0, 250),
      span('s1', 'run', 300, 550),
      span('s2', 'run', 600, 850),
      span('s2a', 's2', 650, 800),
    ]
    expect(pathOf(spans)).toEqual([
      'run 0-250',
      'idle 250-300',
      's1 300-550',
      'idle 550-600',
      's2 600-650',
      's2a 650-800',
      's2 800-850',
    ])
  })

  it('counts the time between roots as idle', () => {
    const spans = [span('r1', null, 0, 10), span('r2', null, 20, 30), span('r0', null, 2, 5)]
    expect(pathOf(spans)).toEqual(['r1 0-10', 'idle 10-20', 'r2 20-30'])
  })

  it("crosses to another agent through a link: the coder's wait for the review is on the path", () => {
    // the OTLP swarm of test/e2e/agentSwarmFixture.ts, in ms from its start
    const spans = [
      span('orchestrator', null, 0, 10000),
      span('planner', 'orchestrator', 100, 3000),
      span('plan', 'planner', 200, 2800),
      span('reviewer', 'orchestrator', 2000, 6500),
      span('review', 'reviewer', 2100, 6000),
      span('coder', 'orchestrator', 3100, 9000),
      span('code', 'coder', 3200, 5200),
      span('tests', 'coder', 6100, 8800),
    ]
    // without the link the coder's own call is the chain
    expect(pathOf(spans)).toEqual([
      'orchestrator 0-100',
      'planner 100-200',
      'plan 200-2800',
      'planner 2800-3000',
      'orchestrator 3000-3100',
      'coder 3100-3200',
      'code 3200-5200',
      'coder 5200-6100',
      'tests 6100-8800',
      'coder 8800-9000',
      'orchestrator 9000-10000',
    ])
    // the coder links to the review, which ended later than its own call
    expect(pathOf(spans, [['coder', 'review', 6000]])).toEqual([
      'orchestrator 0-100',
      'planner 100-200',
      'plan 200-2800',
      'planner 2800-3000',
      'orchestrator 3000-3100',
      'review 3100-6000',
      'coder 6000-6100',
      'tests 6100-8800',
      'coder 8800-9000',
      'orchestrator 9000-10000',
    ])
  })

  it("a received message waits on the sender's span until the message, not until it ends", () => {
    const spans = [
      span('receiver', null, 0, 100),
      span('own', 'receiver', 10, 50),
      span('sender', null, 0, 70),
    ]
    expect(pathOf(spans, [['receiver', 'sender', 60]])).toEqual(['sender 0-60', 'receiver 60-100'])
  })

  it('a wait that ends before the span waited on began is left out (clocks of two agents)', () => {
    const spans = [span('receiver', null, 0, 100), span('sender', null, 50, 70)]
    // sender 50-70 ends before the receiver does, but the wait's time lies before it started
    expect(pathOf(spans, [['receiver', 'sender', 40]])).toEqual(['receiver 0-100'])
  })

  it('waits that go round in a circle end', () => {
    const spans = [span('a', null, 0, 10), span('b', null, 0, 10)]
    const path = pathOf(spans, [
      ['a', 'b', 10],
      ['b', 'a', 10],
    ])
    // the session's last root (b) waited on a all along; a's wait on b is not walked again
    expect(path).toEqual(['a 0-10'])
  })

  it('an open span runs until now', () => {
    const spans = [span('root', null, 0, null), span('done', 'root', 10, 20)]
    expect(pathOf(spans, [], 50)).toEqual(['root 0-10', 'done 10-20', 'root 20-50'])
  })

  it('a chain 200,000 deep takes no call stack', () => {
    const spans: Span[] = []
    const N = 200_000
    for (let i = 0; i < N; i++)
      spans.push(span(`s${i}`, i === 0 ? null : `s${i - 1}`, i, 2 * N - i))
    const path = pathOf(spans)
    expect(path[0]).toBe('s0 0-1')
    expect(path).toHaveLength(2 * N - 1)
  })

  it('gives each step its share of the whole', () => {
    const t = appendSpans(emptyTable(2), [span('root', null, 0, 100), span('b', 'root', 30, 90)])
    const p = criticalPath({ ...t, parent: buildSpanTree(t).parent })
    expect([0, 1, 2].map((k) => stepShare(p, k))).toEqual([0.3, 0.6, 0.1])
    expect(p.count).toBe(3)
    expect(Array.from(p.onPath)).toEqual([1, 1])
  })
})
