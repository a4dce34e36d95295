// What a foreign file contains, read from sqlite_schema and PRAGMA table_xinfo (neither evaluates
// any schema expression). Adapters build their SQL from this: only ordinary, non-generated columns
// are ever selected, views and virtual tables are never read.
import type Database from 'better-sqlite3'
import { quoteIdent } from './sqlText'

export interface ColumnInfo {
  name: string
  /** declared type, upper-cased ('' when none) */
  type: string
  pk: boolean
  /** generated (virtual or stored) or hidden: never selected */
  generated: boolean
}

export interface SchemaObject {
  name: string
  type: 'table' | 'view' | 'virtual' | 'index' | 'trigger'
  table: string
  sql: string | null
}

export interface SchemaInfo {
  objects: SchemaObject[]
  /** ordinary tables (not views, not virtual tables, not sqlite_ internals) */
  tables: string[]
  views: string[]
  hasTable(name: string): boolean
  /** columns of an ordinary table, cached; [] when the table does not exist */
  columns(table: string): ColumnInfo[]
  /** readable (non-generated) column names */
  columnNames(table: string): Set<string>
  hasColumns(table: string, names: string[]): boolean
  indexes(table: string): SchemaObject[]
}

const MAX_OBJECTS = 10_000

export function readSchema(db: Database.Database): SchemaInfo {
  const rows = db
    .prepare(`SELECT type, name, tbl_name AS tbl, sql FROM sqlite_schema LIMIT ${MAX_OBJECTS}`)
    .all() as Array<{ type: string; name: string; tbl: string; sql: string | null }>
  // which tables are virtual, from SQLite's own type information: the SQL text can hide it
  // (`CREATE VIRTUAL/**/TABLE` is a virtual table too); works without the table's module
  const virtual = new Set(
    (
      db
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual'")
        .all() as Array<{ name: string }>
    ).map((r) => r.name),
  )
  const objects: SchemaObject[] = rows.map((r) => ({
    name: r.name,
    table: r.tbl,
    sql: r.sql,
    type: r.type === 'table' && virtual.has(r.name) ? 'virtual' : (r.type as SchemaObject['type']),
  }))
  const tables = objects
    .filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_'))
    .map((o) => o.name)
  const tableSet = new Set(tables)
  const lower = new Map(tables.map((t) => [t.toLowerCase(), t]))
  const cache = new Map<string, ColumnInfo[]>()
  const resolve = (name: string) => lower.get(name.toLowerCase())
  const columns = (table: string): ColumnInfo[] => {
    const real = resolve(table)
    if (!real) return []
    let cols = cache.get(real)
    if (!cols) {
      const info = db.prepare(`PRAGMA table_xinfo(${quoteIdent(real)})`).all() as Array<{
        name: string
        type: string
        pk: number
        hidden: number
      }>
      cols = info.map((c) => ({
        name: c.name,
        type: (c.type ?? '').toUpperCase(),
        pk: c.pk > 0,
        generated: c.hidden !== 0,
      }))
      cache.set(real, cols)
    }
    return cols
  }
  const columnNames = (table: string) =>
    new Set(
      columns(table)
        .filter((c) => !c.generated)
        .map((c) => c.name.toLowerCase()),
    )
  return {
    objects,
    tables,
    views: objects.filter((o) => o.type === 'view').map((o) => o.name),
    hasTable: (name) => tableSet.has(resolve(name) ?? ''),
    columns,
    columnNames,
    hasColumns: (table, names) => {
      const have = columnNames(table)
      return names.every((n) => have.has(n.toLowerCase()))
    },
    indexes: (table) =>
      objects.filter((o) => o.type === 'index' && o.table.toLowerCase() === table.toLowerCase()),
  }
}
