// Token and cost sums up the span tree, per agent, per model and per session.
import { describe, expect, it } from 'vitest'
import { addUsage, emptyTotals, mergeTotals, rollUp } from '../../src/shared/genai/usageTotals'
import { SHIPPED_PRICES } from '../../src/shared/genai/pricing'
import { tokenUsage } from '../../src/shared/genai/usage'

const llm = (model: string, input: number, output: number) => ({
  'gen_ai.request.model': model,
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
})

describe('tokenUsage', () => {
  it('reads every token kind and each convention’s names', () => {
    expect(
      tokenUsage({
        'gen_ai.response.model': 'o3',
        'gen_ai.usage.input_tokens': '12',
        'gen_ai.usage.output_tokens': 30,
        'gen_ai.usage.cache_read.input_tokens': 4,
        'gen_ai.usage.cache_creation.input_tokens': 2,
        'gen_ai.usage.reasoning.output_tokens': 20,
      }),
    ).toEqual({
      input: 12,
      output: 30,
      cacheRead: 4,
      cacheWrite: 2,
      reasoning: 20,
      unsplit: null,
      model: 'o3',
      recordedCostUsd: null,
    })
    expect(tokenUsage({ tokensUsed: 77 })).toMatchObject({ unsplit: 77, input: null })
    expect(tokenUsage({ 'http.method': 'GET' })).toBeNull()
  })
})

describe('a cost the source recorded', () => {
  const step = (tokens: number, cost?: number) => ({
    tokensUsed: tokens,
    ...(cost !== undefined && { recordedCostUsd: cost }),
  })

  it('is the call’s cost as recorded: its tokens are paid, the table is not asked', () => {
    const u = tokenUsage({ ...step(1000, 0.003), 'gen_ai.request.model': 'gpt-4o' })!
    expect(u.recordedCostUsd).toBe(0.003)
    const t = addUsage(emptyTotals(), u, SHIPPED_PRICES)
    expect(t).toMatchObject({ costUsd: 0.003, unpricedTokens: 0, recordedCostCalls: 1 })
    expect(t.unpricedModels).toEqual([])
  })

  it('prices only the calls without one; the sum says how many were recorded', () => {
    const t = emptyTotals()
    addUsage(t, tokenUsage(step(1000, 0.003))!, SHIPPED_PRICES)
    // no recorded cost, no model: its tokens stay unpriced beside the recorded cost
    addUsage(t, tokenUsage(step(500))!, SHIPPED_PRICES)
    expect(t).toMatchObject({ costUsd: 0.003, unpricedTokens: 500, calls: 2, recordedCostCalls: 1 })
    const merged = mergeTotals(emptyTotals(), t)
    expect(merged.recordedCostCalls).toBe(1)
  })

  it('is no cost when it is not a number ≥ 0, nor without token counts', () => {
    expect(tokenUsage(step(10, -1))!.recordedCostUsd).toBeNull()
    expect(tokenUsage({ ...step(10), recordedCostUsd: '0.5' })!.recordedCostUsd).toBeNull()
    expect(tokenUsage({ recordedCostUsd: 0.5 })).toBeNull()
  })
})

describe('rollUp', () => {
  const spans = [
    { spanId: 'root', parentSpanId: null, agentId: 'coordinator', attributes: {} },
    {
      spanId: 'a',
      parentSpanId: 'root',
      agentId: 'coder',
      attributes: llm('gpt-4o', 1_000_000, 0),
    },
    {
      spanId: 'b',
      parentSpanId: 'a',
      agentId: 'coder',
      attributes: llm('gpt-4o-mini', 0, 1_000_000),
    },
    {
      spanId: 'c',
      parentSpanId: 'root',
      agentId: 'tester',
      attributes: llm('local-llama', 300, 200),
    },
    // a cycle must not loop forever
    { spanId: 'x', parentSpanId: 'y', agentId: null, attributes: llm('gpt-4o', 10, 0) },
    { spanId: 'y', parentSpanId: 'x', agentId: null, attributes: {} },
  ]
  const r = rollUp(spans, SHIPPED_PRICES)

  it('sums every span into each of its ancestors once', () => {
    expect(r.subtree.get('root')).toMatchObject({
      inputTokens: 1_000_300,
      outputTokens: 1_000_200,
      calls: 3,
      unpricedTokens: 500,
      unpricedModels: ['local-llama'],
    })
    expect(r.subtree.get('root')!.costUsd).toBeCloseTo(2.5 + 0.6, 10)
    expect(r.subtree.get('a')!.costUsd).toBeCloseTo(3.1, 10)
    expect(r.subtree.get('b')!.costUsd).toBeCloseTo(0.6, 10)
    expect(r.subtree.get('y')!.inputTokens).toBe(10)
    expect(r.subtree.get('x')!.inputTokens).toBe(10)
  })

  it('keeps a sum with nothing priced unknown, not zero', () => {
    expect(r.subtree.get('c')).toMatchObject({ costUsd: null, unpricedTokens: 500 })
    expect(r.byAgent.get('tester')!.costUsd).toBeNull()
  })

  it('breaks the session down by agent and by model', () => {
    expect(r.byAgent.get('coder')!.costUsd).toBeCloseTo(3.1, 10)
    expect(r.byModel.get('gpt-4o-mini')!.outputTokens).toBe(1_000_000)
    expect(r.session.calls).toBe(4)
    expect(r.session.unpricedTokens).toBe(500)
  })
})
