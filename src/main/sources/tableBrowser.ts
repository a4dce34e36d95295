// The generic fallback for `.db` files Tracescope does not recognise: list the ordinary tables
// (with columns and row counts bounded in time) and page through rows, read-only. Identifiers
// are quoted, only stored columns are selected (generated columns are never evaluated), views
// and virtual tables are listed in the notes but never read.
import type { TableRows, TableSummary } from '../../shared/contract/invoke'
import type { SourceInfo } from '../../shared/queries'
import { decodeCursor, encodeCursor, pageSize, prepared } from './pagedQuery'
import { safeOpen, type SafeConnection } from './safeOpen'
import { SourceQueryError, explainQueryFailure } from './sourceErrors'
import { quoteIdent } from './sqlText'

/** Tables counted exactly up to this many rows; beyond it rowCount is null ("many"). */
export const COUNT_CAP = 100_000
/** Total time listTables may spend counting before it reports the rest as null. */
export const COUNT_BUDGET_MS = 500
const TEXT_PREVIEW = 500

export interface TableBrowser {
  info(): SourceInfo
  listTables(): TableSummary[]
  readRows(table: string, opts?: { limit?: number; cursor?: string | null }): TableRows
  close(): void
}

/** A cell as something every transport can carry and a person can read. */
export function displayCell(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean')
    return v ?? null
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof Uint8Array) {
    const gz = v.length >= 2 && v[0] === 0x1f && v[1] === 0x8b
    const hex = Buffer.from(v.subarray(0, 16)).toString('hex')
    return `<${gz ? 'gzip ' : ''}blob ${v.length} bytes${v.length ? `: ${hex}${v.length > 16 ? '…' : ''}` : ''}>`
  }
  const s = String(v)
  return s.length > TEXT_PREVIEW ? `${s.slice(0, TEXT_PREVIEW)}… (${s.length} characters)` : s
}

export function browseConnection(conn: SafeConnection): TableBrowser {
  const schema = conn.schema
  const withoutRowid = (table: string) =>
    /\)\s*WITHOUT\s+ROWID\s*;?\s*$/i.test(schema.objects.find((o) => o.name === table)?.sql ?? '')
  const find = (table: string): string => {
    const real =
      schema.tables.find((t) => t === table) ??
      schema.tables.find((t) => t.toLowerCase() === table.toLowerCase())
    if (!real)
      throw new SourceQueryError(
        'bad-query',
        conn.path,
        `"${conn.path}" has no table named "${table}".`,
      )
    return real
  }
  return {
    info: () => ({
      kind: 'unknown',
      path: conn.path,
      readOnly: true,
      tables: [...schema.tables],
      notes: [
        ...conn.notes,
        ...(schema.views.length ? [`Views are not read: ${schema.views.join(', ')}.`] : []),
        ...schema.objects
          .filter((o) => o.type === 'virtual')
          .map((o) => `Virtual table "${o.name}" is not read.`),
      ],
    }),
    listTables() {
      const started = Date.now()
      return schema.tables.map((name) => {
        const columns = schema.columns(name).map((c) => ({
          name: c.name,
          type: c.generated ? `${c.type || 'ANY'} (generated, not evaluated)` : c.type,
        }))
        let rowCount: number | null = null
        if (Date.now() - started < COUNT_BUDGET_MS) {
          try {
            const n = (
              prepared(
                conn.db,
                `SELECT count(*) AS n FROM (SELECT 1 FROM ${quoteIdent(name)} LIMIT ${COUNT_CAP + 1})`,
              ).get() as { n: number }
            ).n
            rowCount = n > COUNT_CAP ? null : n
          } catch {
            rowCount = null // a damaged table still lists; reading it will explain
          }
        }
        return { name, columns, rowCount }
      })
    },
    readRows(table, opts = {}) {
      const real = find(table)
      const cols = schema
        .columns(real)
        .filter((c) => !c.generated)
        .map((c) => c.name)
      const limit = pageSize(opts.limit ?? 200)
      const select = cols.map(quoteIdent).join(', ') || 'NULL'
      let sql: string
      let params: unknown[]
      let next: (rows: Array<Record<string, unknown>>, offset: number) => string
      const cur = decodeCursor(conn.path, opts.cursor, 1)
      if (withoutRowid(real)) {
        // no rowid to key on: offset paging (each page re-walks the table up to its offset)
        const offset = Number(cur?.[0] ?? 0)
        sql = `SELECT ${select} FROM ${quoteIdent(real)} LIMIT ${limit + 1} OFFSET ?`
        params = [offset]
        next = (_rows, off) => encodeCursor([off + limit])
      } else {
        sql = `SELECT ${select}, rowid AS __rowid FROM ${quoteIdent(real)} ${cur ? 'WHERE rowid > ?' : ''} ORDER BY rowid LIMIT ${limit + 1}`
        params = cur ? [cur[0]] : []
        next = (rows) => encodeCursor([rows[limit - 1].__rowid as number])
      }
      let rows: Array<Record<string, unknown>>
      try {
        rows = prepared(conn.db, sql).all(...params) as Array<Record<string, unknown>>
      } catch (err) {
        throw explainQueryFailure(conn.path, err, `rows of table "${real}"`)
      }
      const nextCursor = rows.length > limit ? next(rows, Number(cur?.[0] ?? 0)) : null
      return {
        table: real,
        columns: cols,
        rows: rows.slice(0, limit).map((r) => cols.map((c) => displayCell(r[c]))),
        nextCursor,
      }
    },
    close: () => conn.close(),
  }
}

/** Opens any SQLite file (recognised or not) for table-by-table browsing, read-only. */
export function openTableBrowser(file: string): TableBrowser {
  return browseConnection(safeOpen(file))
}
