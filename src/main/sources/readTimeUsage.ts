// Tokens and cost of sessions in files Tracescope only reads and that keep no running totals:
// other tools' files, and Tracescope stores from before schema v5 opened read-only (they are
// never migrated). Totals per session, agent and model are complete: one pass over the file
// (usageIndex.ts), kept until the file changes. While a long first pass runs, a session says
// `usagePending` rather than showing a partial sum.
//
// The Σ of parent spans (a session's `subtree` rollup) adds up what the pass found below each
// parent span along the chains of parents: the session's parent spans are read when its rollup
// is first asked (sessionSubtreeUsage.ts), kept per pass and price table.
import type { Session } from '../../shared/domain'
import { activePrices, type PriceTable } from '../../shared/genai/pricing'
import { toUsageRollup, type UsageRollup } from '../../shared/genai/usageRollup'
import type { UsageTotals } from '../../shared/genai/usageTotals'
import { emptyTotals } from '../../shared/genai/usageTotals'
import type { Page, SessionQuery, TraceQueries } from '../../shared/queries'
import { addUpParents, subtreeWalk, type SubtreeWalk } from './sessionSubtreeUsage'
import { runInTurns } from './stepsInTurns'
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
  type Walking = {
    walk: SubtreeWalk
    done: boolean
    /** the last Σ added up, with the price table it was priced by */
    sums?: { table: PriceTable; sums: Map<string, UsageTotals> }
  }
  const subtrees = new Map<string, Walking>()
  let closed = false
  // moves when a walk ends in the background: views ask for the rollup again
  let walked = 0
  const budgetMs = opts.background ? (opts.budgetMs ?? 50) : Infinity
  const forget = (w: Walking) => {
    for (const [k, v] of subtrees) if (v === w) subtrees.delete(k)
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
    // the session's Σ of parent spans, from what the pass found below each parent span: its
    // parent spans read once per pass, added up once per price table (the tree, the span detail
    // and the Agents tab each ask). A session whose parent spans take longer than the budget to
    // find is read in the background: until then its Σ is `subtreePending`, shown as "…", never
    // a partial figure.
    let sums: Map<string, UsageTotals> | null = null
    if (sessionId !== undefined) {
      const key = `${index.passSerial}\u0000${sessionId}`
      let hit = subtrees.get(key)
      if (!hit) {
        if (subtrees.size >= 8) subtrees.delete(subtrees.keys().next().value!)
        const parents = index.childSums(sessionId, t)
        if (parents === 'pending') return { ...toUsageRollup(emptyParts(), false), pending: true }
        const w: Walking = {
          walk: subtreeWalk(source, sessionId, new Set(parents.keys())),
          done: false,
        }
        subtrees.set(key, (hit = w))
        runInTurns(
          {
            step: () => w.walk.step(),
            wanted: () => !closed && [...subtrees.values()].includes(w),
            done: (late) => {
              w.done = true
              if (late) walked++
            },
            // the file went away or cannot be read: no Σ rather than a partial one
            failed: () => forget(w),
          },
          budgetMs,
        )
      }
      if (!hit.done)
        return { ...toUsageRollup({ ...parts, subtree: new Map() }, false), subtreePending: true }
      if (hit.sums?.table !== t) {
        const children = index.childSums(sessionId, t)
        if (children === 'pending') return { ...toUsageRollup(emptyParts(), false), pending: true }
        hit.sums = { table: t, sums: addUpParents(children, hit.walk.linked(), t) }
      }
      sums = hit.sums.sums
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
