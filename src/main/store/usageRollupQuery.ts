// A native session's token and cost rollups without decoding a single attribute payload or
// handing a million rows to JavaScript:
//  - per session, agent and model: usage_totals (a few rows);
//  - Σ of each span's subtree: parent_usage (what each parent's LLM children add, kept by the
//    writer), then the ancestors of those parents found level by level, each level one
//    pass over the session's span index that returns only the links asked for. A 1M-span
//    session with 1,000 parents of LLM calls returns a few thousand rows in all.
import { activePrices, type PriceTable } from '../../shared/genai/pricing'
import {
  MAX_SUBTREE_SUMS,
  readTimeRollup,
  toUsageRollup,
  type UsageRollup,
} from '../../shared/genai/usageRollup'
import type { Span } from '../../shared/domain'
import type { Page, SpanQuery } from '../../shared/queries'
import { usageOfCounts } from '../../shared/genai/usage'
import {
  addUsage,
  emptyTotals,
  mergeTotals,
  type UsageTotals,
} from '../../shared/genai/usageTotals'
import { decodeId } from './payloadCodec'
import type { QueryContext } from './queryContext'
import { fileBreakdown, hasUsageTotals, usageBreakdown, type UsageBreakdown } from './sessionUsage'
import { USAGE_COLUMNS } from './usageLedger'

/** SQLite's bound-parameter limit is 32,766; one level's lookup stays well under it */
const IN_CHUNK = 10_000
/** levels walked up from the LLM calls' parents (a cycle or a deeper tree stops there) */
const MAX_DEPTH = 256

export interface SessionRollup extends UsageBreakdown {
  /**
   * Σ of every span that has LLM calls below it (span id → its descendants' usage, plus its
   * own when it is an LLM call itself); leaf LLM calls are not listed: their own counts are
   * on their attributes.
   */
  subtree: Map<string, UsageTotals>
  /** true when more spans had sums than MAX_SUBTREE_SUMS */
  truncated: boolean
}

type Id = string | Buffer

function keyOf(id: Id): string {
  return typeof id === 'string' ? `s${id}` : `b${id.toString('latin1')}`
}

/** Every rollup of one session. */
export function sessionRollup(
  ctx: QueryContext,
  sid: number,
  table: PriceTable = activePrices(),
): SessionRollup {
  const breakdown = usageBreakdown(ctx, sid, table)
  const out: SessionRollup = { ...breakdown, subtree: new Map(), truncated: false }
  if (!hasUsageTotals(ctx) || breakdown.session.calls === 0) return out
  // what the LLM children of each parent add, priced per model
  const direct = new Map<string, { id: Id; t: UsageTotals }>()
  const rows = ctx
    .stmt(
      `SELECT parent, model, calls, ${USAGE_COLUMNS.join(', ')} FROM parent_usage
       WHERE session = ?`,
      true,
    )
    .all(sid) as unknown[][]
  for (const r of rows) {
    const id = r[0] as Id
    const k = keyOf(id)
    let d = direct.get(k)
    if (!d) direct.set(k, (d = { id, t: emptyTotals() }))
    addUsage(d.t, usageOfCounts(r.slice(3) as number[], r[1] as string), table, r[2] as number)
  }
  // the ancestors of those parents, one level per pass
  const parentOf = new Map<string, Id | null>()
  let frontier = [...direct.values()].map((d) => d.id)
  for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth++) {
    const next: Id[] = []
    for (let i = 0; i < frontier.length; i += IN_CHUNK) {
      const part = frontier.slice(i, i + IN_CHUNK)
      for (const k of part) parentOf.set(keyOf(k), null)
      const links = ctx
        .stmt(
          `SELECT span_id, parent_id FROM spans WHERE session = ?
           AND span_id IN (${part.map(() => '?').join(',')}) AND parent_id IS NOT NULL`,
          true,
        )
        .all(sid, ...part) as Array<[Id, Id]>
      for (const [id, parent] of links) {
        parentOf.set(keyOf(id), parent)
        if (!parentOf.has(keyOf(parent))) next.push(parent)
      }
    }
    frontier = next
  }
  const subtree = new Map<string, { id: Id; t: UsageTotals }>()
  const bucket = (id: Id, k: string): UsageTotals => {
    let s = subtree.get(k)
    if (!s) subtree.set(k, (s = { id, t: emptyTotals() }))
    return s.t
  }
  for (const [k, d] of direct) {
    const seen = new Set<string>()
    for (let cur: Id | null = d.id, ck = k; cur !== null && !seen.has(ck);) {
      seen.add(ck)
      mergeTotals(bucket(cur, ck), d.t)
      cur = parentOf.get(ck) ?? null
      if (cur !== null) ck = keyOf(cur)
    }
  }
  // a span that is an LLM call and has LLM calls below it: its own share too
  const ids = [...subtree.values()].map((s) => s.id)
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const part = ids.slice(i, i + IN_CHUNK)
    const own = ctx
      .stmt(
        `SELECT span_id, model, ${USAGE_COLUMNS.join(', ')} FROM span_usage
         WHERE session = ? AND span_id IN (${part.map(() => '?').join(',')})`,
        true,
      )
      .all(sid, ...part) as unknown[][]
    for (const r of own)
      addUsage(
        subtree.get(keyOf(r[0] as Id))!.t,
        usageOfCounts(r.slice(2) as number[], r[1] as string),
        table,
      )
  }
  // the largest sums first: those are the spans nearest the root
  const ordered = [...subtree.values()].sort((a, b) => b.t.calls - a.t.calls)
  out.truncated = ordered.length > MAX_SUBTREE_SUMS
  for (const s of ordered.slice(0, MAX_SUBTREE_SUMS)) out.subtree.set(decodeId(s.id), s.t)
  return out
}

/**
 * The contract's rollup of one session, or of the whole file (no Σ of spans then). A store
 * before schema v5 opened read-only has no totals: its first page of spans is summed instead.
 */
export function usageRollup(
  ctx: QueryContext,
  sessionId: string | undefined,
  readSpans: (q: SpanQuery) => Page<Span>,
  table: PriceTable = activePrices(),
): UsageRollup {
  if (!hasUsageTotals(ctx)) {
    const page = readSpans({ sessionId, limit: 5000, withAttributes: true })
    return readTimeRollup(page.items, table, page.nextCursor !== null)
  }
  if (sessionId === undefined)
    return toUsageRollup({ ...fileBreakdown(ctx, table), subtree: new Map() }, false)
  const sid = ctx.sidOf(sessionId)
  if (sid === null)
    return toUsageRollup({ ...fileBreakdown(ctx, table, -1), subtree: new Map() }, false)
  const r = sessionRollup(ctx, sid, table)
  return toUsageRollup(r, r.truncated)
}
