import { describe, expect, it } from 'vitest'
import { agentGraphInput, agentSummary, graphTimeRange } from '../../src/renderer/lib/agentGraph'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import type { SessionGraph } from '../../src/shared/queries'
import { span } from './helpers'

const graph: SessionGraph = {
  sessionId: 's',
  agents: [
    { id: 'planner', name: 'Planner', spanCount: 5, errorCount: 0, firstTime: 0, lastTime: 50 },
    { id: 'coder', name: 'Coder', spanCount: 9, errorCount: 2, firstTime: 10, lastTime: 90 },
    { id: 'tester', name: 'Tester', spanCount: 1, errorCount: 0, firstTime: 20, lastTime: 30 },
  ],
  edges: [
    { from: 'planner', to: 'coder', type: 'message', count: 3, firstTime: 1, lastTime: 9 },
    { from: 'coder', to: 'planner', type: 'message', count: 1, firstTime: 5, lastTime: 5 },
    { from: 'planner', to: 'coder', type: 'spawn', count: 4, firstTime: 2, lastTime: 8 },
    { from: 'coder', to: 'tester', type: 'spawn', count: 1, firstTime: 20, lastTime: 20 },
    { from: 'coder', to: 'coder', type: 'spawn', count: 7, firstTime: 20, lastTime: 20 },
  ],
}

describe('agentSummary', () => {
  it('sums what an agent sent, received, started and had started, and whom it worked with', () => {
    expect(agentSummary(graph, 'coder')).toEqual({
      agent: graph.agents[1],
      sent: 1,
      received: 3,
      spawned: 1,
      spawnedBy: 4,
      peers: ['planner', 'tester'],
    })
  })

  it('is null for an agent the graph does not have', () => {
    expect(agentSummary(graph, 'nobody')).toBeNull()
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
