// Tokens and cost of sessions in the native store, from the running totals the collector keeps:
// token metric samples summed per (session, agent, model) at ingest (TokenTotals). A page of
// sessions costs one indexed query, whatever their span counts.
import type { Session } from '../../shared/domain'
import { SHIPPED_PRICES, type PriceTable } from '../../shared/genai/pricing'
import { USAGE_FIELDS, USAGE_METRICS, type TokenUsage } from '../../shared/genai/usage'
import { addUsage, emptyTotals, type UsageTotals } from '../../shared/genai/usageTotals'
import { decodePayload } from './payloadCodec'
import type { QueryContext } from './queryContext'

const CHUNK = 500

interface Row {
  session: number
  name: number
  value: number
  attributes: unknown
}

function rowAttrs(
  raw: unknown,
  cache: Map<string, { model: string; spans: number }>,
): { model: string; spans: number } {
  const key = typeof raw === 'string' ? raw : null
  const hit = key === null ? undefined : cache.get(key)
  if (hit) return hit
  const attrs = (raw === null ? {} : decodePayload(raw, {})) as Record<string, unknown>
  const m = attrs['gen_ai.request.model']
  const out = {
    model: typeof m === 'string' ? m : '',
    spans: typeof attrs.spans === 'number' ? attrs.spans : 1,
  }
  if (key !== null && cache.size < 100_000) cache.set(key, out)
  return out
}

/** Usage per session row id, for the given sessions (sessions without tokens are absent). */
export function usageBySid(
  ctx: QueryContext,
  sids: number[],
  table: PriceTable = SHIPPED_PRICES,
): Map<number, UsageTotals> {
  const out = new Map<number, UsageTotals>()
  const nameIds = new Map<number, number>()
  USAGE_METRICS.forEach((n, i) => {
    const id = ctx.dict.find(n)
    if (id !== null) nameIds.set(id, i)
  })
  if (nameIds.size === 0 || sids.length === 0) return out
  // session → model → summed usage and call count
  const sums = new Map<number, Map<string, { u: TokenUsage; spans: number[] }>>()
  const names = [...nameIds.keys()]
  // the collector writes the same few attribute texts over and over: decode each once
  const decoded = new Map<string, { model: string; spans: number }>()
  for (let i = 0; i < sids.length; i += CHUNK) {
    const part = sids.slice(i, i + CHUNK)
    const sql = `SELECT session, name, value, attributes FROM metrics
      WHERE session IN (${part.map(() => '?').join(',')}) AND name IN (${names.map(() => '?').join(',')})`
    for (const r of ctx.all(sql, [...part, ...names]) as Row[]) {
      const { model, spans } = rowAttrs(r.attributes, decoded)
      let byModel = sums.get(r.session)
      if (!byModel) sums.set(r.session, (byModel = new Map()))
      let s = byModel.get(model)
      if (!s) {
        s = {
          u: {
            input: null,
            output: null,
            cacheRead: null,
            cacheWrite: null,
            reasoning: null,
            unsplit: null,
            model: model || null,
          },
          spans: USAGE_FIELDS.map(() => 0),
        }
        byModel.set(model, s)
      }
      const index = nameIds.get(r.name)!
      const field = USAGE_FIELDS[index]
      s.u[field] = (s.u[field] ?? 0) + r.value
      s.spans[index] += spans
    }
  }
  for (const [sid, byModel] of sums) {
    const t = emptyTotals()
    let calls = 0
    for (const { u, spans } of byModel.values()) {
      addUsage(t, u, table)
      // each call is in the input series, else the output one, else the unsplit one
      calls += spans[0] || spans[1] || spans[5]
    }
    t.calls = calls
    out.set(sid, t)
  }
  return out
}

/** Sets `usage` on each session that has token counts. */
export function attachUsage(
  ctx: QueryContext,
  sessions: Array<{ sid: number; session: Session }>,
): void {
  const usage = usageBySid(
    ctx,
    sessions.map((s) => s.sid),
  )
  for (const { sid, session } of sessions) {
    const u = usage.get(sid)
    if (u) session.usage = u
  }
}
