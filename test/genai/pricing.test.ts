// Model names resolved to the shipped price table, costs, and never a guessed price.
import { describe, expect, it } from 'vitest'
import { SHIPPED_PRICES, costOf, resolveModel, withOverrides } from '../../src/shared/genai/pricing'
import { tokenUsage } from '../../src/shared/genai/usage'
import prices from '../../src/shared/genai/prices.json'

const T = SHIPPED_PRICES

describe('price table', () => {
  it('says where its prices come from and when they were taken', () => {
    expect(prices.source).toMatch(/openai\.com.*anthropic\.com.*ai\.google\.dev/)
    expect(prices.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    for (const [model, p] of Object.entries(T.models)) {
      expect(model, 'keys are lower-case base names').toBe(model.toLowerCase())
      expect(p.input).toBeGreaterThan(0)
      expect(p.output).toBeGreaterThanOrEqual(p.input)
    }
  })
})

describe('resolveModel', () => {
  it.each([
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai/gpt-4.1', 'gpt-4.1'],
    ['anthropic/claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet@20240620', 'claude-3-5-sonnet'],
    ['models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    ['gpt-3.5-turbo-0125', 'gpt-3.5-turbo'],
    ['GPT-4o', 'gpt-4o'],
  ])('%s → %s', (name, key) => {
    expect(resolveModel(T, name)).toBe(key)
  })

  it.each(['gpt-4o-audio-preview', 'llama-3-70b', 'my-finetune', '', null])(
    'leaves %s unpriced rather than guessing',
    (name) => {
      expect(resolveModel(T, name)).toBeNull()
    },
  )
})

describe('costOf', () => {
  it('prices input and output per million tokens', () => {
    const u = tokenUsage({
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 1_000_000,
      'gen_ai.usage.output_tokens': 100_000,
    })!
    expect(costOf(u, T)).toEqual({ costUsd: 2.5 + 1.0, unpricedTokens: 0, pricedAs: 'gpt-4o' })
  })

  it('prices cache reads and writes apart from fresh input', () => {
    const u = tokenUsage({
      'gen_ai.request.model': 'claude-sonnet-4',
      'gen_ai.usage.input_tokens': 1_000_000,
      'gen_ai.usage.cache_read.input_tokens': 600_000,
      'gen_ai.usage.cache_creation.input_tokens': 200_000,
      'gen_ai.usage.output_tokens': 0,
    })!
    // 200K fresh × $3 + 600K × $0.30 + 200K × $3.75
    expect(costOf(u, T).costUsd).toBeCloseTo(0.6 + 0.18 + 0.75, 10)
  })

  it('counts an unknown model’s tokens as unpriced with no cost', () => {
    const u = tokenUsage({
      'gen_ai.request.model': 'llama-3-70b',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
    })!
    expect(costOf(u, T)).toEqual({ costUsd: null, unpricedTokens: 15, pricedAs: null })
    expect(costOf({ ...u, model: null }, T).costUsd).toBeNull()
  })

  it('keeps cache tokens unpriced when the model has no cache price', () => {
    const u = tokenUsage({
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.usage.input_tokens': 1_000_000,
      'gen_ai.usage.cache_read.input_tokens': 400_000,
      'gen_ai.usage.output_tokens': 0,
    })!
    const c = costOf(u, T)
    expect(c.unpricedTokens).toBe(400_000)
    expect(c.costUsd).toBeCloseTo(0.6 * 0.3, 10)
  })

  it('applies user overrides and new models', () => {
    const table = withOverrides(T, { models: { 'My-Model': { input: 1, output: 2 } } })
    const u = tokenUsage({
      'gen_ai.request.model': 'my-model',
      'gen_ai.usage.input_tokens': 1_000_000,
      'gen_ai.usage.output_tokens': 1_000_000,
    })!
    expect(costOf(u, table).costUsd).toBe(3)
    expect(costOf(u, T).costUsd).toBeNull()
  })
})
