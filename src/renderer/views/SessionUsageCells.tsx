// The Tokens and Cost cells of a sessions-list row: the cost is the sum of the priced calls,
// with the tokens that have no price beside it; 'unpriced' when tokens were counted but none had
// a price, '—' when the session counted none.
import type { UsageTotals } from '../../shared/genai/usageTotals'
import {
  formatTokens,
  formatTokensShort,
  formatUsd,
  usageLine,
} from '../../shared/genai/formatUsage'

export function SessionUsageCells({ usage }: { usage: UsageTotals | undefined }) {
  if (!usage)
    return (
      <>
        <div className="cell num muted">—</div>
        <div className="cell num muted">—</div>
      </>
    )
  const total = usage.inputTokens + usage.outputTokens + usage.otherTokens
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
      <div className="cell num" data-testid="session-cost" title={unpriced || undefined}>
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
