// SpanQuery.where on other tools' files. Their readers translate the plain SpanQuery fields to
// their own SQL; of a filter, the top-level `and` terms those fields can say (status, an exact
// agent, an exact name) are pushed down into them, and the whole tree is then evaluated in JS
// over the reader's pages by the one evaluator (src/shared/filter/filterEvaluate.ts).
// Results page like every list: the cursor is the reader's cursor plus how many rows of that
// page were already read, so a page can stop in the middle of the reader's page. One call reads
// at most FILTER_SCAN_CAP rows: on a large file with few matches it answers a short page (maybe
// empty) with a cursor to go on, rather than hold the worker.
import type { Span } from '../../shared/domain'
import {
  evaluateFilter,
  needsAttributes,
  parseFilterOrThrow,
  type FilterNode,
} from '../../shared/filter'
import { hasWildcard } from '../../shared/filter/glob'
import type { Page, SpanQuery } from '../../shared/queries'
import { DEFAULT_PAGE, MAX_PAGE } from '../../shared/queries'

/** Rows read from the reader per page asked of it (fixed, so a cursor finds the same rows). */
export const INNER_PAGE = 500
/** Most rows one call reads before answering what it found. */
export const FILTER_SCAN_CAP = 20_000

const CURSOR_PREFIX = 'w1:'

interface WhereCursor {
  /** the reader's cursor of the page being read */
  c: string | null
  /** rows of that page already read */
  k: number
}

/** listSpans that applies `where`; queries without one go straight to `list`. */
export function withWhere(list: (q: SpanQuery) => Page<Span>): (q: SpanQuery) => Page<Span> {
  return (q) => {
    if (!q.where) return list(q)
    const filter = parseFilterOrThrow(q.where)
    const { where: _where, cursor, limit, ...rest } = q
    if (filter === null) return list({ ...rest, cursor, limit })
    const inner: SpanQuery = { ...rest, ...pushDown(filter, rest), limit: INNER_PAGE }
    if (needsAttributes(filter)) inner.withAttributes = true
    return filteredPage(list, inner, filter, clamp(limit), decodeCursor(cursor))
  }
}

function clamp(limit: number | undefined): number {
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(limit ?? DEFAULT_PAGE)))
}

function filteredPage(
  list: (q: SpanQuery) => Page<Span>,
  inner: SpanQuery,
  filter: FilterNode,
  limit: number,
  at: WhereCursor,
): Page<Span> {
  const items: Span[] = []
  let scanned = 0
  let { c, k } = at
  for (;;) {
    const page = list({ ...inner, cursor: c })
    for (let i = k; i < page.items.length; i++) {
      scanned++
      if (!evaluateFilter(filter, page.items[i])) continue
      items.push(page.items[i])
      if (items.length === limit) {
        const more = i + 1 < page.items.length || page.nextCursor !== null
        return { items, nextCursor: more ? encodeCursor({ c, k: i + 1 }) : null }
      }
    }
    if (page.nextCursor === null) return { items, nextCursor: null }
    c = page.nextCursor
    k = 0
    if (scanned >= FILTER_SCAN_CAP) return { items, nextCursor: encodeCursor({ c, k }) }
  }
}

/** The SpanQuery fields that say the same as a top-level `and` term, where the query left them open. */
function pushDown(filter: FilterNode, q: SpanQuery): Partial<SpanQuery> {
  const out: Partial<SpanQuery> = {}
  for (const t of filter.type === 'and' ? filter.items : [filter]) {
    if (t.type === 'status' && q.status === undefined) out.status = t.status
    else if (t.type === 'match' && !hasWildcard(t.pattern)) {
      if (t.field === 'agent' && q.agentIds === undefined) out.agentIds = [t.pattern]
      else if (t.field === 'name' && q.name === undefined) out.name = t.pattern
    }
  }
  return out
}

function encodeCursor(c: WhereCursor): string {
  return CURSOR_PREFIX + JSON.stringify(c)
}

function decodeCursor(cursor: string | null | undefined): WhereCursor {
  if (!cursor) return { c: null, k: 0 }
  if (cursor.startsWith(CURSOR_PREFIX)) {
    try {
      const v = JSON.parse(cursor.slice(CURSOR_PREFIX.length)) as WhereCursor
      if (
        (v.c === null || typeof v.c === 'string') &&
        Number.isInteger(v.k) &&
        v.k >= 0 &&
        v.k <= INNER_PAGE
      )
        return v
    } catch {
      // fall through to the error below
    }
  }
  throw new Error(`not a cursor of a filtered span list: ${JSON.stringify(cursor.slice(0, 80))}`)
}
