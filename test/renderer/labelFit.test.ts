import { describe, expect, it } from 'vitest'
import { AGENT_MIN_W, fitEnd, fitMiddle, fitRowLabels } from '../../src/renderer/draw/labelFit'

/** 12px sans averages about 6.6 px a character; a fixed width keeps the test exact */
const measure = (s: string): number => s.length * 6.6
/** the waterfall's label column: names from x + 14, agents right-aligned at LABEL_W - 22 */
const RIGHT = 300 - 22
const nameX = (depth: number): number => 6 + depth * 12 + 14

describe('label fit', () => {
  it('keeps a text whole when it fits, cuts it only when it does not', () => {
    expect(fitMiddle('swarm-2-worker', 100, measure)).toBe('swarm-2-worker')
    expect(fitEnd('task_execution', 100, measure)).toBe('task_execution')
    const cut = fitMiddle('agent_worker_1_b', 70, measure)
    // both ends stay: ids share a prefix and differ at the end
    expect(cut).toMatch(/^age.*….*_1_b$/)
    expect(measure(cut)).toBeLessThanOrEqual(70)
    const tail = fitEnd('a_very_long_span_name_indeed', 70, measure)
    expect(tail.endsWith('…')).toBe(true)
    expect(measure(tail)).toBeLessThanOrEqual(70)
    expect(fitMiddle('abc', 0, measure)).toBe('')
  })

  it('shows an agent name whole beside a short span name (swarm-2-worker, agent_worker_1_b)', () => {
    expect(fitRowLabels('task_execution', 'swarm-2-worker', nameX(2), RIGHT, measure)).toEqual({
      name: 'task_execution',
      agent: 'swarm-2-worker',
    })
    expect(fitRowLabels('agent_method', 'agent_worker_1_b', nameX(2), RIGHT, measure)).toEqual({
      name: 'agent_method',
      agent: 'agent_worker_1_b',
    })
  })

  it('cuts both when a long span name and a long agent name share the row', () => {
    const name = 'tool.fetch_page.with_a_very_long_name_from_some_framework'
    const agent = 'agent_worker_with_a_long_identifier_17_b'
    const out = fitRowLabels(name, agent, nameX(3), RIGHT, measure)
    expect(out.name.endsWith('…')).toBe(true)
    expect(out.agent).toContain('…')
    expect(out.agent.endsWith('17_b')).toBe(true)
    // the agent keeps at least its own column; the two never overlap
    expect(measure(out.agent)).toBeGreaterThan(AGENT_MIN_W - 20)
    expect(nameX(3) + measure(out.name) + measure(out.agent)).toBeLessThanOrEqual(RIGHT)
  })

  it('gives a row without an agent the whole column for its name', () => {
    const name = 'a_span_name_long_but_fitting_alone'
    expect(fitRowLabels(name, null, nameX(0), RIGHT, measure)).toEqual({ name, agent: '' })
    // with an agent beside it, it leaves the agent its column
    expect(fitRowLabels(name, 'coder', nameX(0), RIGHT, measure).name).toMatch(/…$/)
  })
})
