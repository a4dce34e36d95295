// The naive insert the store's ingest is compared with: every record as one line of
// JSON text in one unindexed column, one transaction per call, WAL with synchronous=NORMAL.
import Database from 'better-sqlite3'
import type { TraceRecord } from '../src/shared/domain'

export interface NaiveInsert {
  /** inserts the records in one transaction */
  insert(records: TraceRecord[]): void
  close(): void
}

export function openNaiveInsert(file: string): NaiveInsert {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec('CREATE TABLE traces (record TEXT NOT NULL)')
  const insert = db.prepare('INSERT INTO traces (record) VALUES (?)')
  const tx = db.transaction((rs: TraceRecord[]) => {
    for (const r of rs) insert.run(JSON.stringify(r))
  })
  return { insert: (rs) => tx(rs), close: () => db.close() }
}
