// Token and cost fields of a session in the CLI's JSON: always present, so a script can read
// `costUsd` without checking whether the source had token counts (null cost = nothing priced).
import { emptyTotals, type UsageTotals } from '../shared/genai/usageTotals'

export type SessionUsageFields = Omit<UsageTotals, 'calls'> & { llmCalls: number }

export function sessionUsageFields(u: UsageTotals | undefined): SessionUsageFields {
  const { calls, ...fields } = u ?? emptyTotals()
  return { ...fields, llmCalls: calls }
}
