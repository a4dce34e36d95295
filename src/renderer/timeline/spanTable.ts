// A session's spans held as columns for the timeline: typed arrays for the numbers the
// canvas reads every frame, plain arrays for strings. 100,000 spans cost ~5 MB here instead of
// objects the garbage collector has to walk.
import type { Span, SpanStatus } from '../../shared/domain'
import type { SpanColumns } from '../../shared/contract/spanColumns'
import { columnSpanId } from '../../shared/contract/spanColumns'
import { SpanIndex } from './spanIndex'

export const STATUS_CODE: Record<SpanStatus, number> = { unset: 0, ok: 1, error: 2 }

export interface SpanTable {
  count: number
  ids: string[]
  parentIds: Array<string | null>
  names: string[]
  agentIds: Array<string | null>
  start: Float64Array
  /** end time; open spans (no end yet) hold NaN */
  end: Float64Array
  /** 0 unset, 1 ok, 2 error */
  status: Uint8Array
  /** events of the span, as times, filled when events are loaded (may be empty) */
  eventTimes: Map<number, number[]>
  /** spanId → row in this table */
  indexOf: SpanIndex
  /**
   * Row of each span's parent, resolved as spans arrive (the tree is rebuilt often while a big
   * session loads; a Map lookup per span per rebuild was a third of it): -1 no parent, -2 a
   * parent not in the table (not loaded yet, another session's) or the span itself.
   */
  parentRow: Int32Array
  /** parent id → rows waiting for it (their parent is not in the table yet) */
  waiting: Map<string, number[]>
  /** OpenTelemetry span links: row linkFrom[j] links to the span linkTo[j] (maybe not loaded) */
  linkFrom: number[]
  linkTo: string[]
}

export function emptyTable(capacity = 1024): SpanTable {
  const ids: string[] = []
  return {
    count: 0,
    ids,
    parentIds: [],
    names: [],
    agentIds: [],
    start: new Float64Array(capacity),
    end: new Float64Array(capacity),
    status: new Uint8Array(capacity),
    eventTimes: new Map(),
    indexOf: new SpanIndex(ids, capacity),
    parentRow: new Int32Array(capacity),
    waiting: new Map(),
    linkFrom: [],
    linkTo: [],
  }
}

function grow(t: SpanTable, need: number): void {
  if (need <= t.start.length) return
  let cap = t.start.length * 2
  while (cap < need) cap *= 2
  const s = new Float64Array(cap)
  s.set(t.start.subarray(0, t.count))
  const e = new Float64Array(cap)
  e.set(t.end.subarray(0, t.count))
  const st = new Uint8Array(cap)
  st.set(t.status.subarray(0, t.count))
  const pr = new Int32Array(cap)
  pr.set(t.parentRow.subarray(0, t.count))
  t.start = s
  t.end = e
  t.status = st
  t.parentRow = pr
}

/** reserveRows goes no further: a count that big (or wrong) grows as spans come, not at once */
const MAX_RESERVE = 1 << 22

/**
 * Room for `n` spans: a load that knows the session's span count grows the arrays and the id
 * index once (doubling a 1M-span index as pages came rehashed it 8 times, ~0.3 s of the load).
 */
export function reserveRows(t: SpanTable, n: number): void {
  const want = Math.min(Math.max(0, Math.floor(n) || 0), MAX_RESERVE)
  grow(t, want)
  t.indexOf.reserve(want)
}

/** the row of span `id`, if any */
function rowOf(t: SpanTable, id: string | null): number | undefined {
  return id ? t.indexOf.get(id) : undefined
}

/**
 * Row i's parent row from its parent id, or it waits for that parent to arrive; `p` is the
 * parent's row (rowOf), undefined while it is not in the table.
 */
function linkParent(t: SpanTable, i: number, parent: string | null, p: number | undefined): void {
  if (parent === null || parent === '') {
    t.parentRow[i] = -1
    return
  }
  if (p !== undefined && p !== i) {
    t.parentRow[i] = p
    return
  }
  t.parentRow[i] = -2
  if (p !== undefined) return
  const w = t.waiting.get(parent)
  if (w) w.push(i)
  else t.waiting.set(parent, [i])
}

/** A new row i with id `id`: the rows that waited for it as their parent now have it. */
function adoptWaiting(t: SpanTable, i: number, id: string): void {
  if (t.waiting.size === 0) return
  const w = t.waiting.get(id)
  if (!w) return
  t.waiting.delete(id)
  // a row whose parent id changed since it started waiting is not this span's child
  for (const c of w) if (c !== i && t.parentIds[c] === id) t.parentRow[c] = i
}

/**
 * Adds spans (a page, or a live batch) to the table and returns a new table object so
 * zustand subscribers see a change; the arrays are shared (append-only), which is what
 * keeps a 100,000-span session cheap. A span seen again (it ended, its status changed)
 * is updated in place.
 */
