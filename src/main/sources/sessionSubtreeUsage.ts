// The Σ of parent spans of one session of a file Tracescope only reads (its tree and span
// detail): every span of the session read a page at a time — id, parent and token counts are
// all that is kept — then each call's tokens added up its parent chain. Complete for a session
// of any size; readTimeUsage.ts keeps the result until the file changes.
import type { PriceTable } from '../../shared/genai/pricing'
import { tokenUsage } from '../../shared/genai/usage'
import {
  addUsage,
  emptyTotals,
  subtreeSums,
  type UsageTotals,
} from '../../shared/genai/usageTotals'
import type { TraceQueries } from '../../shared/queries'

/** spans read per page of the walk */
export const SUBTREE_PAGE = 5_000

/**
 * Span id → Σ of its own call and every call below it, for the spans with calls below them
 * (a leaf call's Σ is its own usage, shown on it already). A span whose parent is not in the
 * session is a root; a cycle of parent links ends the walk (usageTotals.subtreeSums).
 */
export function sessionSubtreeUsage(
  source: Pick<TraceQueries, 'listSpans'>,
  sessionId: string,
  table: PriceTable,
): Map<string, UsageTotals> {
  const parent = new Map<string, string | null>()
  const own = new Map<string, UsageTotals>()
  const hasChild = new Set<string>()
  let cursor: string | null = null
  do {
    const page = source.listSpans({
      sessionId,
      limit: SUBTREE_PAGE,
      cursor: cursor ?? undefined,
      withAttributes: true,
    })
    for (const s of page.items) {
      parent.set(s.spanId, s.parentSpanId)
      if (s.parentSpanId) hasChild.add(s.parentSpanId)
      const u = tokenUsage(s.attributes)
      // priced once per call, then added to each ancestor
      if (u) own.set(s.spanId, addUsage(emptyTotals(), u, table))
    }
    cursor = page.nextCursor
  } while (cursor)
  const sums = subtreeSums(own, parent)
  for (const id of sums.keys()) if (!hasChild.has(id)) sums.delete(id)
  return sums
}
