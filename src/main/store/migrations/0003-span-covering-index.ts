// Schema v3: the span index answers list views by itself. `spans` keeps its rows in insertion
// order (an append per span, 20 sessions interleaved), so the rows of one session's last 10
// minutes lay on ~2000 table pages at 1M spans. The (session, start_time, span_id)
// index now also carries every column a lean page reads (all but the attributes), so that page
// is one contiguous index range and reads no table row. The index is no longer UNIQUE: the
// writer inserts a span only where none has that key (writeStatements.ts, inside its
// IMMEDIATE transaction), and updates it otherwise.
// Not chosen: spans as a WITHOUT ROWID table clustered on that key. Pages got cheaper, but
// inserts landing in 20 places split pages half full: +29 % ingest CPU per record and +33 %
// bytes per span at 200K spans.
import type Database from 'better-sqlite3'

/** The lean span columns, in the order the covering index keeps them after the key. */
export const SPAN_INDEX_COLUMNS =
  'session, start_time, span_id, name, kind, agent, end_time, status, parent_id, trace_id, status_message, links'

export function migrate0003(db: Database.Database): void {
  db.exec(`
    DROP INDEX spans_session_time;
    CREATE INDEX spans_session_time ON spans (${SPAN_INDEX_COLUMNS});
  `)
}
