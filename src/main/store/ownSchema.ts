// Before Tracescope writes into an existing store it checks that every object in its schema is
// one Tracescope's migrations create (the same name, type and SQL as some schema version made
// it). A store someone else prepared — a planted trigger, a view, an extra table, a table whose
// definition was changed — is refused with a message naming what is foreign, so nothing in it
// runs inside the user's file when Tracescope writes.
import Database from 'better-sqlite3'
import { MIGRATIONS, runMigrations } from './migrations'

interface SchemaRow {
  type: string
  name: string
  sql: string | null
}

const normalize = (sql: string | null): string => (sql ?? '').replace(/\s+/g, ' ').trim()

let known: Map<string, Set<string>> | null = null

/** `type name` → every SQL text any schema version gives it, from the migrations themselves. */
function knownObjects(): Map<string, Set<string>> {
  if (known) return known
  const out = new Map<string, Set<string>>()
  for (const m of MIGRATIONS) {
    const db = new Database(':memory:')
    try {
      runMigrations(db, m.version)
      for (const r of schemaRows(db)) {
        const key = `${r.type} ${r.name}`
        const texts = out.get(key) ?? new Set<string>()
        texts.add(normalize(r.sql))
        out.set(key, texts)
      }
    } finally {
      db.close()
    }
  }
  known = out
  return out
}

function schemaRows(db: Database.Database): SchemaRow[] {
  return db.prepare('SELECT type, name, sql FROM sqlite_schema').all() as SchemaRow[]
}

/** The objects of `db` that Tracescope did not create, as `type "name"` (empty when none). */
export function foreignObjects(db: Database.Database): string[] {
  const expected = knownObjects()
  const out: string[] = []
  for (const r of schemaRows(db)) {
    // SQLite's own bookkeeping (sqlite_sequence, sqlite_stat1 from ANALYZE / PRAGMA optimize)
    if (r.name.startsWith('sqlite_')) continue
    const texts = expected.get(`${r.type} ${r.name}`)
    if (!texts) out.push(`${r.type} "${r.name}"`)
    else if (!texts.has(normalize(r.sql))) out.push(`${r.type} "${r.name}" (definition changed)`)
  }
  return out
}

/** Throws when the store holds objects Tracescope did not create, naming them. */
export function assertOwnSchema(db: Database.Database, file: string): void {
  const foreign = foreignObjects(db)
  if (foreign.length === 0) return
  const shown = foreign.slice(0, 8).join(', ')
  const more = foreign.length > 8 ? ` and ${foreign.length - 8} more` : ''
  throw new Error(
    `${file} holds schema objects Tracescope did not create (${shown}${more}); refusing to write into it. Open it to look at (read-only), or write to a new store.`,
  )
}
