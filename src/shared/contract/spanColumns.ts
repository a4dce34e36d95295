// A page of spans as columns: what the timeline draws. Structured clone of 100K span objects
// costs ~125 ms; the same data as typed arrays ~0.3 ms, so big pages travel in this form.
// No per-row values at all: even 5,000 id strings cost ~4 ms to clone (each hop: worker →
// main → renderer) and ~5 ms through JSON, so span ids and parent ids each travel as one
// concatenated string with end offsets (read them with columnSpanId/columnParentId).
// Attributes are left out (fetch one span's detail on demand with `spans.get`).
import type { Span, SpanStatus } from '../domain'

export interface SpanColumns {
  count: number
  /** every span id of the page, concatenated; see columnSpanId */
  spanIds: string
  /** end offset of row i's id in `spanIds` (it starts where row i-1's ends) */
  spanIdEnd: Uint32Array
  /** every parent id of the page, concatenated; a row without parent adds nothing */
  parentIds: string
  /** end offset of row i's parent id in `parentIds`; an empty slice means no parent */
  parentIdEnd: Uint32Array
  /** index into `traces` (a page has few distinct trace ids) */
  traceIndex: Uint32Array
  traces: string[]
  /** index into `sessions` */
  sessionIndex: Uint32Array
  sessions: string[]
  /** index into `names` */
  nameIndex: Uint32Array
  names: string[]
  /** index into `kinds` */
  kindIndex: Uint32Array
  kinds: string[]
  /** index into `agents`, -1 when the span has no agent */
  agentIndex: Int32Array
  agents: string[]
  startTime: Float64Array
  /** NaN while the span is open */
  endTime: Float64Array
  /** 0 unset, 1 ok, 2 error (STATUS_CODES) */
  status: Uint8Array
  /** index into `statusMessages`, -1 when the span has none */
  statusMessageIndex: Int32Array
  statusMessages: string[]
  /**
   * OpenTelemetry span links (the critical path follows them across agents): row `linkRow[j]`
   * links to the span `linkedSpanIds[j]`. Few spans carry links, so these are short.
   */
  linkRow: Uint32Array
  linkedSpanIds: string[]
  nextCursor: string | null
}

export const STATUS_CODES: readonly SpanStatus[] = ['unset', 'ok', 'error']

function dictionary(): { index(v: string): number; values: string[] } {
  const map = new Map<string, number>()
  const values: string[] = []
  // a page is mostly runs of one session, one trace: skip the map lookup for a repeat
  let last: string | null = null
  let lastIndex = -1
  return {
    values,
    index(v) {
      if (v === last) return lastIndex
      let i = map.get(v)
      if (i === undefined) {
        i = values.length
        values.push(v)
        map.set(v, i)
      }
      last = v
      lastIndex = i
      return i
    },
  }
}

/** Adds spans one by one, then `finish` gives the page; sized for `capacity` spans. */
export interface ColumnsBuilder {
  add(
    spanId: string,
    parentId: string | null,
    traceId: string,
    sessionId: string,
    name: string,
    kind: string,
    agentId: string | null,
    startTime: number,
    /** NaN while the span is open */
    endTime: number,
    status: SpanStatus,
    statusMessage: string | null,
    links: Span['links'] | null | undefined,
  ): void
  finish(nextCursor: string | null): SpanColumns
}

/**
 * The one encoder of a columns page: `spansToColumns` feeds it Span objects, the store its rows
 * directly (no object per span on the way).
 */
