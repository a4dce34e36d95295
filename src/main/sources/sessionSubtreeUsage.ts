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
import type { Span } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'

/** spans read per page of the walk */
export const SUBTREE_PAGE = 5_000

/**
 * An adapter that reads a session's spans in storage order (no sort per page: listSpans sorts
 * a session by start time, which SQLite redoes over the whole session for every page of a
 * session without a (session, start) index — minutes for 1M spans of a flujo run).
 * `after`: the position its last page ended at (null: the start).
 */
export interface HasSessionSpanPages {
  sessionSpanPage(
    sessionId: string,
    after: number | null,
    limit: number,
  ): { spans: Span[]; next: number | null }
}

/** the session's spans a page at a time, in whatever order is cheapest */
function* pagesOf(
  source: Pick<TraceQueries, 'listSpans'> & Partial<HasSessionSpanPages>,
  sessionId: string,
): Generator<Span[]> {
  if (source.sessionSpanPage) {
    let after: number | null = null
    do {
      const page = source.sessionSpanPage(sessionId, after, SUBTREE_PAGE)
      yield page.spans
      after = page.next
    } while (after !== null)
    return
  }
  let cursor: string | null = null
  do {
    const page = source.listSpans({
      sessionId,
      limit: SUBTREE_PAGE,
      cursor: cursor ?? undefined,
      withAttributes: true,
    })
    yield page.items
    cursor = page.nextCursor
  } while (cursor)
}

/** A walk over one session's spans, a page per step (readTimeUsage.ts runs it in turns). */
export interface SubtreeWalk {
  /** reads the next page; true once the walk is complete */
  step(): boolean
  /** the Σ of parent spans, once complete */
  sums(): Map<string, UsageTotals>
}

/**
 * Span id → Σ of its own call and every call below it, for the spans with calls below them
 * (a leaf call's Σ is its own usage, shown on it already). A span whose parent is not in the
 * session is a root; a cycle of parent links ends the walk (usageTotals.subtreeSums).
 */
export function subtreeWalk(
  source: Pick<TraceQueries, 'listSpans'> & Partial<HasSessionSpanPages>,
  sessionId: string,
  table: PriceTable,
): SubtreeWalk {
  const parent = new Map<string, string | null>()
  const own = new Map<string, UsageTotals>()
  const hasChild = new Set<string>()
  const pages = pagesOf(source, sessionId)
  let done: Map<string, UsageTotals> | null = null
  return {
    step() {
      if (done) return true
      const next = pages.next()
      if (!next.done) {
        for (const s of next.value) {
          parent.set(s.spanId, s.parentSpanId)
          if (s.parentSpanId) hasChild.add(s.parentSpanId)
          const u = tokenUsage(s.attributes)
          // priced once per call, then added to each ancestor
          if (u) own.set(s.spanId, addUsage(emptyTotals(), u, table))
        }
        return false
      }
      done = subtreeSums(own, parent)
      for (const id of done.keys()) if (!hasChild.has(id)) done.delete(id)
      return true
    },
    sums() {
      if (!done) throw new Error('the walk over the session is not complete')
      return done
    },
  }
}

/** The whole walk at once (the CLI, tests). */
export function sessionSubtreeUsage(
  source: Pick<TraceQueries, 'listSpans'> & Partial<HasSessionSpanPages>,
  sessionId: string,
  table: PriceTable,
): Map<string, UsageTotals> {
  const walk = subtreeWalk(source, sessionId, table)
  while (!walk.step());
  return walk.sums()
}
