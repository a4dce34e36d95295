// The session header's tokens and cost: the session's total tokens, its cost (the sum of its
// priced calls, or as the source recorded it) and the tokens without a price beside it. "…"
// while the totals of a file Tracescope only reads are still being added up; nothing when the
// session has no token counts. Exact counts: the header has the room the list's column has not.
import { totalOf, type UsageTotals } from '../../shared/genai/usageTotals'
import { costSourceNote, formatTokens, formatUsd, usageLine } from '../../shared/genai/formatUsage'
import { PENDING } from './SessionUsageCells'

export function SessionHeaderUsage({
  usage,
  pending,
}: {
  usage: UsageTotals | undefined
  pending?: boolean
}) {
  if (!usage)
    return pending ? (
      <span className="meta" data-testid="session-usage" data-pending="true" title={PENDING}>
        … tokens
      </span>
    ) : null
  const total = totalOf(usage)
  const note = costSourceNote(usage)
  return (
    <span
      className="meta"
      data-testid="session-usage"
      title={[usageLine(usage), note].filter(Boolean).join('; ')}
    >
      <span data-testid="session-usage-tokens">{formatTokens(total)} tokens</span>
      {' · '}
      <span data-testid="session-usage-cost">
        {usage.costUsd === null ? 'unpriced' : formatUsd(usage.costUsd)}
      </span>
      {/* next to the cost it qualifies, before the unpriced tokens */}
      {note && (
        <span data-testid="session-usage-recorded" className="recorded-note">
          {' '}
          (recorded)
        </span>
      )}
      {usage.costUsd !== null && usage.unpricedTokens > 0 && (
        <span data-testid="session-usage-unpriced">
          {' '}
          +{formatTokens(usage.unpricedTokens)} unpriced
        </span>
      )}
    </span>
  )
}
