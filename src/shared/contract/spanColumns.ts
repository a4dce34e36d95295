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

/** Spans (one page) → columns. */
export function spansToColumns(spans: readonly Span[], nextCursor: string | null): SpanColumns {
  const n = spans.length
  const names = dictionary()
  const kinds = dictionary()
  const agents = dictionary()
  const traces = dictionary()
  const sessions = dictionary()
  const messages = dictionary()
  const cols: SpanColumns = {
    count: n,
    spanIds: '',
    spanIdEnd: new Uint32Array(n),
    parentIds: '',
    parentIdEnd: new Uint32Array(n),
    traceIndex: new Uint32Array(n),
    traces: traces.values,
    sessionIndex: new Uint32Array(n),
    sessions: sessions.values,
    nameIndex: new Uint32Array(n),
    names: names.values,
    kindIndex: new Uint32Array(n),
    kinds: kinds.values,
    agentIndex: new Int32Array(n),
    agents: agents.values,
    startTime: new Float64Array(n),
    endTime: new Float64Array(n),
    status: new Uint8Array(n),
    statusMessageIndex: new Int32Array(n),
    statusMessages: messages.values,
    linkRow: new Uint32Array(0),
    linkedSpanIds: [],
    nextCursor,
  }
  const linkRows: number[] = []
  const ids = new Array<string>(n)
  const parents: string[] = []
  let end = 0
  let parentEnd = 0
  for (let i = 0; i < n; i++) {
    const s = spans[i]
    ids[i] = s.spanId
    end += s.spanId.length
    cols.spanIdEnd[i] = end
    if (s.parentSpanId) {
      parents.push(s.parentSpanId)
      parentEnd += s.parentSpanId.length
    }
    cols.parentIdEnd[i] = parentEnd
    cols.traceIndex[i] = traces.index(s.traceId)
    cols.sessionIndex[i] = sessions.index(s.sessionId)
    cols.nameIndex[i] = names.index(s.name)
    cols.kindIndex[i] = kinds.index(s.kind)
    cols.agentIndex[i] = s.agentId === null ? -1 : agents.index(s.agentId)
    cols.startTime[i] = s.startTime
    cols.endTime[i] = s.endTime === null ? NaN : s.endTime
    const code = STATUS_CODES.indexOf(s.status)
    cols.status[i] = code < 0 ? 0 : code
    cols.statusMessageIndex[i] = s.statusMessage === null ? -1 : messages.index(s.statusMessage)
    if (s.links)
      for (const l of s.links)
        if (typeof l?.spanId === 'string' && l.spanId !== '') {
          linkRows.push(i)
          cols.linkedSpanIds.push(l.spanId)
        }
  }
  cols.linkRow = Uint32Array.from(linkRows)
  cols.spanIds = ids.join('')
  cols.parentIds = parents.join('')
  return cols
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
