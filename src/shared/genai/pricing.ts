// Cost of LLM calls from the price table shipped as data (prices.json: its source and date
// are in the file). A model is priced only when its name, once the provider prefix and the
// date or version suffix are taken off, is in the table: a model with no price keeps its
// tokens counted as unpriced and is never given a guessed price.
import shippedPrices from './prices.json'
import type { TokenUsage } from './usage'

export interface ModelPrice {
  /** USD per million tokens */
  input: number
  output: number
  cacheRead?: number
  cacheWrite?: number
}

export interface PriceTable {
  source: string
  date: string
  models: Record<string, ModelPrice>
  aliases?: Record<string, string>
}

export const SHIPPED_PRICES: PriceTable = shippedPrices as PriceTable

let priceSource: () => PriceTable = () => SHIPPED_PRICES

/**
 * The table every sum is priced with by default: the shipped one, with the user's own prices
 * once the process installed them (src/main/userPrices.ts; the viewer sets what main sent).
 */
export function activePrices(): PriceTable {
  return priceSource()
}

export function setPriceSource(source: () => PriceTable): void {
  priceSource = source
}

/** Adds or replaces models of `base` with the user's own prices (Settings / prices file). */
export function withOverrides(base: PriceTable, overrides: Partial<PriceTable> | null): PriceTable {
  if (!overrides?.models) return base
  const models = { ...base.models }
  for (const [k, v] of Object.entries(overrides.models)) models[k.toLowerCase()] = v
  return {
    ...base,
    source: `${base.source}; user overrides`,
    models,
    aliases: {
      ...base.aliases,
      ...Object.fromEntries(
        Object.entries(overrides.aliases ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]),
      ),
    },
  }
}

// `openai/gpt-4o`, `models/gemini-2.5-pro`, Bedrock's `us.anthropic.claude-…-v2:0`
const PROVIDER_DOT = /^(?:[a-z]{2,4}\.)?(?:anthropic|openai|google|amazon|meta|mistral|cohere)\./
const SUFFIXES = [
  /@.*$/, // Vertex AI: claude-3-5-sonnet@20240620
  /:.*$/, // Bedrock version: …-v2:0
  /-v\d+$/, // …-v2
  /-latest$/,
  /-\d{4}-\d{2}-\d{2}$/, // gpt-4o-2024-08-06
  /-\d{8}$/, // claude-3-5-sonnet-20241022
  /-\d{4}$/, // gpt-4-0613, gpt-3.5-turbo-0125
]

// resolving runs regular expressions: remembered per table, a rollup meets few distinct names
const resolved = new WeakMap<PriceTable, Map<string, string | null>>()

/** The table key a model name resolves to, or null when the table has no price for it. */
export function resolveModel(table: PriceTable, model: string | null): string | null {
  if (!model) return null
  let cache = resolved.get(table)
  if (!cache) resolved.set(table, (cache = new Map()))
  let hit = cache.get(model)
  if (hit === undefined) {
    hit = resolveUncached(table, model)
    if (cache.size < 10_000) cache.set(model, hit)
  }
  return hit
}

function resolveUncached(table: PriceTable, model: string): string | null {
  let name = model.trim().toLowerCase()
  name = name.slice(name.lastIndexOf('/') + 1).replace(PROVIDER_DOT, '')
  const look = (n: string): string | null =>
    table.models[n]
      ? n
      : table.aliases?.[n] && table.models[table.aliases[n]]
        ? table.aliases[n]
        : null
  let hit = look(name)
  // strip one recognised suffix at a time (`-20241022-v2:0` needs two)
  for (let changed = true; !hit && changed;) {
    changed = false
    for (const re of SUFFIXES) {
      const next = name.replace(re, '')
      if (next !== name && next) {
        name = next
        changed = true
        hit = look(name)
        break
      }
    }
  }
  return hit
}

export interface SpanCost {
  /** null when nothing in the span could be priced */
  costUsd: number | null
  /** tokens counted but not priced (unknown model, no cache price, no input/output split) */
  unpricedTokens: number
  /** the price-table key used, RECORDED when the source recorded the cost; null when unpriced */
  pricedAs: string | null
}

/** `pricedAs` of a call whose cost the source recorded itself */
export const RECORDED = '(recorded by the source)'

/**
 * Cost of one call: the cost the source recorded for it when it did, else from the table. Input tokens include cache reads and writes (OpenTelemetry GenAI and
 * OpenInference); when the cache counts exceed the input count, the source counted them apart
 * (Anthropic's own API does), and the input is priced whole.
 */
export function costOf(u: TokenUsage, table: PriceTable): SpanCost {
  // what the tool billed or showed at run time wins over any table: all the call's tokens are
  // paid for by it
  if (u.recordedCostUsd !== null && u.recordedCostUsd !== undefined)
    return { costUsd: u.recordedCostUsd, unpricedTokens: 0, pricedAs: RECORDED }
  const key = resolveModel(table, u.model)
  const input = u.input ?? 0
  const output = u.output ?? 0
  const cacheRead = u.cacheRead ?? 0
  const cacheWrite = u.cacheWrite ?? 0
  const unsplit = u.unsplit ?? 0
  if (!key) {
    const apart = cacheRead + cacheWrite > input
    return {
      costUsd: null,
      unpricedTokens: input + output + unsplit + (apart ? cacheRead + cacheWrite : 0),
      pricedAs: null,
    }
  }
  const p = table.models[key]
  const included = cacheRead + cacheWrite <= input
  const fresh = included ? input - cacheRead - cacheWrite : input
  let unpriced = unsplit
  let pricedTokens = fresh + output
  let usd = fresh * p.input + output * p.output
  for (const [n, price] of [
    [cacheRead, p.cacheRead],
    [cacheWrite, p.cacheWrite],
  ] as const) {
    if (!n) continue
    if (price === undefined) unpriced += n
    else {
      usd += n * price
      pricedTokens += n
    }
  }
  return {
    costUsd: pricedTokens > 0 || unpriced === 0 ? usd / 1e6 : null,
    unpricedTokens: unpriced,
    pricedAs: key,
  }
}
