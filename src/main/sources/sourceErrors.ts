// Every failure to open or read a foreign file becomes one of these: a sentence a person
// understands, naming the file, plus a stable code the CLI and the viewer can branch on.
import path from 'node:path'

export type SourceErrorCode =
  | 'missing'
  | 'not-a-file'
  | 'permission'
  | 'empty'
  | 'not-sqlite'
  | 'truncated'
  | 'corrupt'
  | 'locked'
  | 'wal-unreadable'
  | 'unknown-schema'
  | 'bad-cursor'
  | 'bad-query'
  | 'io'

export class SourceOpenError extends Error {
  readonly code: SourceErrorCode
  readonly path: string
  constructor(code: SourceErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SourceOpenError'
    this.code = code
    this.path = file
  }
}

/** A failure while reading an already opened file (damaged page, bad cursor, ...). */
export class SourceQueryError extends SourceOpenError {
  constructor(code: SourceErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(code, file, message, options)
    this.name = 'SourceQueryError'
  }
}

const display = (file: string) => `"${path.basename(file)}" (${file})`

/** Turns a Node fs error or a SQLite error into a readable SourceOpenError. */
export function explainOpenFailure(file: string, err: unknown, what = 'open'): SourceOpenError {
  if (err instanceof SourceOpenError) return err
  const e = err as { code?: string; message?: string }
  const code = e?.code ?? ''
  const raw = e?.message ?? String(err)
  const f = display(file)
  const make = (c: SourceErrorCode, msg: string) =>
    new SourceOpenError(c, file, msg, { cause: err })
  switch (true) {
    case code === 'ENOENT':
      return make('missing', `Cannot ${what} ${f}: the file does not exist.`)
    case code === 'EISDIR':
      return make('not-a-file', `Cannot ${what} ${f}: it is a folder, not a database file.`)
    case code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM':
      return make(
        'permission',
        `Cannot ${what} ${f}: permission denied. Check that your user may read the file.`,
      )
    case code === 'SQLITE_NOTADB':
      return make(
        'not-sqlite',
        `Cannot ${what} ${f}: SQLite says "file is not a database". It may be encrypted (e.g. SQLCipher) or damaged.`,
      )
    case code.startsWith('SQLITE_CORRUPT'):
      return make(
        'corrupt',
        `Cannot ${what} ${f}: the database is damaged (${raw}). Try "sqlite3 ${path.basename(file)} .recover" on a copy.`,
      )
    case code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'):
      return make(
        'locked',
        `Cannot ${what} ${f}: another program holds a lock on it (${raw}). Try again when it is idle.`,
      )
    case code === 'SQLITE_CANTOPEN':
      return make(
        'io',
        `Cannot ${what} ${f}: SQLite could not open it (${raw}). Check that the folder and the file can be read, and that a WAL file's -wal/-shm side files are readable.`,
      )
    case code === 'SQLITE_READONLY_DIRECTORY' || code.startsWith('SQLITE_READONLY'):
      return make(
        'wal-unreadable',
        `Cannot ${what} ${f} read-only: SQLite needs its -wal/-shm side files and cannot create them here (${raw}).`,
      )
    case code.startsWith('SQLITE_IOERR') || code.startsWith('E'):
      return make('io', `Cannot ${what} ${f}: the system reported an I/O error (${raw}).`)
    default:
      return make('io', `Cannot ${what} ${f}: ${raw}`)
  }
}

/** Wraps a failure while querying into a SourceQueryError naming the file and what was being read. */
export function explainQueryFailure(file: string, err: unknown, reading: string): SourceQueryError {
  if (err instanceof SourceQueryError) return err
  const opened = explainOpenFailure(file, err, `read ${reading} from`)
  return new SourceQueryError(opened.code, file, opened.message, { cause: err })
}
