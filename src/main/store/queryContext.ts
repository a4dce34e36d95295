// What every query module needs: the connection, the dictionary, a statement cache keyed by SQL
// text (queries assemble their WHERE clauses from the filters given), and session id lookups.
import type Database from 'better-sqlite3'
import type { Dictionary } from './dictionary'
import { registerFilterFunctions } from './filterSql'

export class QueryContext {
  private readonly statements = new Map<string, Database.Statement>()
  readonly hasSearch: boolean

  constructor(
    readonly db: Database.Database,
    readonly dict: Dictionary,
  ) {
    this.hasSearch =
      db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_fts'").get() !== undefined
    registerFilterFunctions(db)
  }

  /** the last list query run (SQL and parameters): tests explain its plan */
  last: { sql: string; params: unknown[] } | null = null

  all(sql: string, params: unknown[]): unknown[] {
    this.last = { sql, params }
    return this.stmt(sql).all(...params)
  }

  /** rows as arrays: no per-row object, measurably cheaper for 1000-row pages */
  allRaw(sql: string, params: unknown[]): unknown[][] {
    this.last = { sql, params }
    return this.stmt(sql, true).all(...params) as unknown[][]
  }

  /** rows as arrays, one at a time: for pages too big to hold as one array of rows */
  iterateRaw(sql: string, params: unknown[]): IterableIterator<unknown[]> {
    this.last = { sql, params }
    return this.stmt(sql, true).iterate(...params) as IterableIterator<unknown[]>
  }

  /** Prepared once per SQL text (raw mode is a statement's state, so raw ones are kept apart). */
  stmt(sql: string, raw = false): Database.Statement {
    const key = raw ? `raw:${sql}` : sql
    let s = this.statements.get(key)
    if (!s) {
      s = this.db.prepare(sql)
      if (raw) s.raw(true)
      if (this.statements.size > 500) this.statements.clear()
      this.statements.set(key, s)
    }
    return s
  }

  /**
   * The row id of a session, or null when the file has no such session. Not cached: another
   * connection may delete a session at any time, and the indexed lookup costs microseconds.
   */
  sidOf(id: string): number | null {
    const sid = this.stmt('SELECT sid FROM sessions WHERE id = ?').pluck().get(id) as
      number | undefined
    return sid ?? null
  }
}

/** Collects WHERE clauses and their parameters. */
export class Where {
  readonly clauses: string[] = []
  readonly params: unknown[] = []

  add(clause: string, ...params: unknown[]): this {
    this.clauses.push(clause)
    this.params.push(...params)
    return this
  }

  /**
   * Keyset continuation: rows strictly after (value, tie) in the page order. Written as
   * `key <= v AND (key < v OR tie < t)` so the key part is a plain range an index can seek to.
   */
  keyset(key: string, tie: string, desc: boolean, value: unknown, tieValue: unknown): this {
    const [strict, loose] = desc ? ['<', '<='] : ['>', '>=']
    return this.add(
      `${key} ${loose} ? AND (${key} ${strict} ? OR ${tie} ${strict} ?)`,
      value,
      value,
      tieValue,
    )
  }

  sql(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`
  }
}
