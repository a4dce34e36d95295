// The Σ of parent spans of one session of a file Tracescope only reads (its tree and span
// detail). The totals pass (usageIndex.ts) has already summed, per parent span, its children's
// own calls; what is left is to read the session's spans that are parents — their own call and
// their own parent — and add each one's figures up its chain of parents. Only those spans are
// read, a part per step; the chains are added up in typed arrays, each span once. Complete for
// a session of any size; readTimeUsage.ts keeps the result until the file changes.
import type { PriceTable } from '../../shared/genai/pricing'
import { tokenUsage, type TokenUsage } from '../../shared/genai/usage'
import {
  addUsage,
  emptyTotals,
  mergeTotals,
  type UsageTotals,
} from '../../shared/genai/usageTotals'
import type { TraceQueries } from '../../shared/queries'

/** spans read per page when an adapter has no way to read only the parents */
export const SUBTREE_PAGE = 5_000

/** a span that is a parent: its own parent and its own call */
export interface LinkedSpan {
  spanId: string
  parentSpanId: string | null
  usage: TokenUsage | null
}

/** The session's spans among some ids, a part per step. */
export interface LinkedSpanScan {
  /** the next part (possibly empty); null once every span was looked at */
  step(): LinkedSpan[] | null
}

/** An adapter that reads only the spans asked for (flujo: flujoParentSpans.ts). */
export interface HasParentSpans {
  parentSpans(sessionId: string, ids: ReadonlySet<string>): LinkedSpanScan
}

/** up to this many parent spans are read one by one, the session's pages without attributes */
export const PARENTS_READ_ALONE = 200

type Source = Pick<TraceQueries, 'listSpans'> &
  Partial<Pick<TraceQueries, 'getSpan'>> &
  Partial<HasParentSpans>

/**
 * any adapter: the session's spans a page at a time, those among `ids` kept. A few parent spans
 * are found in pages without attributes (nothing decoded) and then read one by one; many are
 * kept from pages with attributes.
 */
function pagesAmong(source: Source, sessionId: string, ids: ReadonlySet<string>): LinkedSpanScan {
  let cursor: string | null | undefined
  const alone = source.getSpan && ids.size <= PARENTS_READ_ALONE ? source.getSpan : null
  return {
    step() {
      if (cursor === null) return null
      const page = source.listSpans({
        sessionId,
        limit: SUBTREE_PAGE,
        cursor,
        withAttributes: alone === null,
      })
      cursor = page.nextCursor
      const out: LinkedSpan[] = []
      for (const listed of page.items) {
        if (!ids.has(listed.spanId)) continue
        const s = alone ? (alone.call(source, sessionId, listed.spanId)?.span ?? listed) : listed
        out.push({
          spanId: s.spanId,
          parentSpanId: s.parentSpanId,
          usage: tokenUsage(s.attributes),
        })
      }
      return out
    },
  }
}

/** A read of one session's parent spans, a part per step (readTimeUsage.ts runs it in turns). */
export interface SubtreeWalk {
  /** reads the next part; true once the walk is complete */
  step(): boolean
  /** the parent spans by id, once complete */
  linked(): Map<string, LinkedSpan>
}

/** reads the spans among `parents` (the ids the pass saw children of) of the session */
export function subtreeWalk(
  source: Source,
  sessionId: string,
  parents: ReadonlySet<string>,
): SubtreeWalk {
  const linked = new Map<string, LinkedSpan>()
  const scan =
    parents.size === 0
      ? { step: () => null }
      : (source.parentSpans?.(sessionId, parents) ?? pagesAmong(source, sessionId, parents))
  let done = false
  return {
    step() {
      if (done) return true
      const part = scan.step()
      if (part === null) return (done = true)
      for (const s of part) linked.set(s.spanId, s)
      return false
    },
    linked() {
      if (!done) throw new Error('the walk over the session is not complete')
      return linked
    },
  }
}

/**
 * Span id → Σ of its own call and every call below it, for the session's spans with calls below
 * them. `children`: per parent span id, the Σ of its children's own calls (from the pass);
 * `linked`: the session's spans among those parents. A span whose parent is not in the session
 * is a root; spans whose parent links loop each get the Σ of the whole loop and all below it.
 */
export function addUpParents(
  children: ReadonlyMap<string, UsageTotals>,
  linked: ReadonlyMap<string, LinkedSpan>,
  table: PriceTable,
): Map<string, UsageTotals> {
  const ids = [...linked.keys()]
  const n = ids.length
  const index = new Map<string, number>()
  for (let i = 0; i < n; i++) index.set(ids[i], i)
  const parent = new Int32Array(n).fill(-1)
  // children of each span that are parents themselves, not yet added into it
  const waiting = new Int32Array(n)
  // what is below each span: its children's own calls, then each child parent's below
  const below: UsageTotals[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const s = linked.get(ids[i])!
    const p = s.parentSpanId === null ? undefined : index.get(s.parentSpanId)
    if (p !== undefined) {
      parent[i] = p
      waiting[p]++
    }
    below[i] = mergeTotals(emptyTotals(), children.get(ids[i]) ?? emptyTotals())
  }
  // children before parents: each span's below is complete when it is added into its parent's
  const ready = new Int32Array(n)
  let head = 0
  let tail = 0
  for (let i = 0; i < n; i++) if (waiting[i] === 0) ready[tail++] = i
  while (head < tail) {
    const i = ready[head++]
    const p = parent[i]
    if (p < 0) continue
    mergeTotals(below[p], below[i])
    if (--waiting[p] === 0) ready[tail++] = p
  }
  const sums = new Map<string, UsageTotals>()
  for (let i = 0; i < n; i++) {
    if (waiting[i] > 0) continue
    const own = linked.get(ids[i])!.usage
    const t = mergeTotals(emptyTotals(), below[i])
    if (own) addUsage(t, own, table)
    sums.set(ids[i], t)
  }
  // what is left waits on itself: loops of parent links. The children's calls of every span of
  // a loop include the own call of the one before it, so their Σ is the loop's and all below it.
  for (let i = 0; i < n; i++) {
    if (waiting[i] === 0) continue
    const loop: number[] = []
    for (let j = i; waiting[j] > 0; j = parent[j]) {
      waiting[j] = 0
      loop.push(j)
    }
    const t = emptyTotals()
    for (const j of loop) mergeTotals(t, below[j])
    for (const j of loop) sums.set(ids[j], mergeTotals(emptyTotals(), t))
  }
  return sums
}

/** The whole walk at once (tests, the CLI): `children` as the pass gives them. */
export function sessionSubtreeUsage(
  source: Source,
  sessionId: string,
  children: ReadonlyMap<string, UsageTotals>,
  table: PriceTable,
): Map<string, UsageTotals> {
  const walk = subtreeWalk(source, sessionId, new Set(children.keys()))
  while (!walk.step());
  return addUpParents(children, walk.linked(), table)
}
