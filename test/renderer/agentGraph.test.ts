import { describe, expect, it } from 'vitest'
import { agentSummary } from '../../src/renderer/lib/agentGraph'
import type { SessionGraph } from '../../src/shared/queries'

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
