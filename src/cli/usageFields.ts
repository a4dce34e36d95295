// Token and cost fields of a session in the CLI's JSON: always present, so a script can read
// `costUsd` without checking whether the source had token counts (null cost = nothing priced).
// `costSource` counts the calls whose cost the source recorded itself (flujo) and those priced
// from the price table.
import { costSourceCounts } from '../shared/genai/formatUsage'
import { emptyTotals, type UsageTotals } from '../shared/genai/usageTotals'

export type SessionUsageFields = Omit<UsageTotals, 'calls' | 'recordedCostCalls'> & {
  llmCalls: number
  costSource: { recorded: number; priceTable: number }
}

export function sessionUsageFields(u: UsageTotals | undefined): SessionUsageFields {
  const t = u ?? emptyTotals()
  const { calls, recordedCostCalls: _recorded, ...fields } = t
  return { ...fields, llmCalls: calls, costSource: costSourceCounts(t) }
}
