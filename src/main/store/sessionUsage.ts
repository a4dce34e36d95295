// Tokens and cost of sessions in the native store, read from the running totals the writer
// keeps (usageLedger.ts): a page of sessions costs one indexed query on `usage_totals`, whatever
// their span counts, and pricing runs once per (session, agent, model) row. The arithmetic
// lives in src/shared/genai; this module only reads rows.
import { activePrices, type PriceTable } from '../../shared/genai/pricing'
import { usageOfCounts } from '../../shared/genai/usage'
import { addUsage, emptyTotals, type UsageTotals } from '../../shared/genai/usageTotals'
import type { QueryContext } from './queryContext'
import { USAGE_COLUMNS } from './usageLedger'

const CHUNK = 500
const COLUMNS = `session, agent, model, calls, ${USAGE_COLUMNS.join(', ')}`

/** One row of usage_totals as [session, agent, model, calls, ...counts]. */
type TotalsRow = [number, number, string, number, ...number[]]

const hasTotals = new WeakMap<QueryContext, boolean>()

/** False for a file of schema v4 or older opened read-only (it cannot be migrated). */
export function hasUsageTotals(ctx: QueryContext): boolean {
  let has = hasTotals.get(ctx)
  if (has === undefined) {
    has =
      ctx.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'usage_totals'").get() !== undefined
    hasTotals.set(ctx, has)
  }
  return has
}

const SUMS = `sum(calls), ${USAGE_COLUMNS.map((c) => `sum(${c})`).join(', ')}`

/**
 * The totals of `n` sessions; `byAgent` false: summed over agents in SQL (the sessions list
 * prices one row per session and model). Exported for the query-plan test.
 */
export function totalsSql(n: number, byAgent = false): string {
  const where = `session IN (${Array(n).fill('?').join(',')})`
  return byAgent
    ? `SELECT ${COLUMNS} FROM usage_totals WHERE ${where}`
    : `SELECT session, 0, model, ${SUMS} FROM usage_totals WHERE ${where} GROUP BY session, model`
}

function rowsOf(ctx: QueryContext, sids: number[], byAgent = false): TotalsRow[] {
  const rows: TotalsRow[] = []
  for (let i = 0; i < sids.length; i += CHUNK) {
    const part = sids.slice(i, i + CHUNK)
    // not ctx.all: `ctx.last` stays the list query the caller ran
    const st = ctx.stmt(totalsSql(part.length, byAgent), true)
    for (const r of st.all(...part)) rows.push(r as TotalsRow)
  }
  return rows
}

function addRow(t: UsageTotals, r: TotalsRow, table: PriceTable): void {
  addUsage(t, usageOfCounts(r.slice(4) as number[], r[2]), table, r[3])
}

/** Usage per session row id, for the given sessions (sessions without tokens are absent). */
export function usageBySid(
  ctx: QueryContext,
  sids: number[],
  table: PriceTable = activePrices(),
): Map<number, UsageTotals> {
  const out = new Map<number, UsageTotals>()
  if (sids.length === 0 || !hasUsageTotals(ctx)) return out
  for (const r of rowsOf(ctx, sids)) {
    let t = out.get(r[0])
    if (!t) out.set(r[0], (t = emptyTotals()))
    addRow(t, r, table)
  }
  return out
}

export interface UsageBreakdown {
  session: UsageTotals
  /** by agent id ('' = spans without an agent) */
  byAgent: Map<string, UsageTotals>
  /** by model as the source spelled it ('' = no model named) */
  byModel: Map<string, UsageTotals>
}

/** One session's totals, per agent and per model: a few rows, whatever the session's size. */
export function usageBreakdown(
  ctx: QueryContext,
  sid: number,
  table: PriceTable = activePrices(),
): UsageBreakdown {
  const out: UsageBreakdown = { session: emptyTotals(), byAgent: new Map(), byModel: new Map() }
  if (!hasUsageTotals(ctx)) return out
  for (const r of rowsOf(ctx, [sid], true)) foldRow(ctx, out, r, table)
  return out
}

function foldRow(ctx: QueryContext, out: UsageBreakdown, r: TotalsRow, table: PriceTable): void {
  const bucket = (m: Map<string, UsageTotals>, k: string): UsageTotals => {
    let t = m.get(k)
    if (!t) m.set(k, (t = emptyTotals()))
    return t
  }
  addRow(out.session, r, table)
  addRow(bucket(out.byAgent, r[1] === 0 ? '' : ctx.dict.value(r[1])), r, table)
  addRow(bucket(out.byModel, r[2]), r, table)
}

/** Sets `usage` on each session that has token counts. */
export function attachUsage(
  ctx: QueryContext,
  sessions: Array<{ sid: number; session: { usage?: UsageTotals } }>,
  table: PriceTable = activePrices(),
): void {
  const usage = usageBySid(
    ctx,
    sessions.map((s) => s.sid),
    table,
  )
  for (const { sid, session } of sessions) {
    const u = usage.get(sid)
    if (u) session.usage = u
  }
}

/** The whole file's totals per agent and model (`onlySession`: one session row id). */
export function fileBreakdown(
  ctx: QueryContext,
  table: PriceTable = activePrices(),
  onlySession?: number,
): UsageBreakdown {
  const out: UsageBreakdown = { session: emptyTotals(), byAgent: new Map(), byModel: new Map() }
  if (!hasUsageTotals(ctx)) return out
  const where = onlySession === undefined ? '' : 'WHERE session = ?'
  const rows = ctx
    .stmt(`SELECT 0, agent, model, ${SUMS} FROM usage_totals ${where} GROUP BY agent, model`, true)
    .all(...(onlySession === undefined ? [] : [onlySession])) as TotalsRow[]
  for (const r of rows) foldRow(ctx, out, r, table)
  return out
}
