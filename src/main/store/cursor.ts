// Opaque keyset cursors: the sort key and rowid of the last item of a page, base64url JSON.
// Keyset (not OFFSET) so page N costs the same as page 1.
import { DEFAULT_PAGE, MAX_PAGE } from '../../shared/queries'

export type CursorKey = Array<number | string | null>

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** Decodes a cursor made by encodeCursor with `arity` parts; a foreign or damaged one is an error. */
export function decodeCursor(cursor: string | null | undefined, arity: number): CursorKey | null {
  if (cursor === null || cursor === undefined || cursor === '') return null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new Error(`invalid cursor: ${cursor.slice(0, 40)}`)
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity ||
    !parsed.every((p) => p === null || typeof p === 'number' || typeof p === 'string')
  ) {
    throw new Error(`invalid cursor: ${cursor.slice(0, 40)}`)
  }
  return parsed as CursorKey
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)))
}

/**
 * Queries fetch limit + 1 rows: the extra row only says whether another page exists.
 * Returns the page and the cursor made from its last item.
 */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  keyOf: (row: R) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit
  const kept = more ? rows.slice(0, limit) : rows
  return {
    items: kept.map(map),
    nextCursor: more ? encodeCursor(keyOf(kept[kept.length - 1])) : null,
  }
}
