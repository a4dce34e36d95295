// Tokens and cost of sessions in files Tracescope only reads and that keep no running totals:
// other tools' files, and Tracescope stores from before schema v5 opened read-only (they are
// never migrated). Totals per session, agent and model are complete: one pass over the file
// (usageIndex.ts), kept until the file changes. While a long first pass runs, a session says
// `usagePending` rather than showing a partial sum.
//
// The Σ of parent spans (a session's `subtree` rollup) needs every span's parent: the session's
// spans are walked when its rollup is first asked (sessionSubtreeUsage.ts), kept per file state.
import type { Session } from '../../shared/domain'
import { activePrices, type PriceTable } from '../../shared/genai/pricing'
import { toUsageRollup, type UsageRollup } from '../../shared/genai/usageRollup'
import type { UsageTotals } from '../../shared/genai/usageTotals'
import { emptyTotals } from '../../shared/genai/usageTotals'
import type { Page, SessionQuery, TraceQueries } from '../../shared/queries'
import { sessionSubtreeUsage } from './sessionSubtreeUsage'
import { UsageIndex } from './usageIndex'

export interface ReadTimeUsageOptions {
  /** finish a long first pass in the background (app, serve); default: at once (CLI) */
  background?: boolean
  /** the price table (default: the active one, read at each call) */
  table?: PriceTable
  /** ms of a pass run at once before the rest goes to the background (default 50) */
  budgetMs?: number
}

function withUsage(index: UsageIndex, sessions: Session[], table: PriceTable): Session[] {
  const totals = index.totals(
    sessions.map((s) => s.id),
    table,
  )
  return sessions.map((s, i) => {
    const t = totals[i]
    if (t === 'pending') return { ...s, usagePending: true }
    return t ? { ...s, usage: t } : s
  })
}

/**
 * `source` with complete read-time totals on its sessions and rollups (the source itself is
 * left as it is). Its change token moves when a pass completes, so open views read again.
 */
export function withReadTimeUsage<Q extends TraceQueries>(
  source: Q,
  opts: ReadTimeUsageOptions = {},
): Q & { usageIndex: UsageIndex } {
  const queries = Object.create(source) as Q & { usageIndex: UsageIndex }
  const index = new UsageIndex(source, {
    background: opts.background ?? false,
    budgetMs: opts.budgetMs,
  })
  const table = () => opts.table ?? activePrices()
  queries.usageIndex = index
  const subtrees = new Map<string, { table: PriceTable; sums: Map<string, UsageTotals> }>()
  queries.listSessions = (q: SessionQuery): Page<Session> => {
    const page = source.listSessions(q)
    return { ...page, items: withUsage(index, page.items, table()) }
  }
  queries.getSession = (id: string): Session | null => {
    const s = source.getSession(id)
    return s ? withUsage(index, [s], table())[0] : null
  }
  queries.usageRollup = (sessionId?: string): UsageRollup => {
    const t = table()
    const parts = index.parts(sessionId, t, true)
    if (parts === 'pending') return { ...toUsageRollup(emptyParts(), false), pending: true }
    if (parts === null) return toUsageRollup(emptyParts(), false)
    // the session's Σ of parent spans, from all its spans: read once per file state and price
    // table (the tree, the span detail and the Agents tab each ask)
    let sums: Map<string, UsageTotals> | null = null
    if (sessionId !== undefined) {
      const key = `${source.changeToken()}\u0000${sessionId}`
      const hit = subtrees.get(key)
      if (hit && hit.table === t) sums = hit.sums
      else {
        sums = sessionSubtreeUsage(source, sessionId, t)
        if (subtrees.size >= 8) subtrees.delete(subtrees.keys().next().value!)
        subtrees.set(key, { table: t, sums })
      }
    }
    return toUsageRollup({ ...parts, subtree: sums ?? new Map() }, false)
  }
  queries.changeToken = () => source.changeToken() + index.generation
  queries.close = () => {
    index.close()
    source.close()
  }
  return queries
}

function emptyParts() {
  return { session: emptyTotals(), byAgent: new Map(), byModel: new Map(), subtree: new Map() }
}
