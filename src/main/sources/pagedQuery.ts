// Keyset paging over foreign tables: every page is `LIMIT n+1` on an ordered key, the cursor is
// the last row's key values, so page k costs the same as page 1 (no OFFSET) and the file's own
// indexes can serve both the filter and the order.
import type Database from 'better-sqlite3'
import { DEFAULT_PAGE, MAX_PAGE, type Page } from '../../shared/queries'
import { SourceQueryError, explainQueryFailure } from './sourceErrors'

export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)))
}

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(
  file: string,
  cursor: string | null | undefined,
  arity: number,
): unknown[] | null {
  if (cursor === null || cursor === undefined || cursor === '') return null
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => k === null || ['string', 'number'].includes(typeof k))
    )
      return key
  } catch {
    // fall through to the error below
  }
  throw new SourceQueryError(
    'bad-cursor',
    file,
    `The page cursor "${cursor.slice(0, 40)}" does not belong to this list of ${file}.`,
  )
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

type QueryObserver = (sql: string, params: unknown[]) => void
let observer: QueryObserver | null = null

/** Sees every keyset query (SQL + params) before it runs: plan tests, slow-query logs. */
export function observeQueries(fn: QueryObserver | null): void {
  observer = fn
}

/** Prepared statements cached per connection and SQL text. */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let m = statements.get(db)
  if (!m) statements.set(db, (m = new Map()))
  let st = m.get(sql)
  if (!st) {
    st = db.prepare(sql)
    if (m.size > 500) m.clear()
    m.set(sql, st)
  }
  return st
}

export interface KeysetSpec {
  /** select list (without the key columns) */
  columns: string
  /** FROM clause body (tables, joins, or a bounded subquery) */
  from: string
  where?: string[]
  params?: unknown[]
  /** ordering key expressions; the last one must be unique (rowid or primary key) */
  keys: string[]
  desc?: boolean
  limit?: number
  cursor?: string | null
  /** what is being read, for error messages */
  what: string
}

export function keysetPage<R extends Record<string, unknown>>(
  db: Database.Database,
  file: string,
  spec: KeysetSpec,
): { rows: R[]; nextCursor: string | null } {
  const limit = pageSize(spec.limit)
  const after = decodeCursor(file, spec.cursor, spec.keys.length)
  const where = [...(spec.where ?? [])]
  const params = [...(spec.params ?? [])]
  const cmp = spec.desc ? '<' : '>'
  if (after) {
    where.push(`(${spec.keys.join(', ')}) ${cmp} (${spec.keys.map(() => '?').join(', ')})`)
    params.push(...after)
  }
  const dir = spec.desc ? 'DESC' : 'ASC'
  const sql =
    `SELECT ${spec.columns}, ${spec.keys.map((k, i) => `${k} AS __k${i}`).join(', ')} FROM ${spec.from}` +
    (where.length ? ` WHERE ${where.map((w) => `(${w})`).join(' AND ')}` : '') +
    ` ORDER BY ${spec.keys.map((k) => `${k} ${dir}`).join(', ')} LIMIT ${limit + 1}`
  let rows: R[]
  observer?.(sql, params)
  try {
    rows = prepared(db, sql).all(...params) as R[]
  } catch (err) {
    throw explainQueryFailure(file, err, spec.what)
  }
  let nextCursor: string | null = null
  if (rows.length > limit) {
    rows = rows.slice(0, limit)
    const last = rows[rows.length - 1]
    nextCursor = encodeCursor(spec.keys.map((_, i) => last[`__k${i}`] as unknown))
  }
  return { rows, nextCursor }
}

export const emptyPage = <T>(): Page<T> => ({ items: [], nextCursor: null })
