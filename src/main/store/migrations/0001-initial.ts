// Schema v1. Repeated strings are dictionary ids (`dict`), hex ids are BLOBs, payload columns are
// declared BLOB (no affinity) so JSON text and gzip bytes keep their storage class. Only the
// indexes a query needs exist; each is proved by an EXPLAIN QUERY PLAN test (test/store/queryPlans).
// Per-session and per-agent aggregates live in `sessions` / `agents` and are updated once per
// batch, so the session list never touches `spans`.
import type Database from 'better-sqlite3'

export function migrate0001(db: Database.Database): void {
  db.exec(`
    CREATE TABLE tracescope_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE dict (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);

    -- AUTOINCREMENT: a deleted session's row id is never handed to a new session, so an id
    -- cached by another connection can only miss, never point at the wrong session
    CREATE TABLE sessions (
      sid INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      name TEXT,
      status TEXT NOT NULL DEFAULT 'unknown',
      start_time REAL,
      end_time REAL,
      attributes BLOB,
      span_count INTEGER NOT NULL DEFAULT 0,
      error_count INTEGER NOT NULL DEFAULT 0,
      unresolved_count INTEGER NOT NULL DEFAULT 0,
      agent_count INTEGER NOT NULL DEFAULT 0,
      first_time REAL,
      last_time REAL
    );
    -- the default session list (most recent activity first) walks this index and stops at LIMIT;
    -- the expression is the list's NULL-free sort key (sessionQueries.ts), built-ins only
    CREATE INDEX sessions_activity ON sessions (coalesce(last_time, -1e300));

    -- identity of a span is (session, span_id); start_time sits between them so the one unique
    -- index also answers "last N minutes of one session" with a range scan
    CREATE TABLE spans (
      session INTEGER NOT NULL,
      start_time REAL NOT NULL,
      span_id BLOB NOT NULL,
      trace_id BLOB,
      parent_id BLOB,
      name INTEGER NOT NULL,
      kind INTEGER,
      agent INTEGER,
      end_time REAL,
      status INTEGER NOT NULL DEFAULT 0,
      status_message TEXT,
      attributes BLOB,
      links BLOB
    );
    CREATE UNIQUE INDEX spans_session_time ON spans (session, start_time, span_id);
    CREATE INDEX spans_time ON spans (start_time);

    CREATE TABLE events (
      session INTEGER NOT NULL,
      time REAL NOT NULL,
      id TEXT,
      span_id BLOB,
      agent INTEGER,
      name INTEGER NOT NULL,
      level INTEGER,
      message TEXT,
      attributes BLOB
    );
    CREATE INDEX events_session_time ON events (session, time);

    CREATE TABLE errors (
      id TEXT NOT NULL UNIQUE,
      session INTEGER,
      time REAL NOT NULL,
      span_id BLOB,
      agent INTEGER,
      type INTEGER NOT NULL,
      message TEXT NOT NULL,
      stack BLOB,
      recovery TEXT,
      resolved INTEGER NOT NULL DEFAULT 0,
      resolution_note TEXT,
      resolved_at REAL
    );
    CREATE INDEX errors_session_time ON errors (session, time);
    CREATE INDEX errors_resolved_time ON errors (resolved, time);
    CREATE INDEX errors_time ON errors (time);

    -- session id 0 = an agent known outside any session
    CREATE TABLE agents (
      session INTEGER NOT NULL,
      agent INTEGER NOT NULL,
      name TEXT,
      type TEXT,
      status TEXT,
      start_time REAL,
      end_time REAL,
      attributes BLOB,
      span_count INTEGER NOT NULL DEFAULT 0,
      error_count INTEGER NOT NULL DEFAULT 0,
      first_time REAL,
      last_time REAL,
      PRIMARY KEY (session, agent)
    );
    -- spans by agent go through the sessions the agent worked in: an index on spans(agent)
    -- measured 3 µs of the ~9 µs CPU per inserted span, for a query the session index serves
    CREATE INDEX agents_agent ON agents (agent);

    CREATE TABLE messages (
      session INTEGER,
      time REAL NOT NULL,
      id TEXT,
      sender INTEGER NOT NULL,
      receiver INTEGER,
      type INTEGER,
      payload BLOB,
      delivery INTEGER,
      response_to TEXT
    );
    CREATE INDEX messages_session_time ON messages (session, time);
    CREATE INDEX messages_sender_time ON messages (sender, time);
    CREATE INDEX messages_receiver_time ON messages (receiver, time);

    CREATE TABLE tasks (
      id TEXT PRIMARY KEY,
      session INTEGER,
      agent INTEGER,
      name TEXT,
      status TEXT,
      start_time REAL,
      end_time REAL,
      tokens INTEGER,
      attributes BLOB
    );
    CREATE INDEX tasks_session_time ON tasks (session, start_time);
    CREATE INDEX tasks_agent_time ON tasks (agent, start_time);

    CREATE TABLE metrics (
      session INTEGER,
      agent INTEGER,
      name INTEGER NOT NULL,
      time REAL NOT NULL,
      value REAL NOT NULL,
      attributes BLOB
    );
    CREATE INDEX metrics_session_time ON metrics (session, time);
    CREATE INDEX metrics_name_time ON metrics (name, time);

    CREATE TABLE memory (
      session INTEGER NOT NULL,
      namespace TEXT NOT NULL,
      key TEXT NOT NULL,
      value BLOB,
      time REAL NOT NULL,
      expires_at REAL,
      PRIMARY KEY (session, namespace, key)
    );
    CREATE INDEX memory_expires ON memory (expires_at) WHERE expires_at IS NOT NULL;
  `)
}
