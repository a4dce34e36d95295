// The decisions of loading an open session, apart from the store that acts on them: how big
// each page is, when the tree is rebuilt during a long load, what the live tail reads again, and
// how live notifications are coalesced (one read at a time; one more if any came meanwhile; none
// while the first full load runs, which reads everything anyway). Pure: the session slice keeps
// one LiveState and does what these functions answer.
import { MAX_COLUMNS_PAGE } from '../../shared/queries'
import { earliestOpenLeafStart, latestStart, type SpanTable } from './spanTable'

/**
 * The biggest columns page the contract allows: a 1M-span session in 20 round trips instead of
 * 200, each of which waited on the server and re-rendered what shows the table.
 */
export const PAGE = MAX_COLUMNS_PAGE
/** the first page of a full load is small: it paints sooner */
export const FIRST_PAGE = 1000
/** a full re-read when counts disagree happens at most this often */
export const FULL_RESYNC_MS = 5000
/** spans usually land in start order; a late parent (it ends last) can start a little earlier */
export const LIVE_LOOKBACK_MS = 2000

/** how much the table grows between two rebuilds of the tree during a load (deriveDue) */
export const GROWTH = 4

/** Page size: the first page of a full load is small, every other page the biggest. */
export function pageLimit(first: boolean, since: number | undefined): number {
  return first && since === undefined ? FIRST_PAGE : PAGE
}

/**
 * Whether to rebuild the tree after this page. Re-deriving is O(spans): during a long load at
 * most every 500 ms, never for more than a seventh of the time (at 1M spans one derive
 * takes ~0.2 s; every 300 ms they were 19 s of a 37 s load, bench/bigLoadProfile.ts), and only
 * once the table has grown fourfold since the last one, so all of a load's rebuilds together
 * cost about 4/3 of the last one's (doubling made it twice: ~0.3 s more of a 1M-span load; what
 * a page changes on screen is redrawn too, and that is not in `deriveCost`). The first page (it
 * paints) and the last (the load is whole) always rebuild.
 */
export function deriveDue(
  lastPage: boolean,
  now: number,
  lastDerive: number,
  deriveCost: number,
  rows: number,
  derivedRows: number,
): boolean {
  if (lastPage || lastDerive === 0) return true
  return rows >= GROWTH * derivedRows && now - lastDerive > Math.max(500, 6 * deriveCost)
}

/**
 * Where a live read starts: a little before the latest start (a late parent starts earlier), or
 * earlier still where an open span may have ended in place (same count, new end). Undefined
 * (read everything) for an empty table.
 */
export function liveSince(t: SpanTable): number | undefined {
  if (t.count === 0) return undefined
  return Math.min(latestStart(t) - LIVE_LOOKBACK_MS, earliestOpenLeafStart(t))
}

export interface LiveState {
  /** the first full load runs: live events only note the count (the load gets it all) */
  initialLoad: boolean
  /** the span count of the last event that came during the first load, else null */
  missed: number | null
  /** a live read runs */
  busy: boolean
  /** an event came while a live read ran: one more read when it ends */
  pending: boolean
  /** when the last full re-read started (ms, performance clock), 0 never */
  lastFullResync: number
}

export function initialLiveState(): LiveState {
  return { initialLoad: false, missed: null, busy: false, pending: false, lastFullResync: 0 }
}

/**
 * A session's first full load starts. A live read of the session before may still run: it
 * stays busy (its answer is dropped), so reads never overlap.
 */
export function onLoadStart(s: LiveState): LiveState {
  return { ...s, initialLoad: true, missed: null }
}

/** A live event with the session's span count: read now, or note it for later. */
export function onLiveEvent(s: LiveState, spanCount: number): { next: LiveState; read: boolean } {
  if (s.initialLoad) return { next: { ...s, missed: spanCount }, read: false }
  if (s.busy) return { next: { ...s, pending: true }, read: false }
  return { next: { ...s, busy: true }, read: true }
}

/**
 * A live read ended (done or failed): read once more if an event came meanwhile, while the
 * session it read is still the open one (`current`); else the event waits for the next read.
 */
export function onLiveReadDone(
  s: LiveState,
  current: boolean,
): { next: LiveState; again: boolean } {
  if (s.pending && current) return { next: { ...s, busy: false, pending: false }, again: true }
  return { next: { ...s, busy: false }, again: false }
}

/** The first full load ended (done or failed): live events are read from now on. */
export function onLoadEnd(s: LiveState): LiveState {
  return { ...s, initialLoad: false }
}

/**
 * The first full load is in with `loaded` spans: spans that landed after it had passed their
 * place in the order need a live read, when an event during the load gave another count. The
 * count to read up to, or null.
 */
export function missedByLoad(s: LiveState, loaded: number): number | null {
  return s.missed !== null && s.missed !== loaded ? s.missed : null
}

/** A full re-read starts now. */
export function onFullResync(s: LiveState, now: number): LiveState {
  return { ...s, lastFullResync: now }
}

/**
 * After a live read, the table still holds fewer spans than the session says: re-read it all,
 * at most every FULL_RESYNC_MS.
 */
export function fullResyncDue(
  s: LiveState,
  loaded: number,
  spanCount: number,
  now: number,
): boolean {
  return loaded < spanCount && now - s.lastFullResync > FULL_RESYNC_MS
}
