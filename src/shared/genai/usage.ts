// Token counts of one span, from whichever convention the source used. Newer names first; an
// older alias is read only when the newer one is absent, so nothing is counted twice.
//
// Input tokens follow the OpenTelemetry GenAI rule: `gen_ai.usage.input_tokens` includes the
// cached tokens (read and written), as OpenInference's `llm.token_count.prompt` does. Pricing
// subtracts them once (see pricing.ts).
import type { Attributes } from '../domain'
import { attr, countOf, hasNestedValues, textOf } from './attributeAccess'

export interface TokenUsage {
  input: number | null
  output: number | null
  cacheRead: number | null
  cacheWrite: number | null
  /** reasoning tokens, already part of `output` */
  reasoning: number | null
  /** tokens a source reports without an input/output split (MoAI SwarmDB, flujo) */
  unsplit: number | null
  /** the model that answered (response model, else request model), as the source spells it */
  model: string | null
  /**
   * USD the source itself recorded for the call at run time (flujo's `cost_usd`): what the
   * user was billed or shown by the tool, so it is used instead of the price table
   */
  recordedCostUsd: number | null
}

export const USAGE_KEYS: Record<
  Exclude<keyof TokenUsage, 'model' | 'recordedCostUsd'>,
  readonly string[]
> = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt'],
  output: [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.token_count.completion',
  ],
  cacheRead: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'gen_ai.usage.cache_read_tokens',
    'llm.token_count.prompt_details.cache_read',
  ],
  cacheWrite: [
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
    'gen_ai.usage.cache_write_tokens',
    'llm.token_count.prompt_details.cache_write',
  ],
  reasoning: [
    'gen_ai.usage.reasoning.output_tokens',
    'gen_ai.usage.reasoning_tokens',
    'llm.token_count.completion_details.reasoning',
  ],
  // MoAI SwarmDB task_metrics.tokens_used and flujo step token_counts, as their adapters map them
  unsplit: ['tokensUsed'],
}

/** Usage fields in the order of USAGE_METRICS. */
export const USAGE_FIELDS = [
  'input',
  'output',
  'cacheRead',
  'cacheWrite',
  'reasoning',
  'unsplit',
] as const

/**
 * Metric names under which the collector sums each usage field per session, agent and model:
 * the GenAI attribute names (input and output are TOKEN_METRICS, which charts read).
 */
export const USAGE_METRICS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'tracescope.usage.other_tokens',
] as const

export const MODEL_KEYS = ['gen_ai.response.model', 'gen_ai.request.model', 'llm.model_name']

/** a cost the source recorded per call, as its adapter maps it (flujo's span `cost_usd`) */
export const RECORDED_COST_KEY = 'recordedCostUsd'

const FIELDS = Object.keys(USAGE_KEYS) as Array<keyof typeof USAGE_KEYS>

function first(attrs: Attributes, keys: readonly string[], deep: boolean): unknown {
  for (const k of keys) {
    const v = deep ? attr(attrs, k) : attrs[k]
    if (v !== undefined && v !== null) return v
  }
  return undefined
}

export function emptyUsage(model: string | null = null): TokenUsage {
  return {
    input: null,
    output: null,
    cacheRead: null,
    cacheWrite: null,
    reasoning: null,
    unsplit: null,
    model,
    recordedCostUsd: null,
  }
}

/**
 * Usage from counts in USAGE_FIELDS order (a stored row, a sum); an empty model is no model.
 */
export function usageOfCounts(
  counts: ReadonlyArray<number | null>,
  model: string | null,
): TokenUsage {
  const u = emptyUsage(model || null)
  USAGE_FIELDS.forEach((f, i) => {
    u[f] = counts[i] ?? null
  })
  return u
}

/** Counts of `u` in USAGE_FIELDS order. */
export function countsOfUsage(u: TokenUsage): Array<number | null> {
  return USAGE_FIELDS.map((f) => u[f])
}

/** The span's token usage, or null when it carries no token count at all. */
export function tokenUsage(attrs: Attributes): TokenUsage | null {
  // flat keys are the common case (OTLP); walk nested objects only when there are some
  const deep = hasNestedValues(attrs)
  const u = emptyUsage()
  let any = false
  for (const f of FIELDS) {
    const n = countOf(first(attrs, USAGE_KEYS[f], deep))
    if (n !== null) {
      u[f] = n
      any = true
    }
  }
  if (u.input !== null || u.output !== null) u.unsplit = null
  if (!any) return null
  u.model = textOf(first(attrs, MODEL_KEYS, deep))
  const recorded = attrs[RECORDED_COST_KEY]
  // a cost only stands for the call's tokens: none without them, and never a negative one
  if (typeof recorded === 'number' && Number.isFinite(recorded) && recorded >= 0)
    u.recordedCostUsd = recorded
  return u
}

/** Tokens of a span in one figure: input + output (cache is inside input), else the unsplit count. */
export function totalTokens(u: TokenUsage): number {
  return (u.input ?? 0) + (u.output ?? 0) + (u.unsplit ?? 0)
}
