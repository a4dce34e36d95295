// Schema v4: events, messages and metrics get a unique identity, so importing the same file
// twice (or a client re-sending a batch) stores each record once, as spans and errors already
// were. Their rows have no required id, so the identity is what tells two of them apart:
//  events   session, time, name, id, span, the first 256 characters of the message
//  messages session, time, id, sender, receiver, type
//  metrics  session, agent, name, time, value, attributes (the labels of the sample)
// NULLs are distinct in a UNIQUE index, hence ifnull(). Duplicates already stored are removed
// first (the oldest row is kept), with their search documents.
import type Database from 'better-sqlite3'

const IDENTITY: Record<'events' | 'messages' | 'metrics', { columns: string; ftsCode?: number }> = {
  events: {
    columns: `session, time, name, ifnull(id, ''), ifnull(span_id, ''), ifnull(substr(message, 1, 256), '')`,
    ftsCode: 1,
  },
  messages: {
    columns: `ifnull(session, 0), time, ifnull(id, ''), sender, ifnull(receiver, 0), ifnull(type, 0)`,
    ftsCode: 3,
  },
  metrics: {
    columns: `ifnull(session, 0), ifnull(agent, 0), name, time, value, ifnull(attributes, '')`,
  },
}

export function migrate0004(db: Database.Database): void {
  for (const [table, { columns, ftsCode }] of Object.entries(IDENTITY)) {
    const duplicates = `SELECT rowid FROM ${table} WHERE rowid NOT IN
      (SELECT min(rowid) FROM ${table} GROUP BY ${columns})`
    if (ftsCode !== undefined)
      db.exec(
        `DELETE FROM search_fts WHERE rowid IN (SELECT rowid * 4 + ${ftsCode} FROM (${duplicates}))`,
      )
    db.exec(`DELETE FROM ${table} WHERE rowid IN (${duplicates})`)
    db.exec(`CREATE UNIQUE INDEX ${table}_identity ON ${table} (${columns})`)
  }
}
