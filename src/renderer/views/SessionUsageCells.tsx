// The Tokens and Cost cells of a sessions-list row: the cost is the sum of the priced calls,
// with the tokens that have no price beside it; '—' when nothing in the session was priced.
import type { UsageTotals } from '../../shared/genai/usageTotals'
import { formatTokens, formatUsd, usageLine } from '../../shared/genai/formatUsage'
import { formatCount } from '../lib/format'

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
        {formatCount(total)}
      </div>
      <div className="cell num" data-testid="session-cost" title={unpriced || undefined}>
        {formatUsd(usage.costUsd)}
        {usage.unpricedTokens > 0 && (
          <span className="muted" data-testid="session-unpriced">
            {' '}
            +{formatCount(usage.unpricedTokens)} unpriced
          </span>
        )}
      </div>
    </>
  )
}
