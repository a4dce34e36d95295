// Token and cost fields of a session in the CLI's JSON: always present, so a script can read
// `costUsd` without checking whether the source had token counts (null cost = nothing priced).
import type { UsageTotals } from '../shared/genai/usageTotals'

export interface SessionUsageFields {
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  otherTokens: number
  costUsd: number | null
  unpricedTokens: number
  unpricedModels: string[]
  llmCalls: number
}

export function sessionUsageFields(u: UsageTotals | undefined): SessionUsageFields {
  return {
    inputTokens: u?.inputTokens ?? 0,
    outputTokens: u?.outputTokens ?? 0,
    cacheReadTokens: u?.cacheReadTokens ?? 0,
    cacheWriteTokens: u?.cacheWriteTokens ?? 0,
    reasoningTokens: u?.reasoningTokens ?? 0,
    otherTokens: u?.otherTokens ?? 0,
    costUsd: u?.costUsd ?? null,
    unpricedTokens: u?.unpricedTokens ?? 0,
    unpricedModels: u?.unpricedModels ?? [],
    llmCalls: u?.calls ?? 0,
  }
}
