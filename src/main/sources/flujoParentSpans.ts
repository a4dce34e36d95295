// The spans of a flujo run that are parents, for the Σ of parent spans (sessionSubtreeUsage.ts):
// the run's rowids, from its first to its last, in windows of PARENT_SCAN_ROWS, each a range of
// its run_id index (no sort, no JSON): only the spans among the ids asked for leave SQLite, read
// as spans by the adapter (toSpan) so their own call is what every other sum sees.
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

// two lookups of the index's ends (one min() and max() together would read the whole range)
const ENDS =
  'SELECT (SELECT min(rowid) FROM spans WHERE run_id = ?) AS lo, (SELECT max(rowid) FROM spans WHERE run_id = ?) AS hi'
const IN_WINDOW = 'FROM spans WHERE run_id = ? AND rowid > ? AND rowid <= ?'

export function flujoParentSpans(
  d: FlujoParentDeps,
  runId: string,
  ids: ReadonlySet<string>,
): LinkedSpanScan {
  let ends: { after: number; hi: number } | null = null
  const list = ids.size <= IDS_IN_SQL ? JSON.stringify([...ids]) : null
  return {
    step() {
      if (!ends) {
        const e = d.rows<{ lo: number | null; hi: number | null }>(ENDS, [runId, runId])[0]
        ends = { after: (e?.lo ?? 1) - 1, hi: e?.hi ?? 0 }
      }
      if (ends.after >= ends.hi) return null
      const last = Math.min(ends.after + PARENT_SCAN_ROWS, ends.hi)
      const window = [runId, ends.after, last]
      ends.after = last
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
