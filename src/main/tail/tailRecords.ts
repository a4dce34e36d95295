// Following a database another process writes (native store or any other tool's file), every
// record kind: spans, log lines and events, errors, agent messages, tasks, metrics.
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
// - What is new: one follower per kind (spanFollower.ts, windowFollower.ts).
import fs from 'node:fs'
import path from 'node:path'
import type { TraceQueries } from '../../shared/queries'
import { openSource } from '../sources/openSource'
import { spanFollower } from './spanFollower'
import { TAIL_KINDS, type TailKind, type TailRecord } from './tailRecord'
import { windowFollower, type Follower } from './windowFollower'

export interface TailRecordsOptions {
  /** the kinds to follow (default: every kind) */
  kinds?: readonly TailKind[]
  sessionId?: string
  /** called with new (or changed) records in time order; awaited before the next poll */
  onRecords: (records: TailRecord[]) => void | Promise<void>
  signal: AbortSignal
  /** emit the records already there before following (default false: only what comes next) */
  fromStart?: boolean
  /** fallback poll interval, ms (50–250 sensible; default 100) */
  pollMs?: number
  /** how far before the newest time each poll looks again, ms (default 5000) */
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

interface Opened {
  queries: TraceQueries
  close(): void
}

async function openForTail(file: string, open: TailRecordsOptions['open']): Promise<Opened> {
  if (open) {
    const queries = await open(file)
    return { queries, close: () => queries.close() }
  }
  // read-only adapters (the native store too); no resolution overlay: tailing touches nothing
  const opened = openSource(file, { overlay: false })
  return { queries: opened.queries, close: () => opened.close() }
}

const byTime = (a: TailRecord, b: TailRecord): number => a.time - b.time

/** Follows `file` until `signal` aborts; resolves with counters. */
export async function tailRecords(file: string, opts: TailRecordsOptions): Promise<TailStats> {
  // the opener follows a writer that appears later (see sources/followedSource.ts)
  const opened = await openForTail(file, opts.open)
  const stats: TailStats = { polls: 0, changes: 0, emitted: 0, rescans: 0 }
  const overlapMs = opts.overlapMs ?? 5000
  const pollMs = Math.max(10, opts.pollMs ?? 100)
  const followers: Follower[] = (opts.kinds ?? TAIL_KINDS).map((k) =>
    k === 'span'
      ? spanFollower(
          {
            sessionId: opts.sessionId,
            overlapMs,
            reconcileSessions: opts.reconcileSessions ?? 20,
          },
          stats,
        )
      : windowFollower(k, { sessionId: opts.sessionId, overlapMs }),
  )
  let watcher: fs.FSWatcher | null = null
  let wake: (() => void) | null = null
  const onAbort = (): void => wake?.()
  opts.signal.addEventListener('abort', onAbort, { once: true })
  try {
    const q = opened.queries
    const initial = followers.flatMap((f) => f.start(q))
    if (opts.fromStart && initial.length) {
      stats.emitted += initial.length
      await opts.onRecords(initial.sort(byTime))
    }
    let lastToken = q.changeToken()
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
        const token = q.changeToken()
        if (token === lastToken) continue
        lastToken = token
        stats.changes++
        const fresh = followers.flatMap((f) => f.poll(q)).sort(byTime)
        if (fresh.length) {
          stats.emitted += fresh.length
          await opts.onRecords(fresh)
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
