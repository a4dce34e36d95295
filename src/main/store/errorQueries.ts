// Errors: list (by session, resolved state, time) newest first, and resolve with a note.
import type { TraceError } from '../../shared/domain'
import type { ErrorQuery, Page } from '../../shared/queries'
import { clampLimit, decodeCursor, pageOf } from './cursor'
import { type QueryContext, Where } from './queryContext'
import { rowToError, type ErrorRow } from './rowMappers'

const ERROR_COLUMNS = 'e.rowid AS rowid, ss.id AS session_id, e.*'

export function listErrors(ctx: QueryContext, q: ErrorQuery): Page<TraceError> {
  const limit = clampLimit(q.limit)
  const where = new Where()
  if (q.sessionId !== undefined) {
    const sid = ctx.sidOf(q.sessionId)
    if (sid === null) return { items: [], nextCursor: null }
    where.add('e.session = ?', sid)
  }
  if (q.resolved !== undefined) where.add('e.resolved = ?', q.resolved ? 1 : 0)
  if (q.since !== undefined) where.add('e.time >= ?', q.since)
  if (q.until !== undefined) where.add('e.time <= ?', q.until)
  const cursor = decodeCursor(q.cursor, 2)
  if (cursor) where.keyset('e.time', 'e.rowid', true, cursor[0], cursor[1])
  const sql = `SELECT ${ERROR_COLUMNS} FROM errors e LEFT JOIN sessions ss ON ss.sid = e.session
    ${where.sql()} ORDER BY e.time DESC, e.rowid DESC LIMIT ?`
  const rows = ctx.all(sql, [...where.params, limit + 1]) as ErrorRow[]
  return pageOf(
    rows,
    limit,
    (r) => rowToError(r, ctx.dict),
    (r) => [r.time, r.rowid],
  )
}

export function getError(ctx: QueryContext, id: string): TraceError | null {
  const row = ctx
    .stmt(
      `SELECT ${ERROR_COLUMNS} FROM errors e LEFT JOIN sessions ss ON ss.sid = e.session WHERE e.id = ?`,
    )
    .get(id) as ErrorRow | undefined
  return row ? rowToError(row, ctx.dict) : null
}

/**
 * Marks an error resolved with a note (again: the note is replaced). The session's unresolved
 * count drops only on the first resolution. Runs in its own IMMEDIATE transaction.
 */
export function resolveError(
  ctx: QueryContext,
  id: string,
  note: string,
  now = Date.now(),
): TraceError | null {
  if (typeof note !== 'string') throw new Error('resolution note must be a string')
  const tx = ctx.db.transaction(() => {
    const before = ctx.stmt('SELECT session, resolved FROM errors WHERE id = ?').get(id) as
      { session: number | null; resolved: number } | undefined
    if (!before) return false
    ctx
      .stmt('UPDATE errors SET resolved = 1, resolution_note = ?, resolved_at = ? WHERE id = ?')
      .run(note, now, id)
    if (before.resolved === 0 && before.session !== null) {
      ctx
        .stmt('UPDATE sessions SET unresolved_count = max(0, unresolved_count - 1) WHERE sid = ?')
        .run(before.session)
    }
    return true
  })
  return tx.immediate() ? getError(ctx, id) : null
}
