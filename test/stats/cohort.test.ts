import { describe, expect, it } from 'vitest'
import { CohortAccumulator, MAX_DISTINCT_VALUES } from '../../src/shared/stats/cohort'

const span = (model: string, extra: Record<string, unknown> = {}, name = 'llm.chat') => ({
  name,
  agentId: 'coder',
  attributes: { 'gen_ai.request.model': model, region: 'eu', ...extra },
})

describe('CohortAccumulator', () => {
  it('ranks attributes by how differently their values are spread, with the shares', () => {
    const c = new CohortAccumulator()
    for (const m of ['mini', 'mini', 'mini', '4o']) c.add(span(m, { retry: true }), true)
    for (const m of ['mini', '4o', '4o', '4o']) c.add(span(m), false)
    const r = c.result()
    expect([r.selection, r.baseline]).toEqual([4, 4])
    expect(r.attributes.map((a) => [a.key, a.score])).toEqual([
      ['retry', 1],
      ['gen_ai.request.model', 0.5],
    ])
    expect(r.attributes[0].values).toEqual([
      { value: 'true', selection: 1, baseline: 0 },
      { value: '(absent)', selection: 0, baseline: 1 },
    ])
    expect(r.attributes[1].values).toEqual([
      { value: 'mini', selection: 0.75, baseline: 0.25 },
      { value: '4o', selection: 0.25, baseline: 0.75 },
    ])
  })

  it('compares the span name and agent too, and leaves out identifiers', () => {
    const c = new CohortAccumulator()
    for (let i = 0; i < 2 * MAX_DISTINCT_VALUES; i++)
      c.add(span('mini', { requestId: `r${i}` }, i % 2 ? 'tool.call' : 'llm.chat'), i % 2 === 1)
    const keys = c.result().attributes.map((a) => a.key)
    expect(keys).toEqual(['span.name'])
    // fewer spans than the cap, but every one its own value: still an identifier
    const few = new CohortAccumulator()
    for (let i = 0; i < 12; i++) few.add(span('mini', { requestId: `r${i}` }), i < 6)
    expect(few.result().attributes).toEqual([])
  })

  it('answers no attributes when a side is empty', () => {
    const c = new CohortAccumulator()
    c.add(span('mini'), true)
    expect(c.result()).toEqual({ selection: 1, baseline: 0, attributes: [] })
  })
})
