// The forwarder's on-disk queue: one SQLite file beside the store, so requests accepted while
// the upstream is down survive a restart of Tracescope. Each endpoint has its own queue and
// its own byte bound; a request that does not fit is dropped and counted (never silently).
// Auth headers are not stored: they come from the configuration each time a request is sent.
import Database from 'better-sqlite3'
import type { ForwardEndpointStats } from '../../shared/forwardTargets'

export interface QueuedRequest {
  id: number
  endpoint: string
  path: string
  contentType: string
  contentEncoding: string | null
  body: Buffer
  enqueuedAt: number
}

/** an endpoint's counters as the queue keeps them (the failure detail is the sender's) */
export type EndpointCounters = Omit<ForwardEndpointStats, 'lastError'>

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pending (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint TEXT NOT NULL,
  path TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content_encoding TEXT,
  body BLOB NOT NULL,
  enqueued_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pending_by_endpoint ON pending(endpoint, id);
CREATE TABLE IF NOT EXISTS counters (
  endpoint TEXT PRIMARY KEY,
  forwarded INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  dropped_bytes INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0
);
`

type Counter = 'forwarded' | 'dropped' | 'rejected'

export class ForwardQueue {
  private readonly db: Database.Database
  /** bytes queued per endpoint, kept in memory so admission costs no query */
  private readonly bytes = new Map<string, number>()

  constructor(
    readonly file: string,
    /** bound on queued body bytes, per endpoint */
    readonly maxBytesPerEndpoint: number,
  ) {
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    // an accepted request is answered 2xx only after it is queued: it must survive a crash
    this.db.pragma('synchronous = NORMAL')
    this.db.exec(SCHEMA)
    const rows = this.db
      .prepare('SELECT endpoint, SUM(length(body)) AS n FROM pending GROUP BY endpoint')
      .all() as Array<{ endpoint: string; n: number }>
    for (const r of rows) this.bytes.set(r.endpoint, r.n)
  }

  /** Queue a request for an endpoint; false (and counted as dropped) when it does not fit. */
  push(r: Omit<QueuedRequest, 'id' | 'enqueuedAt'>, now = Date.now()): boolean {
    const used = this.bytes.get(r.endpoint) ?? 0
    if (used + r.body.length > this.maxBytesPerEndpoint) {
      this.count(r.endpoint, 'dropped', r.body.length)
      return false
    }
    this.db
      .prepare(
        'INSERT INTO pending (endpoint, path, content_type, content_encoding, body, enqueued_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(r.endpoint, r.path, r.contentType, r.contentEncoding, r.body, now)
    this.bytes.set(r.endpoint, used + r.body.length)
    return true
  }

  /** the oldest request waiting for an endpoint */
  peek(endpoint: string): QueuedRequest | null {
    const row = this.db
      .prepare(
        'SELECT id, endpoint, path, content_type AS contentType, content_encoding AS contentEncoding, body, enqueued_at AS enqueuedAt FROM pending WHERE endpoint = ? ORDER BY id LIMIT 1',
      )
      .get(endpoint) as QueuedRequest | undefined
    return row ?? null
  }

  /** the request was sent (forwarded) or refused for good (rejected): it leaves the queue */
  settle(r: QueuedRequest, as: 'forwarded' | 'rejected'): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM pending WHERE id = ?').run(r.id)
      this.count(r.endpoint, as, 0)
    })()
    this.bytes.set(r.endpoint, Math.max(0, (this.bytes.get(r.endpoint) ?? 0) - r.body.length))
  }

  counters(endpoint: string): EndpointCounters {
    const c = this.db
      .prepare(
        'SELECT forwarded, dropped, dropped_bytes AS droppedBytes, rejected FROM counters WHERE endpoint = ?',
      )
      .get(endpoint) as
      { forwarded: number; dropped: number; droppedBytes: number; rejected: number } | undefined
    const q = this.db
      .prepare('SELECT COUNT(*) AS n FROM pending WHERE endpoint = ?')
      .get(endpoint) as { n: number }
    return {
      endpoint,
      queued: q.n,
      queuedBytes: this.bytes.get(endpoint) ?? 0,
      forwarded: c?.forwarded ?? 0,
      dropped: c?.dropped ?? 0,
      droppedBytes: c?.droppedBytes ?? 0,
      rejected: c?.rejected ?? 0,
    }
  }

  close(): void {
    this.db.close()
  }

  private count(endpoint: string, what: Counter, bytes: number): void {
    this.db
      .prepare(
        `INSERT INTO counters (endpoint, ${what}${what === 'dropped' ? ', dropped_bytes' : ''}) VALUES (?, 1${what === 'dropped' ? ', ?' : ''})
         ON CONFLICT(endpoint) DO UPDATE SET ${what} = ${what} + 1${what === 'dropped' ? ', dropped_bytes = dropped_bytes + excluded.dropped_bytes' : ''}`,
      )
      .run(...(what === 'dropped' ? [endpoint, bytes] : [endpoint]))
  }
}
