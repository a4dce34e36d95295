// Opening a foreign `.db` without trusting it and without changing it.
// Order matters: header check before SQLite sees the file; read-only + fileMustExist; pragmas that
// stop the schema from running anything (trusted_schema=OFF) before the schema is first parsed.
//
// WAL files: SQLite needs the -shm (and opens/creates the -wal) to read a WAL-mode database, even
// read-only. When those side files are absent (a cleanly closed WAL file) or the folder is read-only,
// we read a private snapshot copy in the temp folder instead, so nothing appears beside the user's
// file. Above `snapshotLimitBytes` we open in place when the folder is writable (SQLite then creates
// an empty -wal and a -shm next to it; the database file itself is never written) and say so in
// the notes; in a read-only folder that is an error that explains why.
import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readSchema, type SchemaInfo } from './schemaInfo'
import { readHeader, type SqliteHeader } from './sqliteHeader'
import { SourceOpenError, explainOpenFailure } from './sourceErrors'

export interface SafeOpenOptions {
  /** largest file copied into a private snapshot when it cannot be read in place untouched (default 256 MiB) */
  snapshotLimitBytes?: number
  /** always read a snapshot copy (tests, and callers that must never touch the folder) */
  forceSnapshot?: boolean
}

export interface SafeConnection {
  readonly db: Database.Database
  /** absolute path the user gave */
  readonly path: string
  readonly realPath: string
  readonly header: SqliteHeader
  readonly schema: SchemaInfo
  /** path of the private copy being read, or null when reading the file in place */
  readonly snapshotPath: string | null
  readonly notes: string[]
  close(): void
}

/** 256 MiB copies in well under a second; bigger clean WAL files are opened in place instead */
export const DEFAULT_SNAPSHOT_LIMIT = 256 * 1024 * 1024

const sizeOf = (f: string): number | null => {
  try {
    return fs.statSync(f).size
  } catch {
    return null
  }
}

function dirWritable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Applies the defensive settings on a fresh connection; nothing else may run before this. */
function harden(db: Database.Database): void {
  db.pragma('trusted_schema = OFF') // schema SQL may only call innocuous built-ins
  db.pragma('query_only = ON') // refuse every write even if the file were writable
  db.pragma('cell_size_check = ON') // detect corrupt cells instead of reading past them
  db.pragma('mmap_size = 0') // no memory mapping of a file we do not trust
}

function connect(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    harden(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

function makeSnapshot(file: string, withSide: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-snapshot-'))
  const copy = path.join(dir, path.basename(file))
  try {
    fs.copyFileSync(file, copy)
    for (const side of withSide) if (sizeOf(file + side)) fs.copyFileSync(file + side, copy + side)
    return copy
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true })
    throw err
  }
}

type Plan =
  { kind: 'in-place'; note?: string } | { kind: 'snapshot'; sides: string[]; note: string }

function plan(file: string, header: SqliteHeader, opts: SafeOpenOptions): Plan {
  const limit = opts.snapshotLimitBytes ?? DEFAULT_SNAPSHOT_LIMIT
  const small = header.fileBytes + (sizeOf(file + '-wal') ?? 0) <= limit
  if (opts.forceSnapshot)
    return {
      kind: 'snapshot',
      sides: ['-wal', '-journal'],
      note: 'Reading a private snapshot copy.',
    }
  const journal = sizeOf(file + '-journal')
  if (!header.walMode) {
    if (journal && small)
      return {
        kind: 'snapshot',
        sides: ['-journal'],
        note: 'A rollback journal is present (interrupted write): reading a private snapshot copy.',
      }
    return { kind: 'in-place' }
  }
  const wal = sizeOf(file + '-wal') !== null
  const shm = sizeOf(file + '-shm') !== null
  if (wal && shm) return { kind: 'in-place' }
  if (small)
    return {
      kind: 'snapshot',
      sides: ['-wal'],
      note: 'WAL-mode file without its -shm side file: reading a private snapshot copy so no side files appear next to it.',
    }
  if (dirWritable(path.dirname(file)))
    return {
      kind: 'in-place',
      note: 'WAL-mode file opened in place: SQLite created empty -wal/-shm side files next to it (the database file itself is unchanged).',
    }
  throw new SourceOpenError(
    'wal-unreadable',
    file,
    `Cannot open "${path.basename(file)}" (${file}) read-only: it is a WAL-mode database in a read-only folder without its -wal/-shm side files, and at ${Math.round(header.fileBytes / 1048576)} MB it is above the snapshot limit. Copy it to a writable folder and open the copy.`,
  )
}

/** Opens a foreign SQLite file read-only with every defence on; throws SourceOpenError. */
export function safeOpen(file: string, opts: SafeOpenOptions = {}): SafeConnection {
  const abs = path.resolve(file)
  const header = readHeader(abs)
  let realPath = abs
  try {
    realPath = fs.realpathSync(abs)
  } catch (err) {
    throw explainOpenFailure(abs, err)
  }
  const notes: string[] = []
  let chosen = plan(realPath, header, opts)
  let snapshotPath: string | null = null
  let db: Database.Database
  const openSnapshot = (sides: string[]) => {
    snapshotPath = makeSnapshot(realPath, sides)
    return connect(snapshotPath)
  }
  try {
    if (chosen.kind === 'snapshot') db = openSnapshot(chosen.sides)
    else {
      try {
        db = connect(realPath)
      } catch (err) {
        const code = (err as { code?: string }).code ?? ''
        const recoverable = code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN'
        if (!recoverable || header.fileBytes > (opts.snapshotLimitBytes ?? DEFAULT_SNAPSHOT_LIMIT))
          throw err
        chosen = {
          kind: 'snapshot',
          sides: ['-wal', '-journal'],
          note: `Could not read it in place (${code}): reading a private snapshot copy.`,
        }
        db = openSnapshot(chosen.sides)
      }
    }
  } catch (err) {
    if (snapshotPath) fs.rmSync(path.dirname(snapshotPath), { recursive: true, force: true })
    throw explainOpenFailure(abs, err)
  }
  if (chosen.note) notes.push(chosen.note)
  let schema: SchemaInfo
  try {
    schema = readSchema(db)
  } catch (err) {
    db.close()
    if (snapshotPath) fs.rmSync(path.dirname(snapshotPath), { recursive: true, force: true })
    throw explainOpenFailure(abs, err, 'read the table list of')
  }
  const snap = snapshotPath as string | null
  let closed = false
  return {
    db,
    path: abs,
    realPath,
    header,
    schema,
    snapshotPath: snap,
    notes,
    close() {
      if (closed) return
      closed = true
      db.close()
      if (snap) fs.rmSync(path.dirname(snap), { recursive: true, force: true })
    },
  }
}
