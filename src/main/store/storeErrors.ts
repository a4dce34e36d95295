// SQLite failures turned into messages that name the file and say what went wrong, with the
// SQLite code kept for callers that branch on it (the viewer, the CLI, the torture runner).

export class StoreError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly code: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'StoreError'
  }
}

function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null
}

/** Wraps a SQLite error (anything with a SQLITE_* code); other errors are returned unchanged. */
export function storeErrorFrom(file: string, err: unknown, doing: string): unknown {
  const code = sqliteCode(err)
  if (code === null || err instanceof StoreError) return err
  const detail = (err as Error).message
  let message: string
  if (code.startsWith('SQLITE_CANTOPEN')) {
    message = `cannot ${doing} ${file}: the file or its folder cannot be opened (missing, or no permission; a store also needs to create its -wal and -shm files beside it) (${code})`
  } else if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    message = `cannot ${doing} ${file}: the file is damaged or not a SQLite database (${detail}) (${code})`
  } else if (code.startsWith('SQLITE_FULL')) {
    message = `cannot ${doing} ${file}: the disk or the database is full (${code})`
  } else if (code.startsWith('SQLITE_READONLY')) {
    message = `cannot ${doing} ${file}: the file or its folder is read-only (${code})`
  } else {
    message = `cannot ${doing} ${file}: ${detail} (${code})`
  }
  return new StoreError(message, file, code, { cause: err })
}

/** The write lock is held elsewhere: worth retrying later. */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: string }).code
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
  )
}

/** Failures that no single record causes: the whole batch fails with this cause. */
export function isWholeBatchError(err: unknown): boolean {
  const code = (err as { code?: string }).code
  return (
    typeof code === 'string' &&
    /^SQLITE_(FULL|IOERR|NOMEM|CORRUPT|NOTADB|READONLY|CANTOPEN|PERM)/.test(code)
  )
}
