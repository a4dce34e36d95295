// Sorting and filtering of the sessions list, done locally on the loaded page so typing
// in the filter box answers at once (the server query narrows the page for big stores).
import type { Session } from '../../shared/domain'
import { totalOf } from '../../shared/genai/usageTotals'

export type SessionSortKey =
  | 'lastActivity'
  | 'startTime'
  | 'duration'
  | 'spans'
  | 'errors'
  | 'name'
  | 'status'
  | 'tokens'
  | 'cost'
export type SortOrder = 'asc' | 'desc'

export interface SessionFilter {
  text?: string
  status?: Session['status'] | 'all'
  onlyLive?: boolean
  onlyErrors?: boolean
}

const keyOf: Record<SessionSortKey, (s: Session) => number | string | null> = {
  lastActivity: (s) => s.lastActivity ?? s.endTime ?? s.startTime,
  startTime: (s) => s.startTime,
  duration: (s) => s.durationMs,
  spans: (s) => s.spanCount,
  errors: (s) => s.errorCount,
  name: (s) => (s.name ?? s.id).toLowerCase(),
  status: (s) => s.status,
  // input + output (+ unsplit) tokens; a session without token counts sorts last
  tokens: (s) => (s.usage ? totalOf(s.usage) : null),
  // an unknown cost (nothing priced) sorts with the sessions that have none
  cost: (s) => s.usage?.costUsd ?? null,
}

/** Stable sort; missing values go last whatever the order. */
export function sortSessions(
  list: ReadonlyArray<Session>,
  key: SessionSortKey,
  order: SortOrder,
): Session[] {
  const get = keyOf[key]
  const dir = order === 'asc' ? 1 : -1
  return list
    .map((s, i) => ({ s, i, v: get(s) }))
    .sort((a, b) => {
      if (a.v == null && b.v == null) return a.i - b.i
      if (a.v == null) return 1
      if (b.v == null) return -1
      const c =
        typeof a.v === 'string'
          ? a.v.localeCompare(b.v as string)
          : (a.v as number) - (b.v as number)
      return c !== 0 ? c * dir : a.i - b.i
    })
    .map((x) => x.s)
}

/** `isLive`: the LIVE rule at the moment of filtering (useSessionLive.ts); the server's flag by default */
export function filterSessions(
  list: ReadonlyArray<Session>,
  f: SessionFilter,
  isLive: (s: Session) => boolean = (s) => s.live,
): Session[] {
  const q = (f.text ?? '').trim().toLowerCase()
  return list.filter((s) => {
    if (f.status && f.status !== 'all' && s.status !== f.status) return false
    if (f.onlyLive && !isLive(s)) return false
    if (f.onlyErrors && s.errorCount === 0) return false
    if (q && !s.id.toLowerCase().includes(q) && !(s.name ?? '').toLowerCase().includes(q))
      return false
    return true
  })
}

/** Merges a live update into the list: replaces sessions by id, adds new ones first. */
export function mergeSessions(
  list: ReadonlyArray<Session>,
  updates: ReadonlyArray<Session>,
): Session[] {
  const byId = new Map(updates.map((s) => [s.id, s]))
  const out = list.map((s) => byId.get(s.id) ?? s)
  const known = new Set(list.map((s) => s.id))
  const added = updates.filter((s) => !known.has(s.id))
  return added.length > 0 ? [...added, ...out] : out
}

/** Clicking a column: same key flips the order; a new key starts descending (except name). */
export function nextSort(
  cur: { key: SessionSortKey; order: SortOrder },
  key: SessionSortKey,
): { key: SessionSortKey; order: SortOrder } {
  if (cur.key === key) return { key, order: cur.order === 'asc' ? 'desc' : 'asc' }
  return { key, order: key === 'name' || key === 'status' ? 'asc' : 'desc' }
}
