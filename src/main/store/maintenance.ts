// Maintenance: expired memory, retention, archive into another store file, optimize, vacuum and
// a size report. Everything that hangs off a session is deleted with it (its search documents
// too), one session per transaction so the writer never waits long.
import fs from 'node:fs'
import type Database from 'better-sqlite3'
import { fileBytes, openWritable } from './connection'
import type { MaintenanceOptions, MaintenanceReport } from './storeApi'
import { SEARCH_TABLES, TABLE_CODE } from './searchIndexer'

const DAY_MS = 86_400_000

/** Tables keyed by session row id, with the dictionary-id columns each one holds. */
const SESSION_TABLES: Record<string, string[]> = {
  spans: ['name', 'kind', 'agent'],
  events: ['agent', 'name', 'level'],
  errors: ['agent', 'type'],
  messages: ['sender', 'receiver', 'type', 'delivery'],
  tasks: ['agent'],
  metrics: ['agent', 'name'],
  memory: [],
  agents: ['agent'],
  // agent 0 (none) has no dictionary row: kept as 0 by the archive copy
  span_usage: ['agent'],
  usage_totals: ['agent'],
  parent_usage: [],
}

const FTS_SOURCE: Record<string, string> = {
  span: 'spans',
  event: 'events',
  error: 'errors',
  message: 'messages',
}

function columnsOf(db: Database.Database, schema: string, table: string): string[] {
  return db
    .prepare(`SELECT name FROM pragma_table_info(?, ?)`)
    .pluck()
    .all(table, schema) as string[]
}

/**
 * Sessions whose last sign of life is older than the cutoff: the latest of their end, their
 * last span and their start. Not the first one known: a session with an old (or bogus) end
 * time whose spans are still arriving is alive. A session with no time at all is kept.
 */
function sessionsOlderThan(
  db: Database.Database,
  cutoff: number,
): Array<{ sid: number; id: string }> {
  return db
    .prepare(
      `SELECT sid, id FROM sessions
       WHERE max(coalesce(end_time, last_time, start_time), coalesce(last_time, start_time, end_time),
                 coalesce(start_time, end_time, last_time)) < ?
       ORDER BY sid`,
    )
    .all(cutoff) as Array<{ sid: number; id: string }>
}

/** every session, the longest quiet first (the same measure of last activity as above) */
function sessionsByLastActivity(db: Database.Database): Array<{ sid: number; id: string }> {
  return db
    .prepare(
      `SELECT sid, id FROM sessions
       ORDER BY max(coalesce(end_time, last_time, start_time), coalesce(last_time, start_time, end_time),
                    coalesce(start_time, end_time, last_time)), sid`,
    )
    .all() as Array<{ sid: number; id: string }>
}

/** bytes the store's pages hold (free pages excluded: they are reused before the file grows) */
function usedBytes(db: Database.Database): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const pages = db.pragma('page_count', { simple: true }) as number
  const free = db.pragma('freelist_count', { simple: true }) as number
  return (pages - free) * pageSize
}

/**
 * Moves the longest-quiet sessions out (into `archiveTo`, or deleted when there is none) a
 * twentieth at a time until the store's pages hold at most `maxBytes`. The most recent session
 * always stays: it is the one being written.
 */
function shrinkTo(
  db: Database.Database,
  maxBytes: number,
  archiveTo: string | undefined,
  hasSearch: boolean,
  actions: string[],
): number {
  let used = usedBytes(db)
  if (used <= maxBytes) return 0
  const ordered = sessionsByLastActivity(db)
  const step = Math.max(1, Math.ceil(ordered.length / 20))
  let moved = 0
  for (let i = 0; used > maxBytes && i < ordered.length - 1; i += step) {
    const batch = ordered.slice(i, Math.min(i + step, ordered.length - 1))
    const sids = archiveTo
      ? archiveSessions(db, archiveTo, batch, actions)
      : batch.map((s) => s.sid)
    moved += deleteSessions(db, sids, hasSearch)
    used = usedBytes(db)
  }
  db.pragma('incremental_vacuum')
  actions.push(
    `size: ${archiveTo ? `moved ${moved} oldest sessions to ${archiveTo}` : `deleted ${moved} oldest sessions`}; ${used} bytes in use (limit ${maxBytes})`,
  )
  return moved
}

export function deleteSessions(db: Database.Database, sids: number[], hasSearch: boolean): number {
  const deleteFts = hasSearch
    ? SEARCH_TABLES.map((t) =>
        db.prepare(
          `DELETE FROM search_fts WHERE rowid IN
           (SELECT rowid * 4 + ${TABLE_CODE[t]} FROM ${FTS_SOURCE[t]} WHERE session = ?)`,
        ),
      )
    : []
  const deletes = Object.keys(SESSION_TABLES).map((t) =>
    db.prepare(`DELETE FROM ${t} WHERE session = ?`),
  )
  const deleteSession = db.prepare('DELETE FROM sessions WHERE sid = ?')
  let n = 0
  for (const sid of sids) {
    db.transaction(() => {
      for (const d of deleteFts) d.run(sid)
      for (const d of deletes) d.run(sid)
      n += deleteSession.run(sid).changes
    }).immediate()
  }
  return n
}

/**
 * Copies sessions into `archivePath` (a native store, created if missing). Dictionary ids and
 * session row ids are remapped to the archive's own. A session the archive already holds is
 * left here untouched (reported), so nothing is ever lost by archiving twice.
 */
