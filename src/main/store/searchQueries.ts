// Full-text search over span names, status messages, event/log messages, error types and
// messages, and attribute/payload values. Hits come newest-indexed first (FTS rowid order),
// paged by FTS rowid; each hit is resolved to its row for the session filter and the snippet.
import type { Page, SearchHit, SearchQuery } from '../../shared/queries'
import { clampLimit, decodeCursor, encodeCursor } from './cursor'
import { decodeId, decodeOptionalId, decodePayload } from './payloadCodec'
import type { QueryContext } from './queryContext'
import { payloadText, SEARCH_TABLES, type SearchTable } from './searchIndexer'
import { toMatchQuery } from './spanQueries'

const SOURCE: Record<SearchTable, string> = {
  span: `SELECT ss.id AS session_id, s.session, s.span_id AS id, s.span_id, s.start_time AS time,
    s.name AS title, s.status_message AS text, s.attributes AS payload, s.agent
    FROM spans s JOIN sessions ss ON ss.sid = s.session WHERE s.rowid = ?`,
  event: `SELECT ss.id AS session_id, e.session, coalesce(e.id, 'ev-' || e.rowid) AS id, e.span_id,
    e.time, e.name AS title, e.message AS text, e.attributes AS payload, e.agent
    FROM events e JOIN sessions ss ON ss.sid = e.session WHERE e.rowid = ?`,
  error: `SELECT ss.id AS session_id, e.session, e.id, e.span_id, e.time, e.type AS title,
    e.message AS text, NULL AS payload, e.agent
    FROM errors e LEFT JOIN sessions ss ON ss.sid = e.session WHERE e.rowid = ?`,
  message: `SELECT ss.id AS session_id, m.session, coalesce(m.id, 'msg-' || m.rowid) AS id,
    NULL AS span_id, m.time, m.type AS title, NULL AS text, m.payload, m.sender AS agent
    FROM messages m LEFT JOIN sessions ss ON ss.sid = m.session WHERE m.rowid = ?`,
}

interface HitRow {
  session_id: string | null
  session: number | null
  id: unknown
  span_id: unknown
  time: number
  title: number | null
  text: string | null
  payload: unknown
  agent: number | null
}

const CHUNK = 500

export function search(ctx: QueryContext, q: SearchQuery): Page<SearchHit> {
  if (typeof q.text !== 'string' || q.text.trim() === '') throw new Error('search text is required')
  const limit = clampLimit(q.limit)
  if (!ctx.hasSearch) return { items: [], nextCursor: null }
  let sid: number | null = null
  if (q.sessionId !== undefined) {
    sid = ctx.sidOf(q.sessionId)
    if (sid === null) return { items: [], nextCursor: null }
  }
  const cursor = decodeCursor(q.cursor, 1)
  let before = cursor ? Number(cursor[0]) : Number.MAX_SAFE_INTEGER
  const match = toMatchQuery(q.text)
  const terms = q.text.toLowerCase().split(/\s+/).filter(Boolean)
  const chunk = ctx.stmt(
    'SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?',
  )
  const items: SearchHit[] = []
  let lastRowid = 0
  for (;;) {
    const rowids = chunk.pluck().all(match, before, CHUNK) as number[]
    for (const ftsRowid of rowids) {
      before = ftsRowid
      const table = SEARCH_TABLES[ftsRowid & 3]
      const row = ctx.stmt(SOURCE[table]).get(Math.floor(ftsRowid / 4)) as HitRow | undefined
      if (!row || (sid !== null && row.session !== sid)) continue
      if (items.length === limit) {
        return { items, nextCursor: encodeCursor([lastRowid]) }
      }
      items.push(toHit(ctx, table, row, terms))
      lastRowid = ftsRowid
    }
    if (rowids.length < CHUNK) return { items, nextCursor: null }
  }
}

function toHit(ctx: QueryContext, type: SearchTable, r: HitRow, terms: string[]): SearchHit {
  const title = r.title === null ? type : ctx.dict.value(r.title)
  const parts = [title]
  if (r.text) parts.push(r.text)
  if (r.payload !== null) payloadText(decodePayload<unknown>(r.payload, null), 0, parts)
  // the span an event or error belongs to, for the hit's "in span … of agent …" line
  const owner =
    type === 'span' ? null : r.span_id !== null && r.session !== null ? spanOf(ctx, r) : null
  const agent = r.agent ?? owner?.agent ?? null
  return {
    type,
    sessionId: r.session_id,
    id: type === 'span' ? decodeId(r.id) : String(r.id),
    spanId: decodeOptionalId(r.span_id),
    time: r.time,
    title,
    snippet: snippetOf(parts.join(' '), terms),
    spanName: type === 'span' ? title : owner ? ctx.dict.value(owner.name) : null,
    agentId: agent === null ? null : ctx.dict.value(agent),
  }
}

/**
 * Name and agent of the span an event or error happened in. Spans are indexed by session and
 * start time: reading back from the record's time finds its span within a few index entries.
 */
function spanOf(ctx: QueryContext, r: HitRow): { name: number; agent: number | null } | null {
  const row = ctx
    .stmt(
      `SELECT name, agent FROM spans WHERE session = ? AND start_time <= ? AND span_id = ?
       ORDER BY start_time DESC LIMIT 1`,
    )
    .get(r.session, r.time, r.span_id) as { name: number; agent: number | null } | undefined
  if (row) return row
  // a record stamped before its span started (clock skew between writers): read the session
  return (
    (ctx
      .stmt('SELECT name, agent FROM spans WHERE session = ? AND span_id = ? LIMIT 1')
      .get(r.session, r.span_id) as { name: number; agent: number | null } | undefined) ?? null
  )
}

/** ~120 characters around the first term found, with ellipses where text was cut. */
export function snippetOf(text: string, terms: string[], width = 120): string {
  const lower = text.toLowerCase()
  let at = -1
  for (const t of terms) {
    const i = lower.indexOf(t)
    if (i >= 0 && (at < 0 || i < at)) at = i
  }
  if (text.length <= width) return text
  const start = Math.max(0, (at < 0 ? 0 : at) - Math.floor(width / 3))
  const end = Math.min(text.length, start + width)
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`
}
