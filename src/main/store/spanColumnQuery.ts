// A page of spans as timeline columns, straight from the rows: the same statement as listSpans
// (spanPageQuery), without a Span object per row on the way. The timeline loads whole sessions
// through here, so pages may be bigger than listSpans' (MAX_COLUMNS_PAGE).
import { columnsBuilder, STATUS_CODES } from '../../shared/contract/spanColumns'
import type { SpanColumns } from '../../shared/contract/spanColumns'
import { DEFAULT_PAGE, MAX_COLUMNS_PAGE, type SpanQuery } from '../../shared/queries'
import type { Span } from '../../shared/domain'
import { encodeCursor } from './cursor'
import { decodePayload } from './payloadCodec'
import type { QueryContext } from './queryContext'
import { idText } from './rowMappers'
import { spanPageQuery } from './spanQueries'

export function clampColumnsLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE
  return Math.max(1, Math.min(MAX_COLUMNS_PAGE, Math.floor(limit)))
}

/**
 * What a columns page reads of each span. Unlike SPAN_TUPLE_COLUMNS the three ids come as three
 * values: ids stored as text then need no JSON array built by SQLite and parsed per row (−35 %
 * of a page's CPU at 1M text-id spans), for ~5 % more with hex ids (bench/bigLoadProfile.ts).
 */
const COLUMNS = `s.start_time, ${idText('s.span_id')}, ${idText('s.trace_id')},
  ${idText('s.parent_id')}, s.name * 4 + s.status, s.kind, s.agent, s.end_time,
  s.status_message, s.links`

type ColumnsRow = [
  startTime: number,
  spanId: string,
  traceId: string | null,
  parentId: string | null,
  /** name's dictionary id × 4 + status code */
  nameStatus: number,
  kind: number | null,
  agent: number | null,
  endTime: number | null,
  statusMessage: string | null,
  links: unknown,
  /** cross-session pages: NULL attributes, then the keyset's rowid and the session id */
  attributes?: null,
  rowid?: number,
  sessionId?: string,
]

export function listSpanColumns(ctx: QueryContext, q: SpanQuery): SpanColumns {
  const limit = clampColumnsLimit(q.limit)
  const pq = spanPageQuery(ctx, { ...q, withAttributes: false }, limit, COLUMNS)
  if (!pq) return columnsBuilder(0).finish(null)
  // stepped through, not all(): a 50,000-row array of rows was ~15 % more CPU, mostly garbage
  const b = columnsBuilder(pq.limit)
  const dict = ctx.dict
  let n = 0
  let last: ColumnsRow | null = null
  let more = false
  for (const row of ctx.iterateRaw(pq.sql, pq.params)) {
    const t = row as ColumnsRow
    if (n === pq.limit) {
      more = true
      break
    }
    n++
    last = t
    const nameStatus = t[4]
    const end = t[7]
    b.add(
      t[1],
      t[3],
      t[2] ?? '',
      pq.bySession ? q.sessionId! : t[12]!,
      dict.value(Math.floor(nameStatus / 4)),
      dict.optionalValue(t[5]) ?? 'internal',
      dict.optionalValue(t[6]),
      t[0],
      end === null ? NaN : end,
      STATUS_CODES[nameStatus % 4] ?? 'unset',
      t[8],
      t[9] === null ? null : decodePayload<Span['links']>(t[9], []),
    )
  }
  // the same cursor as listSpans': start time, then the span id (one session) or the rowid
  const next =
    more && last ? encodeCursor(pq.bySession ? [last[0], last[1]] : [last[0], last[11]!]) : null
  return b.finish(next)
}
