// The spans of a flujo run that are parents, for the Σ of parent spans (sessionSubtreeUsage.ts):
// the run's spans in windows of PARENT_SCAN_ROWS rowids of its run_id index (no sort, no JSON):
// only those among the ids asked for leave SQLite, read as spans by the adapter (toSpan) so
// their own call is what every other sum sees.
import type { Span } from '../../shared/domain'
import { tokenUsage } from '../../shared/genai/usage'
import type { LinkedSpan, LinkedSpanScan } from './sessionSubtreeUsage'

/** rowids of a run one step covers: a few ms, so a query of an open view waits little */
export const PARENT_SCAN_ROWS = 10_000
/** up to this many ids are matched by SQLite (a list per step); more are matched here */
const IDS_IN_SQL = 2_000

export interface FlujoParentDeps {
  rows<R>(sql: string, params: unknown[]): R[]
  /** spans by rowid, mapped by the adapter */
  spansByRowid(ids: number[]): Span[]
}

const WINDOW = `SELECT max(rid) AS last FROM (SELECT rowid AS rid FROM spans WHERE run_id = ? AND rowid > ? ORDER BY rowid LIMIT ${PARENT_SCAN_ROWS})`
const IN_WINDOW = 'FROM spans WHERE run_id = ? AND rowid > ? AND rowid <= ?'

export function flujoParentSpans(
  d: FlujoParentDeps,
  runId: string,
  ids: ReadonlySet<string>,
): LinkedSpanScan {
  let after: number | null = -1
  const list = ids.size <= IDS_IN_SQL ? JSON.stringify([...ids]) : null
  return {
    step() {
      if (after === null) return null
      const last = d.rows<{ last: number | null }>(WINDOW, [runId, after])[0]?.last ?? null
      if (last === null) return (after = null)
      const window = [runId, after, last]
      after = last
      const rids = list
        ? d
            .rows<{ rid: number }>(
              `SELECT rowid AS rid ${IN_WINDOW} AND CAST(span_id AS TEXT) IN (SELECT value FROM json_each(?))`,
              [...window, list],
            )
            .map((r) => r.rid)
        : d
            .rows<{ rid: number; id: unknown }>(
              `SELECT rowid AS rid, span_id AS id ${IN_WINDOW}`,
              window,
            )
            .filter((r) => ids.has(String(r.id)))
            .map((r) => r.rid)
      const out: LinkedSpan[] = []
      for (let i = 0; i < rids.length; i += 500)
        for (const s of d.spansByRowid(rids.slice(i, i + 500)))
          out.push({
            spanId: s.spanId,
            parentSpanId: s.parentSpanId,
            usage: tokenUsage(s.attributes),
          })
      return out
    },
  }
}
