// Following a database another process writes (native store or any other tool's file).
//
// How it stays correct and cheap:
// - Wake-ups: an fs.watch on the directory, filtered to the `-wal` file (and the main file for
//   rollback-journal writers), is a sub-millisecond hint on Linux; a fallback timer (default
//   100 ms) covers platforms where it is unreliable. `-shm` is never watched (every reader
//   touches it, so it would wake us for our own reads).
// - Truth: `changeToken()` (PRAGMA data_version on our one read-only connection, ~3 µs). Queries
//   run only when it moved. Every query is a complete statement: no read transaction stays open
//   between polls, so the writer's checkpoints are never starved and it never sees SQLITE_BUSY
//   from us; we never write to the file.
// - New rows: sources expose no insertion order, only time, so each poll reads spans ordered by
//   start time from (newest start seen − overlap) and drops those already shown, keyed by
//   (sessionId, spanId) with an end/status fingerprint (a span that later ends is shown again).
// - Late rows: a span that starts long before the newest one (e.g. an agent's lifetime span
//   written when it ends) falls before the window. For every session the tail knows completely
//   (the --session one, sessions that were live at start, sessions born while tailing) the
//   session's span count is compared with what was shown; a shortfall triggers a re-read of
//   that session, which finds the late spans. Sessions with older history only get the window.
import fs from 'node:fs'
import path from 'node:path'
import type { Span } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import { SeenSpans } from './seenSpans'
import { openSource } from '../sources/openSource'

export interface TailOptions {
  sessionId?: string
  /** called with new (or changed) spans in start order; awaited before the next poll */
  onSpans: (spans: Span[]) => void | Promise<void>
  signal: AbortSignal
  /** emit the spans already there before following (default false: only what comes next) */
  fromStart?: boolean
  /** fallback poll interval, ms (50–250 sensible; default 100) */
  pollMs?: number
  /** how far before the newest start time each poll looks again, ms (default 5000) */
  overlapMs?: number
  /** how many most-recently-active sessions are reconciled per poll without --session (default 20) */
  reconcileSessions?: number
  /** opens the file; default: the source adapters (read-only) */
  open?: (file: string) => TraceQueries | Promise<TraceQueries>
  onError?: (e: Error) => void
}

export interface TailStats {
  polls: number
  changes: number
  emitted: number
  rescans: number
}

const PAGE = 2000
/** spans remembered before old ones outside the window are forgotten */
const PRUNE_ABOVE = 200_000
/** past this, only the --session one stays tracked completely */
const MAX_TRACKED = 1_000_000

interface Opened {
  queries: TraceQueries
  close(): void
}

async function openForTail(file: string, open: TailOptions['open']): Promise<Opened> {
  if (open) {
    const queries = await open(file)
    return { queries, close: () => queries.close() }
  }
  // read-only adapters (the native store too); no resolution overlay: tailing touches nothing
  const opened = openSource(file, { overlay: false })
  return { queries: opened.queries, close: () => opened.close() }
}

/**
 * A WAL-mode file whose writer is not running has no `-shm`; the source adapters then read a
 * private snapshot copy, which never changes. The tail notices and reopens in place once a
 * writer has created the side files.
 */
function walWithoutShm(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r')
    try {
      const header = Buffer.alloc(20)
      fs.readSync(fd, header, 0, 20, 0)
      const wal = header[18] === 2 && header[19] === 2
      return wal && !fs.existsSync(`${file}-shm`)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    return false
  }
}

