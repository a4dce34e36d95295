// The session-keyed trace store's own optimisation applied to a user's file, only on explicit request
// (`tracescope maintain --optimize`): add trace_sessions.created_at, backfill it from traces,
// create idx_trace_sessions_uid_time(session_uid, created_at DESC), ANALYZE.
// Default: writes an optimised copy (the original is only read). In place only with
// `inPlace: true`, after a backup taken with SQLite's online backup API, inside one
// IMMEDIATE transaction so the file is either fully upgraded or untouched.
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { detectSource } from './detectSource'
import { safeOpen } from './safeOpen'
import { SourceOpenError, explainOpenFailure } from './sourceErrors'

export const SEED004_INDEX = 'idx_trace_sessions_uid_time'

/** The store's recent-traces query, as its design document writes it. */
export const SEED004_QUERY = `SELECT t.* FROM traces t INNER JOIN trace_sessions ts ON t.id = ts.trace_id
WHERE ts.session_uid = ? AND ts.created_at >= ? ORDER BY t.created_at DESC LIMIT ?`

export interface UpgradeOptions {
  /** where the optimised copy goes (default: `<name>-optimized.db` beside the original) */
  copyTo?: string
  /** modify the file itself, after writing a backup */
  inPlace?: boolean
  /** backup path for inPlace (default: `<file>.bak-<epoch ms>`) */
  backupTo?: string
  /** rows backfilled per statement (default 50 000) */
  batchSize?: number
  onProgress?: (done: number, total: number) => void
}

export interface UpgradeReport {
  /** the file that now has the optimisation */
  target: string
  backup: string | null
  alreadyOptimized: boolean
  addedColumn: boolean
  backfilled: number
  createdIndex: boolean
  links: number
  traces: number
  /** EXPLAIN QUERY PLAN of SEED004_QUERY after the upgrade */
  plan: string[]
}

export function explainPlan(db: Database.Database, sql: string, params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map(
    (r) => r.detail,
  )
}

function defaultCopyPath(file: string): string {
  const ext = path.extname(file)
  return path.join(path.dirname(file), `${path.basename(file, ext)}-optimized${ext || '.db'}`)
}

function state(db: Database.Database): { hasColumn: boolean; hasIndex: boolean; nulls: boolean } {
  const cols = db.prepare('PRAGMA table_info(trace_sessions)').all() as Array<{ name: string }>
  const hasColumn = cols.some((c) => c.name.toLowerCase() === 'created_at')
  const idx = db
    .prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'trace_sessions'")
    .all() as Array<{ sql: string | null }>
  const hasIndex = idx.some((i) => /session_uid\s*,\s*created_at/i.test(i.sql ?? ''))
  const nulls =
    hasColumn &&
    db.prepare('SELECT 1 FROM trace_sessions WHERE created_at IS NULL LIMIT 1').get() !== undefined
  return { hasColumn, hasIndex, nulls }
}

/** Checks the file is a session-keyed trace store without anything that would run code on our writes. */
async function verifyAndCopy(file: string, copy: string): Promise<void> {
  const conn = safeOpen(file)
  try {
    const d = detectSource(conn.path, conn.schema, conn.header)
    if (d.kind !== 'session-store')
      throw new SourceOpenError(
        'unknown-schema',
        conn.path,
        `Only session-keyed trace stores can be optimised; "${path.basename(file)}" is ${d.kind === 'unknown' ? 'not one' : `a ${d.kind} file`}.`,
      )
    const triggers = conn.schema.objects.filter(
      (o) => o.type === 'trigger' && ['trace_sessions', 'traces'].includes(o.table.toLowerCase()),
    )
    if (triggers.length)
      throw new SourceOpenError(
        'unknown-schema',
        conn.path,
        `"${path.basename(file)}" has triggers (${triggers.map((t) => t.name).join(', ')}) on the tables the upgrade writes; refusing to modify it.`,
      )
    if (fs.existsSync(copy))
      throw new SourceOpenError('io', copy, `Not overwriting "${copy}": it already exists.`)
    await conn.db.backup(copy)
  } finally {
    conn.close()
  }
}

/** Applies the optimisation (see file comment); throws SourceOpenError with a readable message. */
export async function upgradeSessionStore(
  file: string,
  opts: UpgradeOptions = {},
): Promise<UpgradeReport> {
  const abs = path.resolve(file)
  const backup = opts.inPlace ? path.resolve(opts.backupTo ?? `${abs}.bak-${Date.now()}`) : null
  const target = opts.inPlace ? abs : path.resolve(opts.copyTo ?? defaultCopyPath(abs))
  if (target === abs && !opts.inPlace)
    throw new SourceOpenError(
      'io',
      abs,
      'The copy would overwrite the original; pass inPlace to modify it.',
    )
  // in place: the backup is the verified copy; otherwise the copy is the target itself
  await verifyAndCopy(abs, backup ?? target)
  let db: Database.Database
  try {
    db = new Database(target, { fileMustExist: true, timeout: 5000 })
  } catch (err) {
    throw explainOpenFailure(target, err, 'open for the upgrade')
  }
  try {
    db.pragma('trusted_schema = OFF')
    const before = state(db)
    const links = (db.prepare('SELECT count(*) AS n FROM trace_sessions').get() as { n: number }).n
    const traces = (db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number }).n
    const report: UpgradeReport = {
      target,
      backup,
      alreadyOptimized: false,
      addedColumn: false,
      backfilled: 0,
      createdIndex: false,
      links,
      traces,
      plan: [],
    }
    if (before.hasColumn && before.hasIndex && !before.nulls) {
      report.alreadyOptimized = true
      report.plan = explainPlan(db, SEED004_QUERY, ['x', 0, 10])
      return report
    }
    const batch = opts.batchSize ?? 50_000
    const maxRow = (
      db.prepare('SELECT COALESCE(max(rowid), 0) AS m FROM trace_sessions').get() as { m: number }
    ).m
    db.transaction(() => {
      if (!before.hasColumn) {
        db.exec('ALTER TABLE trace_sessions ADD COLUMN created_at REAL')
        report.addedColumn = true
      }
      const fill = db.prepare(
        'UPDATE trace_sessions SET created_at = (SELECT t.created_at FROM traces t WHERE t.id = trace_sessions.trace_id) WHERE rowid > ? AND rowid <= ? AND created_at IS NULL',
      )
      for (let lo = 0; lo < maxRow; lo += batch) {
        report.backfilled += fill.run(lo, lo + batch).changes
        opts.onProgress?.(Math.min(lo + batch, maxRow), maxRow)
      }
      if (!before.hasIndex) {
        db.exec(`CREATE INDEX ${SEED004_INDEX} ON trace_sessions(session_uid, created_at DESC)`)
        report.createdIndex = true
      }
      db.exec('ANALYZE trace_sessions')
      const after = (db.prepare('SELECT count(*) AS n FROM trace_sessions').get() as { n: number })
        .n
      if (after !== links)
        throw new Error(`link count changed during the upgrade (${links} → ${after})`)
    }).immediate()
    report.plan = explainPlan(db, SEED004_QUERY, ['x', 0, 10])
    return report
  } catch (err) {
    if (!opts.inPlace) fs.rmSync(target, { force: true })
    throw err instanceof SourceOpenError ? err : explainOpenFailure(target, err, 'upgrade')
  } finally {
    db.close()
  }
}