export function appendSpans(t: SpanTable, spans: ReadonlyArray<Span>): SpanTable {
  grow(t, t.count + spans.length)
  for (const sp of spans) {
    const known = t.indexOf.getOrAdd(sp.spanId)
    const i = known < 0 ? t.count : known
    if (known < 0) {
      t.ids.push(sp.spanId)
      t.parentIds.push(sp.parentSpanId)
      t.names.push(sp.name)
      t.agentIds.push(sp.agentId)
      t.count++
      linkParent(t, i, sp.parentSpanId, rowOf(t, sp.parentSpanId))
      adoptWaiting(t, i, sp.spanId)
      for (const l of sp.links ?? []) {
        t.linkFrom.push(i)
        t.linkTo.push(l.spanId)
      }
    } else {
      t.names[i] = sp.name
      if (t.parentIds[i] !== sp.parentSpanId)
        linkParent(t, i, sp.parentSpanId, rowOf(t, sp.parentSpanId))
      t.parentIds[i] = sp.parentSpanId
    }
    t.start[i] = sp.startTime
    t.end[i] = sp.endTime ?? NaN
    t.status[i] = STATUS_CODE[sp.status] ?? 0
  }
  return { ...t }
}

/** End used for drawing: open spans run until `now` (or their start if now is earlier). */
export function effectiveEnd(t: SpanTable, i: number, now: number): number {
  const e = t.end[i]
  if (Number.isNaN(e)) return Math.max(t.start[i], now)
  return e
}

/** A columns page (the `spans.columns` channel) into the table; see appendSpans. */
export function appendColumns(t: SpanTable, c: SpanColumns): SpanTable {
  grow(t, t.count + c.count)
  // table row of each page row that is new to the table, -1 for one read again (its links are
  // in the table already)
  const links = c.linkRow?.length ?? 0
  const newRow = links > 0 ? new Int32Array(c.count).fill(-1) : null
  // siblings mostly arrive together: a parent id like the last one is that same string, found
  // without a lookup (a new string and a hash per span were a good part of a 1M-span load)
  let lastParent: string | null = null
  let lastParentRow = -1
  for (let k = 0; k < c.count; k++) {
    const id = columnSpanId(c, k)
    const ps = k === 0 ? 0 : c.parentIdEnd[k - 1]
    const pe = c.parentIdEnd[k]
    let parent: string | null = null
    let parentRow: number | undefined
    if (ps !== pe) {
      if (
        lastParent !== null &&
        pe - ps === lastParent.length &&
        c.parentIds.startsWith(lastParent, ps)
      ) {
        parent = lastParent
        parentRow = lastParentRow
      } else {
        parent = c.parentIds.slice(ps, pe)
        parentRow = rowOf(t, parent)
        // only a parent that is in the table: a row's id never changes, so its row stays right
        if (parentRow !== undefined) {
          lastParent = parent
          lastParentRow = parentRow
        }
      }
    }
    const known = t.indexOf.getOrAdd(id)
    const i = known < 0 ? t.count : known
    const name = c.names[c.nameIndex[k]]
    if (known < 0) {
      t.ids.push(id)
      t.parentIds.push(parent)
      t.names.push(name)
      t.agentIds.push(c.agentIndex[k] < 0 ? null : c.agents[c.agentIndex[k]])
      t.count++
      linkParent(t, i, parent, parentRow)
      adoptWaiting(t, i, id)
      if (newRow) newRow[k] = i
    } else {
      t.names[i] = name
      if (t.parentIds[i] !== parent) {
        t.parentIds[i] = parent
        linkParent(t, i, parent, parentRow)
      }
    }
    t.start[i] = c.startTime[k]
    t.end[i] = c.endTime[k]
    t.status[i] = c.status[k]
  }
  for (let j = 0; j < links; j++) {
    const i = newRow![c.linkRow[j]]
    if (i < 0) continue
    t.linkFrom.push(i)
    t.linkTo.push(c.linkedSpanIds[j])
  }
  return { ...t }
}

/** Latest start time in the table: the live tail asks for spans since then. */
export function latestStart(t: SpanTable): number {
  let m = -Infinity
  for (let i = 0; i < t.count; i++) if (t.start[i] > m) m = t.start[i]
  return m
}

/**
 * Earliest start among open spans (no end yet) none of whose children is open, or Infinity.
 * What may still end in place lies from here on: an open span's open ancestors end after it
 * (a root span stays open all run long), so they would only widen the window the live tail
 * reads again, and when they end at last they are open leaves themselves.
 */
export function earliestOpenLeafStart(t: SpanTable): number {
  const openParents = new Set<string>()
  for (let i = 0; i < t.count; i++) {
    const parent = t.parentIds[i]
    if (Number.isNaN(t.end[i]) && parent !== null) openParents.add(parent)
  }
  let m = Infinity
  for (let i = 0; i < t.count; i++)
    if (Number.isNaN(t.end[i]) && !openParents.has(t.ids[i]) && t.start[i] < m) m = t.start[i]
  return m
}

/** How many spans have no end yet (drawn as running). */
export function openSpanCount(t: SpanTable): number {
  let n = 0
  for (let i = 0; i < t.count; i++) if (Number.isNaN(t.end[i])) n++
  return n
}
