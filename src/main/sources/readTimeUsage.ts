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
import { subtreeWalk, type SubtreeWalk } from './sessionSubtreeUsage'
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
  type Walking = { table: PriceTable; walk: SubtreeWalk; done: boolean }
  const subtrees = new Map<string, Walking>()
  let closed = false
  // moves when a walk ends in the background: views ask for the rollup again
  let walked = 0
  const budgetMs = opts.background ? (opts.budgetMs ?? 50) : Infinity
  /** runs `w` for up to `ms`; the rest a page per turn of the event loop */
  const walk = (w: Walking, ms: number, late: boolean): void => {
    const until = performance.now() + ms
    try {
      do {
        if (w.walk.step()) {
          w.done = true
          if (late) walked++
          return
        }
      } while (performance.now() < until)
    } catch {
      // the file went away or cannot be read: no Σ rather than a partial one
      for (const [k, v] of subtrees) if (v === w) subtrees.delete(k)
      return
    }
    setImmediate(() => {
      if (!closed && [...subtrees.values()].includes(w)) walk(w, 0, true)
    })
  }
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
    // (a session too large to walk within the budget is walked in the background: until then
    // its Σ is `subtreePending`, shown as "…", never a partial figure)
    let sums: Map<string, UsageTotals> | null = null
    if (sessionId !== undefined) {
      const key = `${source.changeToken()}\u0000${sessionId}`
      let hit = subtrees.get(key)
      if (!hit || hit.table !== t) {
        if (subtrees.size >= 8) subtrees.delete(subtrees.keys().next().value!)
        hit = { table: t, walk: subtreeWalk(source, sessionId, t), done: false }
        subtrees.set(key, hit)
        walk(hit, budgetMs, false)
      }
      if (!hit.done)
        return { ...toUsageRollup({ ...parts, subtree: new Map() }, false), subtreePending: true }
      sums = hit.walk.sums()
    }
    return toUsageRollup({ ...parts, subtree: sums ?? new Map() }, false)
  }
  queries.changeToken = () => source.changeToken() + index.generation + walked
  queries.close = () => {
    closed = true
    index.close()
    source.close()
  }
  return queries
}

function emptyParts() {
  return { session: emptyTotals(), byAgent: new Map(), byModel: new Map(), subtree: new Map() }
}