export function columnsBuilder(capacity: number): ColumnsBuilder {
  const names = dictionary()
  const kinds = dictionary()
  const agents = dictionary()
  const traces = dictionary()
  const sessions = dictionary()
  const messages = dictionary()
  const spanIdEnd = new Uint32Array(capacity)
  const parentIdEnd = new Uint32Array(capacity)
  const traceIndex = new Uint32Array(capacity)
  const sessionIndex = new Uint32Array(capacity)
  const nameIndex = new Uint32Array(capacity)
  const kindIndex = new Uint32Array(capacity)
  const agentIndex = new Int32Array(capacity)
  const startTime = new Float64Array(capacity)
  const endTime = new Float64Array(capacity)
  const statusCodes = new Uint8Array(capacity)
  const statusMessageIndex = new Int32Array(capacity)
  const linkRows: number[] = []
  const linkedSpanIds: string[] = []
  const ids: string[] = []
  const parents: string[] = []
  let end = 0
  let parentEnd = 0
  let n = 0
  // a page holds exactly its rows: a view of a bigger buffer would travel whole
  const fit = <T extends { length: number; slice(a: number, b: number): T }>(a: T): T =>
    a.length === n ? a : a.slice(0, n)
  return {
    add(
      spanId,
      parentId,
      traceId,
      sessionId,
      name,
      kind,
      agentId,
      start,
      stop,
      status,
      msg,
      links,
    ) {
      const i = n++
      ids.push(spanId)
      end += spanId.length
      spanIdEnd[i] = end
      if (parentId) {
        parents.push(parentId)
        parentEnd += parentId.length
      }
      parentIdEnd[i] = parentEnd
      traceIndex[i] = traces.index(traceId)
      sessionIndex[i] = sessions.index(sessionId)
      nameIndex[i] = names.index(name)
      kindIndex[i] = kinds.index(kind)
      agentIndex[i] = agentId === null ? -1 : agents.index(agentId)
      startTime[i] = start
      endTime[i] = stop
      const code = STATUS_CODES.indexOf(status)
      statusCodes[i] = code < 0 ? 0 : code
      statusMessageIndex[i] = msg === null ? -1 : messages.index(msg)
      if (links)
        for (const l of links)
          if (typeof l?.spanId === 'string' && l.spanId !== '') {
            linkRows.push(i)
            linkedSpanIds.push(l.spanId)
          }
    },
    finish(nextCursor) {
      return {
        count: n,
        spanIds: ids.join(''),
        spanIdEnd: fit(spanIdEnd),
        parentIds: parents.join(''),
        parentIdEnd: fit(parentIdEnd),
        traceIndex: fit(traceIndex),
        traces: traces.values,
        sessionIndex: fit(sessionIndex),
        sessions: sessions.values,
        nameIndex: fit(nameIndex),
        names: names.values,
        kindIndex: fit(kindIndex),
        kinds: kinds.values,
        agentIndex: fit(agentIndex),
        agents: agents.values,
        startTime: fit(startTime),
        endTime: fit(endTime),
        status: fit(statusCodes),
        statusMessageIndex: fit(statusMessageIndex),
        statusMessages: messages.values,
        linkRow: Uint32Array.from(linkRows),
        linkedSpanIds,
        nextCursor,
      }
    },
  }
}

/** Spans (one page) → columns. */
export function spansToColumns(spans: readonly Span[], nextCursor: string | null): SpanColumns {
  const b = columnsBuilder(spans.length)
  for (const s of spans)
    b.add(
      s.spanId,
      s.parentSpanId,
      s.traceId,
      s.sessionId,
      s.name,
      s.kind,
      s.agentId,
      s.startTime,
      s.endTime === null ? NaN : s.endTime,
      s.status,
      s.statusMessage,
      s.links,
    )
  return b.finish(nextCursor)
}

/** Row i's span id. */
export function columnSpanId(c: SpanColumns, i: number): string {
  return c.spanIds.slice(i === 0 ? 0 : c.spanIdEnd[i - 1], c.spanIdEnd[i])
}

/** Row i's parent span id, or null. */
export function columnParentId(c: SpanColumns, i: number): string | null {
  const start = i === 0 ? 0 : c.parentIdEnd[i - 1]
  return start === c.parentIdEnd[i] ? null : c.parentIds.slice(start, c.parentIdEnd[i])
}

/** Columns → spans without attributes (for tests and for code that wants objects back). */
export function columnsToSpans(c: SpanColumns): Span[] {
  const out: Span[] = new Array(c.count)
  for (let i = 0; i < c.count; i++) {
    const end = c.endTime[i]
    const start = c.startTime[i]
    out[i] = {
      sessionId: c.sessions[c.sessionIndex[i]],
      traceId: c.traces[c.traceIndex[i]],
      spanId: columnSpanId(c, i),
      parentSpanId: columnParentId(c, i),
      name: c.names[c.nameIndex[i]],
      kind: c.kinds[c.kindIndex[i]],
      agentId: c.agentIndex[i] < 0 ? null : c.agents[c.agentIndex[i]],
      startTime: start,
      endTime: Number.isNaN(end) ? null : end,
      durationMs: Number.isNaN(end) ? null : end - start,
      status: STATUS_CODES[c.status[i]] ?? 'unset',
      statusMessage: c.statusMessageIndex[i] < 0 ? null : c.statusMessages[c.statusMessageIndex[i]],
      attributes: {},
    }
  }
  return out
}
