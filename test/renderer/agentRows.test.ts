import { describe, expect, it } from 'vitest'
import { agentRows } from '../../src/renderer/lib/agentRows'
import type { Agent, MetricSample, Task } from '../../src/shared/domain'

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
    // nothing counted its tokens: no figure, not a measured 0
    expect(by('idle', 's1')).toMatchObject({ tokens: null, totalMs: null })
    expect(rows).toHaveLength(4)
  })

  it("in one session's view, tokens of agents without tasks come from the session's rollup", () => {
    const rows = agentRows(
      [agent('coder', 's1'), agent('planner', 's1')],
      [task('planner', 's1', 500)],
      [tokens('coder', 's1', 3)],
      new Map([
        ['coder', 1_234],
        ['planner', 9],
      ]),
    )
    const by = (id: string) => rows.find((r) => r.agent.id === id)!
    // the rollup counts every call however it was written; the metric samples only OTLP ones
    expect(by('coder').tokens).toBe(1_234)
    expect(by('planner').tokens).toBe(500)
  })

  it('takes the metric samples for an agent the rollup does not have', () => {
    const rows = agentRows(
      [agent('coder', 's1'), agent('coder', 's2'), agent('planner', 's1')],
      [],
      [tokens('coder', 's1', 3), tokens('coder', 's2', 4), tokens('planner', 's1', 5)],
      // over a whole file: only the id registered in one session has its rollup
      new Map([['planner', 77]]),
    )
    const by = (id: string, s: string) =>
      rows.find((r) => r.agent.id === id && r.agent.sessionId === s)!
    expect(by('planner', 's1').tokens).toBe(77)
    expect(by('coder', 's1').tokens).toBe(3)
    expect(by('coder', 's2').tokens).toBe(4)
  })
})
