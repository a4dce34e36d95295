// Next / previous error: the session's failed spans (status error) and the spans its error
// records point at, stepped through in the order they appear in the full span tree, so `n`
// walks down the timeline and tree whatever is collapsed.
import type { SpanTable } from '../timeline/spanTable'

/** Rows of spans that failed or carry an error record, in `order` (full-tree row of each span). */
export function errorRows(
  t: SpanTable,
  errorSpanIds: ReadonlySet<string>,
  order: ArrayLike<number>,
): number[] {
  const rows: number[] = []
  for (let i = 0; i < t.count; i++) if (t.status[i] === 2) rows.push(i)
  // the few spans with error records looked up, not a million span ids hashed into the set
  for (const id of errorSpanIds) {
    const i = t.indexOf.get(id)
    if (i !== undefined && i < t.count && t.status[i] !== 2) rows.push(i)
  }
  return rows.sort((a, b) => (order[a] ?? a) - (order[b] ?? b) || a - b)
}

/**
 * The error row after (delta 1) or before (delta -1) the current span, wrapping around; from no
 * selection, or a selection that is not an error, the nearest error in that direction.
 */
export function stepError(
  rows: ReadonlyArray<number>,
  order: ArrayLike<number>,
  current: number | undefined,
  delta: 1 | -1,
): number | null {
  if (rows.length === 0) return null
  if (current === undefined) return delta > 0 ? rows[0] : rows[rows.length - 1]
  const here = order[current] ?? current
  if (delta > 0) {
    for (const r of rows) if ((order[r] ?? r) > here) return r
    return rows[0]
  }
  for (let k = rows.length - 1; k >= 0; k--) if ((order[rows[k]] ?? rows[k]) < here) return rows[k]
  return rows[rows.length - 1]
}

/** "2 of 5" for the toolbar: where the selection is among the errors (0 when it is not one). */
export function errorPosition(rows: ReadonlyArray<number>, current: number | undefined): number {
  return current === undefined ? 0 : rows.indexOf(current) + 1
}
