// Schema v2: full-text search. A contentless FTS5 table (the text already lives in the rows) with
// deletes enabled for retention. Documents are indexed after commit by the catch-up indexer
// (searchIndexer.ts) from a per-table rowid watermark, so a file migrated from v1 is indexed
// incrementally in the background, never by a scan during open.
import type Database from 'better-sqlite3'

export function migrate0002(db: Database.Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE search_fts USING fts5 (
      body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO tracescope_meta (key, value) VALUES
      ('fts.span', '0'), ('fts.event', '0'), ('fts.error', '0'), ('fts.message', '0');
  `)
}
