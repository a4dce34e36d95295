// Σ of a span's subtree (its own LLM call, if any, and every call below it): a row of the span
// detail and a cell of the tree. Only spans with calls below them have one; every source gives
// it complete (running totals, or all of a session's spans walked), so it is never "at least".
import { totalOf, type UsageTotals } from '../../shared/genai/usageTotals'
import { formatTokens, formatUsd, usageLine } from '../../shared/genai/formatUsage'
import { subtreeIndex, useUsageRollup } from '../lib/useUsageRollup'
import { useAppStore } from '../state/store'
import { useMemo, type ReactElement } from 'react'
import './conversation.css'

function useSubtree(): { sums: Map<string, UsageTotals>; pending: boolean } {
  const sessionId = useAppStore((s) => s.sessionId)
  const rollup = useUsageRollup(sessionId)
  return useMemo(
    () => ({
      sums: subtreeIndex(rollup),
      // the file's totals or its Σ of parent spans still being added up
      pending: (rollup?.pending || rollup?.subtreePending) ?? false,
    }),
    [rollup],
  )
}

/** "Σ 3 calls · in 1,200 · out 300 · $0.0060 · 600 unpriced" */
function sumText(u: UsageTotals): string {
  return `${u.calls} call${u.calls === 1 ? '' : 's'} · ${usageLine(u)}`
}

export function SubtreeUsageRow({ spanId, hasChildren }: { spanId: string; hasChildren: boolean }) {
  const { sums, pending } = useSubtree()
  const u = sums.get(spanId)
  // still being added up (a large file only read): "…", never a partial figure
  if (!u && pending && hasChildren)
    return (
      <tr>
        <td>Σ tokens</td>
        <td data-testid="detail-subtree-usage" title="being added up">
          …
        </td>
      </tr>
    )
  if (!u) return null
  return (
    <tr>
      <td>Σ tokens</td>
      <td data-testid="detail-subtree-usage">{sumText(u)}</td>
    </tr>
  )
}

/**
 * Tokens and cost of every row's subtree, for the tree: one lookup per row. A row with children
 * shows "…" while the Σ is being added up, as the span detail does, then its figure.
 */
export function useSubtreeCells(): (spanId: string, hasChildren: boolean) => ReactElement | null {
  const { sums, pending } = useSubtree()
  return (spanId, hasChildren) => {
    const u = sums.get(spanId)
    if (!u && pending && hasChildren)
      return (
        <span
          className="muted subtree-usage"
          data-testid="tree-subtree-usage"
          title="being added up"
        >
          Σ …
        </span>
      )
    if (!u) return null
    return (
      <span className="muted subtree-usage" data-testid="tree-subtree-usage" title={sumText(u)}>
        Σ {formatTokens(totalOf(u))} tok ·{' '}
        {u.costUsd === null && u.unpricedTokens > 0
          ? 'unpriced'
          : `${formatUsd(u.costUsd)}${u.unpricedTokens > 0 ? ` +${formatTokens(u.unpricedTokens)} unpriced` : ''}`}
      </span>
    )
  }
}