function archiveSessions(
  db: Database.Database,
  archivePath: string,
  sessions: Array<{ sid: number; id: string }>,
  actions: string[],
): number[] {
  openWritable(archivePath).db.close()
  db.prepare('ATTACH DATABASE ? AS arc').run(archivePath)
  try {
    const archived: number[] = []
    db.transaction(() => {
      db.exec(`
        INSERT INTO arc.dict (value) SELECT value FROM main.dict WHERE true ON CONFLICT (value) DO NOTHING;
        CREATE TEMP TABLE IF NOT EXISTS dmap (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
        DELETE FROM temp.dmap;
        INSERT INTO temp.dmap SELECT m.id, a.id FROM main.dict m JOIN arc.dict a ON a.value = m.value;`)
      const exists = db.prepare('SELECT 1 FROM arc.sessions WHERE id = ?').pluck()
      const sessionCols = columnsOf(db, 'main', 'sessions').filter((c) => c !== 'sid')
      const copySession = db.prepare(
        `INSERT INTO arc.sessions (${sessionCols.join(', ')}) SELECT ${sessionCols.join(', ')}
         FROM main.sessions WHERE sid = ? RETURNING sid`,
      )
      const copies = Object.entries(SESSION_TABLES).map(([table, dictCols]) => {
        const cols = columnsOf(db, 'main', table).filter((c) => c !== 'session')
        const exprs = cols.map((c) =>
          dictCols.includes(c)
            ? `coalesce((SELECT new FROM temp.dmap WHERE old = t.${c}), t.${c})`
            : `t.${c}`,
        )
        return db.prepare(
          `INSERT INTO arc.${table} (session, ${cols.join(', ')}) SELECT ?, ${exprs.join(', ')}
           FROM main.${table} t WHERE t.session = ?`,
        )
      })
      for (const s of sessions) {
        if (exists.get(s.id)) {
          actions.push(`archive: session ${s.id} already in ${archivePath}; kept here`)
          continue
        }
        const { sid: newSid } = copySession.get(s.sid) as { sid: number }
        for (const c of copies) c.run(newSid, s.sid)
        archived.push(s.sid)
      }
    }).immediate()
    return archived
  } finally {
    db.exec('DETACH DATABASE arc')
  }
}

export function tableBytes(db: Database.Database): Record<string, number> {
  const rows = db
    .prepare('SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE ORDER BY pgsize DESC')
    .all() as Array<{ name: string; pgsize: number }>
  return Object.fromEntries(rows.map((r) => [r.name, r.pgsize]))
}

export function runMaintenance(
  db: Database.Database,
  path: string,
  opts: MaintenanceOptions,
  now = Date.now(),
): MaintenanceReport {
  const actions: string[] = []
  const bytesBefore = fileBytes(path)
  const hasSearch =
    db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_fts'").get() !== undefined
  const expired = db
    .prepare('DELETE FROM memory WHERE expires_at IS NOT NULL AND expires_at <= ?')
    .run(now).changes
  if (expired > 0) actions.push(`memory: deleted ${expired} expired entries`)

  let archivedSessions = 0
  const archiveDays = opts.archiveOlderThanDays ?? opts.retentionDays
  if (opts.archiveTo !== undefined) {
    if (archiveDays === undefined)
      throw new Error('archiveTo needs archiveOlderThanDays or retentionDays')
    if (
      fs.existsSync(opts.archiveTo) &&
      fs.realpathSync(opts.archiveTo) === fs.realpathSync(path)
    ) {
      throw new Error('cannot archive a store into itself')
    }
    const old = sessionsOlderThan(db, now - archiveDays * DAY_MS)
    const copied = archiveSessions(db, opts.archiveTo, old, actions)
    archivedSessions = deleteSessions(db, copied, hasSearch)
    actions.push(`archive: moved ${archivedSessions} sessions to ${opts.archiveTo}`)
  }

  let deletedSessions = 0
  if (opts.maxBytes !== undefined) {
    if (!(opts.maxBytes > 0)) throw new Error('maxBytes must be a positive number of bytes')
    const moved = shrinkTo(db, opts.maxBytes, opts.maxBytesArchiveTo, hasSearch, actions)
    if (opts.maxBytesArchiveTo) archivedSessions += moved
    else deletedSessions += moved
  }
  if (opts.retentionDays !== undefined) {
    if (!(opts.retentionDays >= 0)) throw new Error('retentionDays must be a non-negative number')
    const old = sessionsOlderThan(db, now - opts.retentionDays * DAY_MS)
    deletedSessions += deleteSessions(
      db,
      old.map((s) => s.sid),
      hasSearch,
    )
    actions.push(
      `retention: deleted ${deletedSessions} sessions older than ${opts.retentionDays} days`,
    )
  }

  if (opts.optimize) {
    // a bounded ANALYZE: at most ~1000 rows per index are sampled, never a full scan
    db.pragma('analysis_limit = 1000')
    db.pragma('optimize = 0x10002')
    if (hasSearch) db.prepare("INSERT INTO search_fts (search_fts) VALUES ('optimize')").run()
    actions.push('optimize: PRAGMA optimize (analysis_limit 1000), FTS merge')
  }
  if (opts.vacuum) {
    const free = db.pragma('freelist_count', { simple: true }) as number
    db.pragma('incremental_vacuum')
    db.pragma('wal_checkpoint(TRUNCATE)')
    actions.push(`vacuum: released ${free} free pages, WAL checkpointed`)
  }
  return { deletedSessions, archivedSessions, bytesBefore, bytesAfter: fileBytes(path), actions }
}
