// flujo's tokens and cost summed in SQL, for usageIndex.ts: the file's spans in rowid ranges of
// USAGE_SCAN_ROWS, one step each. A span whose attributes are plain flujo JSON (a `token_counts`
// number, no name of the GenAI or OpenInference conventions) is summed by SQLite's JSON
// functions; any other span that may carry token counts (a BLOB, another convention's names, a
// count written as text, a payload past the decoder's cap) is read as a span and summed as the
// pages are (the adapter's toSpan, tokenUsage), so both ways give the same figures
// (test/sources/flujoSource.test.ts checks them against each other).
import type { Span } from '../../shared/domain'
import { RECORDED_COST_KEY, tokenUsage, USAGE_FIELDS } from '../../shared/genai/usage'
import { MAX_PAYLOAD_BYTES } from './blobJson'
import type { UsageScan, UsageSums } from './usageIndex'

/** rowids of spans one step covers: tens of ms, so a query of an open view waits little */
export const USAGE_SCAN_ROWS = 10_000

export interface FlujoScanDeps {
  hasAttributes: boolean
  /** columns of `spans` the adapter lays into the attributes */
  extraColumns: readonly string[]
  rows<R>(sql: string, params: unknown[]): R[]
  /** spans by rowid, mapped by the adapter */
  spansByRowid(ids: number[]): Span[]
}

interface SumRow {
  run_id: unknown
  parent: string | null
  cls: number
  rec: number
  calls: number
  tok: number | null
  cost: number | null
  rids: string | null
}

// each layer a co-routine (OFFSET 0 keeps SQLite from flattening it into the next), so the
// attribute text is tested and parsed once per span, not once per use: 2–3 µs a span, against
// 10–12 µs flattened
const CLEAN = `typeof(a) = 'text' AND length(a) <= ${Math.floor(MAX_PAYLOAD_BYTES / 4)} AND instr(a, 'gen_ai') = 0 AND instr(a, 'llm') = 0 AND instr(a, 'tokensUsed') = 0 AND instr(a, '${RECORDED_COST_KEY}') = 0 AND json_valid(a)`
const SPANS = `SELECT run_id, parent_span_id AS p, rowid AS rid, attributes AS a FROM spans WHERE rowid > ? AND rowid <= ? AND (typeof(attributes) = 'blob' OR instr(attributes, 'token') > 0)`
const TESTED = `SELECT run_id, p, rid, a, (${CLEAN}) AS clean FROM (${SPANS} LIMIT -1 OFFSET 0)`
const READ = `SELECT run_id, p, rid, clean, CASE WHEN clean THEN a ->> '$.token_counts' END AS tok, CASE WHEN clean THEN a ->> '$.cost_usd' END AS cost FROM (${TESTED} LIMIT -1 OFFSET 0)`
// cls 1: summed here; 2: read as a span; 0: no tokens. A cost of 0 is none (flujo had no price).
const CLASSED = `SELECT run_id, p, rid, CASE WHEN NOT clean THEN 2 WHEN typeof(tok) IN ('integer', 'real') THEN tok > 0 WHEN typeof(tok) = 'text' THEN 2 ELSE 0 END AS cls, CASE WHEN typeof(cost) IN ('integer', 'real') AND cost > 0 THEN 1 ELSE 0 END AS rec, tok, cost FROM (${READ} LIMIT -1 OFFSET 0)`
// by parent too: the Σ of parent spans adds up these (usageIndex.ts, sessionSubtreeUsage.ts)
export const FLUJO_SUMS_SQL = `SELECT run_id, p AS parent, cls, rec, count(*) AS calls, sum(tok) AS tok, sum(CASE WHEN rec THEN cost END) AS cost, CASE WHEN cls = 2 THEN group_concat(rid) END AS rids FROM (${CLASSED} LIMIT -1 OFFSET 0) WHERE cls > 0 GROUP BY run_id, p, cls, rec`

/** The scan, or null when the file's spans must be read as pages instead. */
export function flujoUsageScan(d: FlujoScanDeps): UsageScan | null {
  // an extra column that may be a count, model or cost changes what a span carries
  if (!d.hasAttributes || d.extraColumns.some((n) => /token|cost|gen_ai|llm|model/i.test(n)))
    return null
  const top = d.rows<{ m: number | null }>('SELECT max(rowid) AS m FROM spans', [])[0]?.m ?? 0
  let from = 0
  return {
    step(add) {
      for (const r of d.rows<SumRow>(FLUJO_SUMS_SQL, [from, from + USAGE_SCAN_ROWS])) {
        if (r.cls === 2) sumSpans(d, r.rids ?? '', add)
        else
          add({
            sessionId: String(r.run_id),
            parentId: r.parent === null ? null : String(r.parent),
            agent: '',
            model: '',
            recorded: r.rec === 1,
            calls: r.calls,
            counts: USAGE_FIELDS.map((f) => (f === 'unsplit' ? (r.tok ?? 0) : 0)),
            recordedUsd: r.cost ?? 0,
          })
      }
      from += USAGE_SCAN_ROWS
      return from < top
    },
  }
}

/** spans by rowid (a comma list from the scan), summed as any page of spans is */
function sumSpans(d: FlujoScanDeps, rids: string, add: (s: UsageSums) => void): void {
  const ids = rids.split(',').map(Number)
  for (let i = 0; i < ids.length; i += 500)
    for (const span of d.spansByRowid(ids.slice(i, i + 500))) {
      const u = tokenUsage(span.attributes)
      if (!u) continue
      add({
        sessionId: span.sessionId,
        parentId: span.parentSpanId,
        agent: span.agentId ?? '',
        model: u.model ?? '',
        recorded: u.recordedCostUsd !== null,
        calls: 1,
        counts: USAGE_FIELDS.map((f) => u[f] ?? 0),
        recordedUsd: u.recordedCostUsd ?? 0,
      })
    }
}
