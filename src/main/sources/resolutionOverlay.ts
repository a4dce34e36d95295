// Resolving an error of a foreign file without writing to it: the resolution lives in Tracescope's
// own overlay file (app data), keyed by the file's identity and the error id, and is laid over the
// adapter's errors from then on.
//
// Identity: the file's real path (survives the file growing, WAL checkpoints and renames of the
// folder it is opened through). Because error ids of foreign files are often row ids that a
// recreated file reuses, each resolution also keeps a fingerprint of the error (type, message,
// time); it is applied only while the error still matches, so a new file at the same path does
// not inherit old resolutions.
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Session, TraceError } from '../../shared/domain'
import type { ErrorQuery, Page, SessionQuery, SpanDetail, TraceQueries } from '../../shared/queries'
import { overlayStorePath } from '../appPaths'
import type { SafeConnection } from './safeOpen'

export interface Resolution {
  errorId: string
  sessionId: string | null
  note: string
  resolvedAt: number
  fingerprint: string
}

export function errorFingerprint(e: Pick<TraceError, 'type' | 'message' | 'time'>): string {
  return createHash('sha256')
    .update(`${e.type}\u0000${e.message}\u0000${Math.round(e.time)}`)
    .digest('hex')
    .slice(0, 32)
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS resolutions (
  file_key TEXT NOT NULL, error_id TEXT NOT NULL, session_id TEXT, fingerprint TEXT NOT NULL,
  note TEXT NOT NULL, resolved_at INTEGER NOT NULL, file_path TEXT NOT NULL,
  PRIMARY KEY (file_key, error_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_resolutions_session ON resolutions(file_key, session_id);`

/** The overlay file; opened lazily, created only on the first resolution. */
export class ResolutionOverlay {
  private db: Database.Database | null = null
  constructor(readonly file: string = overlayStorePath()) {}

  private open(create: boolean): Database.Database | null {
    if (this.db) return this.db
    if (!create && !fs.existsSync(this.file)) return null
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const db = new Database(this.file, { timeout: 2000 })
    db.pragma('journal_mode = WAL')
    db.exec(SCHEMA)
    this.db = db
    return db
  }

  lookup(fileKey: string, errorIds: string[]): Map<string, Resolution> {
    const out = new Map<string, Resolution>()
    const db = this.open(false)
    if (!db || errorIds.length === 0) return out
    const st = db.prepare(
      'SELECT error_id, session_id, note, resolved_at, fingerprint FROM resolutions WHERE file_key = ? AND error_id = ?',
    )
    for (const id of errorIds) {
      const r = st.get(fileKey, id) as
        | {
            error_id: string
            session_id: string | null
            note: string
            resolved_at: number
            fingerprint: string
          }
        | undefined
      if (r)
        out.set(id, {
          errorId: r.error_id,
          sessionId: r.session_id,
          note: r.note,
          resolvedAt: r.resolved_at,
          fingerprint: r.fingerprint,
        })
    }
    return out
  }

  countForSession(fileKey: string, sessionId: string): number {
    const db = this.open(false)
    if (!db) return 0
    return (
      db
        .prepare('SELECT count(*) AS n FROM resolutions WHERE file_key = ? AND session_id = ?')
        .get(fileKey, sessionId) as { n: number }
    ).n
  }

  /**
   * Moves whenever a resolution is stored, here or by another process (data_version of the
   * overlay file): part of the change token of every source it is laid over.
   */
  version(): number {
    const db = this.open(false)
    return db ? (db.pragma('data_version', { simple: true }) as number) + this.puts : 0
  }

  private puts = 0

  put(fileKey: string, filePath: string, r: Resolution): void {
    const db = this.open(true) as Database.Database
    db.prepare(
      `INSERT INTO resolutions (file_key, error_id, session_id, fingerprint, note, resolved_at, file_path) VALUES (?,?,?,?,?,?,?)
       ON CONFLICT (file_key, error_id) DO UPDATE SET note = excluded.note, resolved_at = excluded.resolved_at,
       fingerprint = excluded.fingerprint, session_id = excluded.session_id, file_path = excluded.file_path`,
    ).run(fileKey, r.errorId, r.sessionId, r.fingerprint, r.note, r.resolvedAt, filePath)
    this.puts++
  }

  close(): void {
    this.db?.close()
    this.db = null
  }
}

export function fileKeyOf(conn: SafeConnection): string {
  return conn.realPath
}

function overlayError(e: TraceError, res: Resolution | undefined): TraceError {
  if (!res || e.resolved || res.fingerprint !== errorFingerprint(e)) return e
  return { ...e, resolved: true, resolutionNote: res.note, resolvedAt: res.resolvedAt }
}

export interface OverlaidSource {
  queries: TraceQueries
  resolveError(id: string, note: string): TraceError | null
}

/** What the overlay is laid over: a source's queries plus a lookup of one error by id. */
export type OverlayBase = TraceQueries & { findError(id: string): TraceError | null }

/**
 * Lays the overlay's resolutions over a source's errors, span details and sessions (any file
 * opened to look at, Tracescope's own format included: none of them is written).
 */
export function withResolutionOverlay(
  adapter: OverlayBase,
  conn: SafeConnection,
  overlay?: ResolutionOverlay,
): OverlaidSource {
  const store = overlay ?? new ResolutionOverlay()
  const owned = overlay === undefined
  const key = fileKeyOf(conn)
  const apply = (errors: TraceError[]) => {
    const found = store.lookup(
      key,
      errors.filter((e) => !e.resolved).map((e) => e.id),
    )
    return errors.map((e) => overlayError(e, found.get(e.id)))
  }
  const adjustSession = (s: Session): Session => {
    if (s.unresolvedErrorCount === 0) return s
    const n = store.countForSession(key, s.id)
    return n ? { ...s, unresolvedErrorCount: Math.max(0, s.unresolvedErrorCount - n) } : s
  }
  const queries: TraceQueries = Object.create(adapter) as TraceQueries
  queries.listErrors = (q: ErrorQuery): Page<TraceError> => {
    // overlay-resolved errors are unresolved in the file: filter after applying (pages may be short)
    const page = adapter.listErrors(
      q.resolved === undefined ? q : { ...q, resolved: q.resolved ? undefined : false },
    )
    let items = apply(page.items)
    if (q.resolved !== undefined) items = items.filter((e) => e.resolved === q.resolved)
    return { items, nextCursor: page.nextCursor }
  }
  queries.getSpan = (sessionId: string, spanId: string): SpanDetail | null => {
    const d = adapter.getSpan(sessionId, spanId)
    return d ? { ...d, errors: apply(d.errors) } : null
  }
  queries.listSessions = (q: SessionQuery) => {
    const page = adapter.listSessions(q)
    return { items: page.items.map(adjustSession), nextCursor: page.nextCursor }
  }
  queries.getSession = (id: string) => {
    const s = adapter.getSession(id)
    return s ? adjustSession(s) : null
  }
  // a resolution changes what the views show although the file did not change
  queries.changeToken = () => adapter.changeToken() + store.version()
  queries.close = () => {
    adapter.close()
    if (owned) store.close()
  }
  return {
    queries,
    resolveError(id: string, note: string): TraceError | null {
      const e = adapter.findError(id)
      if (!e) return null
      const res: Resolution = {
        errorId: e.id,
        sessionId: e.sessionId,
        note,
        resolvedAt: Date.now(),
        fingerprint: errorFingerprint(e),
      }
      store.put(key, conn.realPath, res)
      return { ...e, resolved: true, resolutionNote: note, resolvedAt: res.resolvedAt }
    },
  }
}
