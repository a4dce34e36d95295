// One snapshot per query. A reader answers one call with several statements — a probe of how a
// column stores time and then the rows, a count and then a page, the spans and then their
// sessions — and a writer in another process may commit between any two of them. Read in one
// deferred transaction, every statement of a call sees the same state of the file, so a call
// never mixes two (times read in the unit of an empty table, a task joined to a session not yet
// visible). The transaction ends with the call: nothing is held between calls, so the writer's
// checkpoints are never starved. `changeToken` (PRAGMA data_version) must see other connections'
// commits, so it always runs outside; `close` has nothing to read.
import type Database from 'better-sqlite3'
import { explainQueryFailure } from './sourceErrors'

const OUTSIDE = new Set<PropertyKey>(['changeToken', 'close'])

export function withReadSnapshot<T extends object>(
  queries: T,
  db: Database.Database,
  file: string,
): T {
  return new Proxy(queries, {
    get(target, prop) {
      const v = Reflect.get(target, prop) as unknown
      if (typeof v !== 'function') return v
      const fn = v as (...a: unknown[]) => unknown
      return (...args: unknown[]): unknown => {
        // a call made from inside another call shares its snapshot
        if (OUTSIDE.has(prop) || !db.open || db.inTransaction) return fn.apply(target, args)
        db.exec('BEGIN DEFERRED')
        let result: unknown
        try {
          result = fn.apply(target, args)
        } catch (err) {
          // the reader's own error (already explained) is what the caller must see
          try {
            if (db.inTransaction) db.exec('ROLLBACK')
          } catch {
            // a read transaction holds nothing to undo; SQLite already ended it
          }
          throw err
        }
        try {
          if (db.inTransaction) db.exec('COMMIT')
        } catch (err) {
          // ending the read can meet a damaged page the statements did not: explained like theirs
          throw explainQueryFailure(file, err, String(prop))
        }
        return result
      }
    },
  })
}
