// Agent lanes on small sessions worked out by hand: busy, waiting on another agent's child
// span, idle, spans of no agent, and open spans.
import { describe, expect, it } from 'vitest'
import { agentLanes, type Intervals } from '../../src/renderer/timeline/agentLanes'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import { agentsInOrder } from '../../src/renderer/draw/agentPalette'
import { span } from './helpers'
import type { Span } from '../../src/shared/domain'

const pairs = (x: Intervals) => Array.from(x.starts, (s, i) => [s, x.ends[i]])

function lanes(spans: Span[], now = 0) {
  const t = appendSpans(emptyTable(2), spans)
  return agentLanes(t, buildSpanTree(t), agentsInOrder(t.agentIds), now)
}

describe('agentLanes', () => {
  it('the OTLP swarm: the orchestrator waits while its agents work', () => {
    // test/e2e/agentSwarmFixture.ts, ms from its start
    const [orch, planner, reviewer, coder] = lanes([
      span('orchestrator', null, 0, 10000, { agentId: 'orchestrator' }),
      span('planner', 'orchestrator', 100, 3000, { agentId: 'planner' }),
      span('plan', 'planner', 200, 2800, { agentId: 'planner' }),
      span('reviewer', 'orchestrator', 2000, 6500, { agentId: 'reviewer' }),
      span('review', 'reviewer', 2100, 6000, { agentId: 'reviewer' }),
      span('coder', 'orchestrator', 3100, 9000, { agentId: 'coder' }),
      span('code', 'coder', 3200, 5200, { agentId: 'coder' }),
      span('tests', 'coder', 6100, 8800, { agentId: 'coder' }),
    ])
    expect(orch.agent).toBe('orchestrator')
    expect(pairs(orch.busy)).toEqual([
      [0, 100],
      [9000, 10000],
    ])
    expect(pairs(orch.waiting)).toEqual([[100, 9000]])
    expect([orch.busyMs, orch.waitingMs]).toEqual([1100, 8900])
    expect(pairs(planner.busy)).toEqual([[100, 3000]])
    expect(planner.waitingMs).toBe(0)
    expect([reviewer.busyMs, coder.busyMs]).toEqual([4500, 5900])
  })

  it('an agent busy with its own second span while one waits is busy; gaps are idle', () => {
    const [a, b] = lanes([
      span('a1', null, 0, 100, { agentId: 'a' }),
      span('b1', 'a1', 10, 90, { agentId: 'b' }),
      span('a2', null, 40, 60, { agentId: 'a' }),
      span('a3', null, 200, 250, { agentId: 'a' }),
    ])
    expect(pairs(a.busy)).toEqual([
      [0, 10],
      [40, 60],
      [90, 100],
      [200, 250],
    ])
    expect(pairs(a.waiting)).toEqual([
      [10, 40],
      [60, 90],
    ])
    expect(pairs(b.busy)).toEqual([[10, 90]])
  })

  it('puts spans of no agent on a lane of their own, and runs open spans until now', () => {
    const ls = lanes([span('x', null, 0, 10), span('a', null, 5, null, { agentId: 'a' })], 30)
    expect(ls.map((l) => l.agent)).toEqual(['a', null])
    expect(pairs(ls[0].busy)).toEqual([[5, 30]])
    expect(pairs(ls[1].busy)).toEqual([[0, 10]])
  })
})
