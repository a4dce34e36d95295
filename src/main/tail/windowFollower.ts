// Following the record kinds other than spans (log lines and events, errors, agent messages,
// tasks, metrics). Sources expose no insertion order, only time, so each poll reads the records
// from (newest time seen − overlap) on and keeps those not shown yet, keyed by id with a
// fingerprint of what can change in place (an error resolved, a task finished): a changed record
// is shown again as updated. Tasks have no time filter in the read API: they are read whole (per
// session with --session). Spans have their own follower (spanFollower.ts), which also finds
// spans written long after they started.
import type { TraceQueries } from '../../shared/queries'
import type { Page } from '../../shared/queries'
import {
  errorRecord,
  eventRecord,
  messageRecord,
  metricRecord,
  taskRecord,
  type TailKind,
  type TailRecord,
} from './tailRecord'

const PAGE = 2000
/** records remembered before those older than the window are forgotten */
const PRUNE_ABOVE = 100_000

export interface Follower {
  /** reads what is there; returns it (shown only with fromStart) */
  start(q: TraceQueries): TailRecord[]
  /** what is new or changed since the last call */
  poll(q: TraceQueries): TailRecord[]
}

interface Filter {
  sessionId?: string
  since?: number
}

interface KindSpec<T> {
  read(q: TraceQueries, f: Filter, limit: number, cursor: string | null): Page<T>
  /** false: the read API has no time filter for this kind (tasks) */
  timed: boolean
  key(r: T): string
  fingerprint(r: T): string
  toTail(r: T, updated: boolean): TailRecord
}

const SPECS: { [K in Exclude<TailKind, 'span'>]: KindSpec<never> } = {
  event: spec({
    read: (q, f, limit, cursor) => q.listEvents({ ...f, limit, cursor }),
    timed: true,
    key: (e) => `${e.sessionId}\u0000${e.id}`,
    fingerprint: (e) => `${e.level ?? ''}|${e.message ?? ''}`,
    toTail: eventRecord,
  }),
  error: spec({
    read: (q, f, limit, cursor) => q.listErrors({ ...f, limit, cursor }),
    timed: true,
    key: (e) => `${e.sessionId ?? ''}\u0000${e.id}`,
    fingerprint: (e) => `${e.resolved}|${e.message}`,
    toTail: errorRecord,
  }),
  message: spec({
    read: (q, f, limit, cursor) => q.listMessages({ ...f, limit, cursor }),
    timed: true,
    key: (m) => `${m.sessionId ?? ''}\u0000${m.id}`,
    fingerprint: (m) => m.deliveryStatus ?? '',
    toTail: messageRecord,
  }),
  task: spec({
    read: (q, f, limit, cursor) => q.listTasks({ sessionId: f.sessionId, limit, cursor }),
    timed: false,
    key: (t) => `${t.sessionId ?? ''}\u0000${t.id}`,
    fingerprint: (t) => `${t.status ?? ''}|${t.endTime ?? ''}`,
    toTail: taskRecord,
  }),
  metric: spec({
    read: (q, f, limit, cursor) => q.listMetrics({ ...f, limit, cursor }),
    timed: true,
    // samples have no id: a sample is its series and time
    key: (m) => `${m.sessionId ?? ''}\u0000${m.agentId ?? ''}\u0000${m.name}\u0000${m.time}`,
    fingerprint: (m) => String(m.value),
    toTail: (m) => metricRecord(m),
  }),
}

function spec<T>(s: KindSpec<T>): KindSpec<never> {
  return s as unknown as KindSpec<never>
}

/** A follower of one kind other than spans. */
export function windowFollower(
  kind: Exclude<TailKind, 'span'>,
  opts: { sessionId?: string; overlapMs: number },
): Follower {
  const s = SPECS[kind] as KindSpec<unknown>
  const seen = new Map<string, { fp: string; time: number }>()
  let watermark = -Infinity

  const readAll = (q: TraceQueries, since: number | undefined): unknown[] => {
    const out: unknown[] = []
    let cursor: string | null = null
    const f: Filter = {
      ...(opts.sessionId ? { sessionId: opts.sessionId } : {}),
      ...(s.timed && since !== undefined ? { since } : {}),
    }
    do {
      const page = s.read(q, f, PAGE, cursor)
      out.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    return out
  }

  const take = (rows: unknown[]): TailRecord[] => {
    const fresh: TailRecord[] = []
    for (const r of rows) {
      const key = s.key(r)
      const fp = s.fingerprint(r)
      const before = seen.get(key)
      if (before?.fp === fp) continue
      const rec = s.toTail(r, before !== undefined)
      seen.set(key, { fp, time: rec.time })
      if (rec.time > watermark) watermark = rec.time
      fresh.push(rec)
    }
    if (s.timed && seen.size > PRUNE_ABOVE) {
      const before = watermark - 2 * opts.overlapMs
      for (const [k, v] of seen) if (v.time < before) seen.delete(k)
    }
    return fresh
  }

  return {
    start(q) {
      // one session is read whole, as its spans are (--from-start prints all of it); a whole
      // file from the newest record's time on (or everything, when the source lists oldest first)
      const newest = s.timed && !opts.sessionId ? readNewest(s, q, undefined) : undefined
      return take(readAll(q, newest === undefined ? undefined : newest - opts.overlapMs))
    },
    poll(q) {
      const since = s.timed && Number.isFinite(watermark) ? watermark - opts.overlapMs : undefined
      return take(readAll(q, since))
    },
  }
}

function readNewest(
  s: KindSpec<unknown>,
  q: TraceQueries,
  sessionId: string | undefined,
): number | undefined {
  const first = s.read(q, sessionId ? { sessionId } : {}, 1, null).items[0]
  if (first === undefined) return undefined
  const t = s.toTail(first, false).time
  // a source that lists oldest first gives the oldest time: reading from it reads everything
  return Number.isFinite(t) ? t : undefined
}
