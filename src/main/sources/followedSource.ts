// A file read as immutable (a WAL-mode file no writer has open) is watched for a writer: each
// changeToken() call — the change poller's and `tail`'s tick, every 50–100 ms — looks for the
// writer's -wal. Once it is there (with its -shm, or for two ticks in a row), the file is opened
// again as an ordinary read-only reader of that WAL and the immutable connection is closed, so
// every later commit is seen. From then on the reader holds a shared lock, so a writer that
// closes, checkpoints, truncates or restarts keeps its -wal/-shm and keeps being followed.
// A writer can also come and go between two ticks (a short script that opens the file, writes and
// closes, which checkpoints and deletes its -wal): the file itself then changed while no -wal was
// ever seen. Its identity, size and modification time are compared on every tick, and a change
// reopens it (immutable again: no writer has it), so those commits are seen too.
// No read transaction is held between calls: each query is its own. A file that cannot be
// followed (its writer's WAL keeps failing to open) says so in info().notLive, and its change
// token moves once so live views ask again and show that sentence.
import fs from 'node:fs'
import type { TraceQueries } from '../../shared/queries'
import type { OpenedSource } from './openSource'

/** failed reopen attempts (one per tick) before the file is reported as not followable */
const MAX_REOPEN_FAILURES = 20

/** What changes when a writer changed the file: its inode, size and modification time. */
export function fileSignature(file: string): string {
  try {
    const st = fs.statSync(file, { bigint: true })
    return `${st.ino}:${st.size}:${st.mtimeNs}`
  } catch {
    return ''
  }
}

/**
 * `signature` is the file's fileSignature() taken before `first` was opened, so a change made
 * while it was being opened is not missed.
 */
export function followWriter(
  first: OpenedSource,
  reopen: () => OpenedSource,
  signature = fileSignature(first.path),
): OpenedSource {
  let real = first.path
  try {
    real = fs.realpathSync(first.path)
  } catch {
    // the first open succeeded through the same path: keep it
  }
  let current = first
  let openedAt = signature
  let walTicks = 0
  let failures = 0
  let cannotFollow: string | null = null
  /** added to the current source's token so the token differs after every reopen */
  let offset = 0
  let last = 0

  const tryFollow = (): boolean => {
    if (current.mode !== 'immutable' || cannotFollow) return false
    let rewritten = false
    if (!fs.existsSync(real + '-wal')) {
      walTicks = 0
      // no writer now: reopen only if one came, wrote and left since the file was opened
      rewritten = fileSignature(real) !== openedAt
      if (!rewritten) return false
    } else if (!fs.existsSync(real + '-shm') && ++walTicks < 2) return false
    const before = fileSignature(real)
    let next: OpenedSource
    try {
      next = reopen()
    } catch (err) {
      if (++failures >= MAX_REOPEN_FAILURES)
        cannotFollow = `Not following this file live: a writer opened it, but reading its WAL failed (${err instanceof Error ? err.message : String(err)}). Reopen it to see later changes.`
      return false
    }
    if (next.mode !== 'reader' && !rewritten) {
      next.close()
      return false
    }
    openedAt = before
    const old = current
    current = next
    old.close()
    return true
  }

  const changeToken = (): number => {
    const wasFollowable = cannotFollow === null
    const switched = tryFollow()
    const t = current.queries.changeToken()
    if (switched || (wasFollowable && cannotFollow !== null)) offset = last + 1 - t
    last = t + offset
    return last
  }

  // every query goes to the connection of the moment; changeToken() may swap it
  const queries = new Proxy({} as TraceQueries, {
    get(_target, prop) {
      if (prop === 'changeToken') return changeToken
      if (prop === 'close') return () => current.close()
      if (prop === 'info')
        return () => {
          const info = current.queries.info()
          return cannotFollow
            ? { ...info, notes: [cannotFollow, ...info.notes], notLive: cannotFollow }
            : info
        }
      const v = Reflect.get(current.queries, prop) as unknown
      return typeof v === 'function'
        ? (...a: unknown[]) =>
            (Reflect.get(current.queries, prop) as (...x: unknown[]) => unknown).apply(
              current.queries,
              a,
            )
        : v
    },
  })

  return {
    kind: first.kind,
    path: first.path,
    readOnly: true,
    get mode() {
      return current.mode
    },
    queries,
    detection: first.detection,
    resolveError: (id, note) => current.resolveError(id, note),
    close: () => current.close(),
  }
}
