// The Tokens and Cost cells of a sessions-list row: the cost is the sum of the priced calls,
// with the tokens that have no price beside it; 'unpriced' when tokens were counted but none had
// a price, '—' when the session counted none.
import { totalOf, type UsageTotals } from '../../shared/genai/usageTotals'
import {
  costSourceNote,
  costSourceOf,
  formatTokens,
  formatTokensShort,
  formatUsd,
  usageLine,
} from '../../shared/genai/formatUsage'

/** what "…" stands for, in its title */
export const PENDING = 'Adding up the tokens of every span of this file…'

export function SessionUsageCells({
  usage,
  pending,
}: {
  usage: UsageTotals | undefined
  /** the totals of a file Tracescope only reads are being computed */
  pending?: boolean
}) {
  if (!usage && pending)
    return (
      <>
        <div className="cell num muted" data-testid="session-tokens" title={PENDING}>
          …
        </div>
        <div className="cell num muted" data-testid="session-cost" title={PENDING}>
          …
        </div>
      </>
    )
  if (!usage)
    return (
      <>
        <div className="cell num muted">—</div>
        <div className="cell num muted">—</div>
      </>
    )
  const total = totalOf(usage)
  const unpriced =
    usage.unpricedTokens > 0
      ? `${formatTokens(usage.unpricedTokens)} tokens unpriced${
          usage.unpricedModels.length ? ` (${usage.unpricedModels.join(', ')})` : ''
        }`
      : ''
  return (
    <>
      <div
        className="cell num"
        data-testid="session-tokens"
        title={
          usage.partial
            ? `${usageLine(usage)} (at least: only the first spans of this session were read)`
            : usageLine(usage)
        }
      >
        {usage.partial ? '≥ ' : ''}
        {formatTokensShort(total)}
      </div>
      <div
        className="cell num"
        data-testid="session-cost"
        data-cost-source={costSourceOf(usage)}
        title={[costSourceNote(usage), unpriced].filter(Boolean).join('; ') || undefined}
      >
        {usage.costUsd === null && usage.unpricedTokens > 0 ? (
          // nothing had a price: "— +14.5k unpriced" repeated the Tokens column and was cut
          <span className="muted" data-testid="session-unpriced">
            unpriced
          </span>
        ) : (
          <>
            {formatUsd(usage.costUsd)}
            {usage.unpricedTokens > 0 && (
              <span className="muted" data-testid="session-unpriced">
                {' '}
                +{formatTokensShort(usage.unpricedTokens)} unpriced
              </span>
            )}
          </>
        )}
      </div>
    </>
  )
}
