// Opening a `.db` a user gave us without trusting it and without changing it.
// Order matters: header check before SQLite sees the file; read-only + fileMustExist; pragmas that
// stop the schema from running anything (trusted_schema=OFF) before the schema is first parsed.
//
// The reading rule, one for every kind of file (Tracescope's own included):
// - a WAL-mode file with no -wal/-shm beside it has no writer: it is read in place as immutable
//   (SQLite's `immutable=1`), so no side file is ever created and no copy is made, whatever its
//   size. The file is watched (readMode) and reopened as an ordinary reader once a writer's
//   -wal/-shm appear — see followedSource.ts;
// - a WAL-mode file whose -wal/-shm exist (a writer has it open, or left them): an ordinary
//   read-only reader of the writer's own WAL, so every commit is seen (PRAGMA data_version);
// - a rollback-journal file: an ordinary read-only reader (readers create no side files there).
import '../sqliteUris'
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { readSchema, type SchemaInfo } from './schemaInfo'
import { readHeader, type SqliteHeader } from './sqliteHeader'
import { SourceOpenError, explainOpenFailure } from './sourceErrors'

/** immutable: no writer, read in place with no locks and no side files; reader: follow commits */
export type ReadMode = 'immutable' | 'reader'

export interface SafeConnection {
  readonly db: Database.Database
  /** absolute path the user gave */
  readonly path: string
  readonly realPath: string
  readonly header: SqliteHeader
  readonly schema: SchemaInfo
  readonly mode: ReadMode
  readonly notes: string[]
  close(): void
}

const exists = (f: string): boolean => fs.existsSync(f)

/**
 * How the file must be read now: immutable while it is a WAL-mode file without a -wal (opening
 * it any other way would make SQLite create -wal/-shm beside the user's file; a stray -shm
 * alone holds no data). A -wal holds commits not yet in the file: read them as a reader.
 */
export function readModeOf(file: string, walMode: boolean): ReadMode {
  return walMode && !exists(file + '-wal') ? 'immutable' : 'reader'
}

/** Applies the defensive settings on a fresh connection; nothing else may run before this. */
export function harden(db: Database.Database): void {
  db.pragma('trusted_schema = OFF') // schema SQL may only call innocuous built-ins
  db.pragma('query_only = ON') // refuse every write even if the file were writable
  db.pragma('cell_size_check = ON') // detect corrupt cells instead of reading past them
  db.pragma('mmap_size = 0') // no memory mapping of a file we do not trust
}

/** `file:` URI of an absolute path with SQLite's query parameters (%, ? and # escaped). */
function fileUri(file: string, params: string): string {
  const escaped = file.replace(/[%?#]/g, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))
  return `file:${escaped}?${params}`
}

function connect(file: string, mode: ReadMode): Database.Database {
  const target = mode === 'immutable' ? fileUri(file, 'immutable=1') : file
  let db: Database.Database
  try {
    db = new Database(target, { readonly: true, fileMustExist: true })
  } catch (err) {
    if (
      mode === 'immutable' &&
      (err as { code?: string }).code === 'SQLITE_CANTOPEN' &&
      exists(file)
    )
      // better-sqlite3 loaded before SQLITE_USE_URI was set: say so instead of creating side files
      throw new SourceOpenError(
        'io',
        file,
        `Cannot read "${path.basename(file)}" in place: SQLite file URIs are off in this process (SQLITE_USE_URI was set after SQLite loaded).`,
        { cause: err },
      )
    throw err
  }
  try {
    harden(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** Opens a file read-only with every defence on, by the reading rule; throws SourceOpenError. */
export function safeOpen(file: string): SafeConnection {
  const abs = path.resolve(file)
  const header = readHeader(abs)
  let realPath = abs
  try {
    realPath = fs.realpathSync(abs)
  } catch (err) {
    throw explainOpenFailure(abs, err)
  }
  const mode = readModeOf(realPath, header.walMode)
  let db: Database.Database
  try {
    db = connect(realPath, mode)
  } catch (err) {
    throw explainOpenFailure(abs, err)
  }
  let schema: SchemaInfo
  try {
    schema = readSchema(db)
  } catch (err) {
    db.close()
    throw explainOpenFailure(abs, err, 'read the table list of')
  }
  let closed = false
  return {
    db,
    path: abs,
    realPath,
    header,
    schema,
    mode,
    notes: [],
    close() {
      if (closed) return
      closed = true
      db.close()
    },
  }
}