/** Follows `file` until `signal` aborts; resolves with counters. */
export async function tailSpans(file: string, opts: TailOptions): Promise<TailStats> {
  let snapshot = walWithoutShm(file)
  let opened = await openForTail(file, opts.open)
  const stats: TailStats = { polls: 0, changes: 0, emitted: 0, rescans: 0 }
  const seen = new SeenSpans()
  const overlap = opts.overlapMs ?? 5000
  const pollMs = Math.max(10, opts.pollMs ?? 100)
  let watcher: fs.FSWatcher | null = null
  let wake: (() => void) | null = null
  const onAbort = (): void => wake?.()
  opts.signal.addEventListener('abort', onAbort, { once: true })
  try {
    await start(opened.queries, seen, opts, stats)
    let lastToken = opened.queries.changeToken()
    try {
      const base = path.basename(file)
      watcher = fs.watch(path.dirname(path.resolve(file)), (_event, name) => {
        if (name === `${base}-wal` || name === base) wake?.()
      })
      watcher.on('error', () => watcher?.close())
    } catch {
      watcher = null // the timer alone still works
    }
    while (!opts.signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => resolve(), pollMs)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wake = null
      if (opts.signal.aborted) break
      stats.polls++
      try {
        if (snapshot && !walWithoutShm(file)) {
          // a writer opened the file: leave the snapshot copy, read the live file from now on
          opened.close()
          opened = await openForTail(file, opts.open)
          snapshot = false
          lastToken = Number.NaN
        }
        const q = opened.queries
        const token = q.changeToken()
        if (token === lastToken) continue
        lastToken = token
        stats.changes++
        const fresh = poll(q, seen, opts, overlap, stats)
        if (seen.tracked > PRUNE_ABOVE)
          seen.prune(seen.watermark - 2 * overlap, MAX_TRACKED, opts.sessionId)
        if (fresh.length) {
          stats.emitted += fresh.length
          await opts.onSpans(fresh)
        }
      } catch (e) {
        if (opts.onError) opts.onError(e as Error)
        else throw e
      }
    }
  } finally {
    opts.signal.removeEventListener('abort', onAbort)
    watcher?.close()
    opened.close()
  }
  return stats
}

/** Reads every span of a query, page by page (each page its own complete statement). */
function readAll(
  q: TraceQueries,
  sessionId: string | undefined,
  since: number | undefined,
): Span[] {
  const out: Span[] = []
  let cursor: string | null = null
  do {
    const page = q.listSpans({ sessionId, since, order: 'asc', limit: PAGE, cursor })
    for (const s of page.items) out.push(s)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

async function start(
  q: TraceQueries,
  seen: SeenSpans,
  opts: TailOptions,
  stats: TailStats,
): Promise<void> {
  let initial: Span[]
  if (opts.sessionId) {
    initial = readAll(q, opts.sessionId, undefined)
    seen.markComplete(opts.sessionId)
  } else {
    // the live sessions are read whole so their late spans can be reconciled; the rest only
    // contributes its newest window
    initial = []
    const live = q
      .listSessions({ sort: 'lastActivity', order: 'desc', limit: opts.reconcileSessions ?? 20 })
      .items.filter((s) => s.live)
    for (const s of live) {
      for (const span of readAll(q, s.id, undefined)) initial.push(span)
      seen.markComplete(s.id)
    }
    const newest = q.listSpans({ order: 'desc', limit: 1 }).items[0]
    if (newest)
      for (const span of readAll(q, undefined, newest.startTime - (opts.overlapMs ?? 5000)))
        initial.push(span)
  }
  const fresh = initial.filter((s) => seen.add(s))
  if (opts.fromStart && fresh.length) {
    fresh.sort((a, b) => a.startTime - b.startTime)
    stats.emitted += fresh.length
    await opts.onSpans(fresh)
  }
}

function poll(
  q: TraceQueries,
  seen: SeenSpans,
  opts: TailOptions,
  overlap: number,
  stats: TailStats,
): Span[] {
  const since = Number.isFinite(seen.watermark) ? seen.watermark - overlap : undefined
  const fresh: Span[] = []
  const newSessions = new Set<string>()
  for (const s of readAll(q, opts.sessionId, since)) {
    if (!seen.has(s.sessionId)) newSessions.add(s.sessionId)
    if (seen.add(s)) fresh.push(s)
  }
  // reconcile counts: find spans that started before the window
  const toCheck = opts.sessionId
    ? [q.getSession(opts.sessionId)].filter((s) => s !== null)
    : q.listSessions({ sort: 'lastActivity', order: 'desc', limit: opts.reconcileSessions ?? 20 })
        .items
  for (const session of toCheck) {
    if (newSessions.has(session.id) && session.spanCount <= seen.count(session.id))
      seen.markComplete(session.id)
    if (!seen.isComplete(session.id) || session.spanCount <= seen.count(session.id)) continue
    stats.rescans++
    for (const s of readAll(q, session.id, undefined)) if (seen.add(s)) fresh.push(s)
  }
  return fresh.sort((a, b) => a.startTime - b.startTime)
}
