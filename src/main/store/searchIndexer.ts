// Full-text indexing after commit. Inline FTS5 inserts halved ingest in a measurement
// (130K → 59K rows/s), so documents are indexed by a catch-up step that reads rows past a per-table
// rowid watermark (kept in tracescope_meta, moved in the same transaction). The store runs steps
// when the writer queue is idle and in flush(); search lags ingestion only while a burst lasts.
// Several processes may index one file (the app, an import's background indexer): each step reads
// the marks from the file inside its write transaction, so no row is indexed twice.
// FTS rowid = source rowid * 4 + table code, so one contentless index serves four tables.
import type Database from 'better-sqlite3'
import type { Dictionary } from './dictionary'
import { decodePayload } from './payloadCodec'

export const SEARCH_TABLES = ['span', 'event', 'error', 'message'] as const
export type SearchTable = (typeof SEARCH_TABLES)[number]
export const TABLE_CODE: Record<SearchTable, number> = { span: 0, event: 1, error: 2, message: 3 }

const SOURCE_SQL: Record<SearchTable, string> = {
  span: 'SELECT rowid, name AS title, status_message AS text, attributes AS payload FROM spans',
  event: 'SELECT rowid, name AS title, message AS text, attributes AS payload FROM events',
  error: 'SELECT rowid, type AS title, message AS text, NULL AS payload FROM errors',
  message: 'SELECT rowid, type AS title, NULL AS text, payload FROM messages',
}

interface SourceRow {
  rowid: number
  title: number | null
  text: string | null
  payload: unknown
}

/**
 * String attribute and payload values (not keys, not numbers: token counts and sizes would fill
 * the index with noise), flattened a few levels deep, as searchable text.
 */
export function payloadText(value: unknown, depth = 0, out: string[] = []): string[] {
  if (value === null || value === undefined || depth > 4) return out
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const v of value) payloadText(v, depth + 1, out)
  else if (typeof value === 'object')
    for (const v of Object.values(value)) payloadText(v, depth + 1, out)
  return out
}

export class SearchIndexer {
  private readonly watermarks = new Map<SearchTable, number>()
  private readonly select: Record<SearchTable, Database.Statement>
  private readonly selectOne: Record<SearchTable, Database.Statement>
  private readonly insertDoc: Database.Statement
  private readonly deleteDoc: Database.Statement
  private readonly saveMark: Database.Statement
  private readonly maxRowid: Record<SearchTable, Database.Statement>
  private readonly getMark: Database.Statement
  private dirtySpans: number[] = []

  constructor(
    private readonly db: Database.Database,
    private readonly dict: Dictionary,
  ) {
    this.getMark = db.prepare('SELECT value FROM tracescope_meta WHERE key = ?').pluck()
    const sel = {} as Record<SearchTable, Database.Statement>
    const one = {} as Record<SearchTable, Database.Statement>
    const max = {} as Record<SearchTable, Database.Statement>
    for (const t of SEARCH_TABLES) {
      this.watermarks.set(t, this.storedWatermark(t))
      sel[t] = db.prepare(`${SOURCE_SQL[t]} WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      one[t] = db.prepare(`${SOURCE_SQL[t]} WHERE rowid = ?`)
      max[t] = db
        .prepare(`SELECT coalesce(max(rowid), 0) FROM ${t === 'span' ? 'spans' : t + 's'}`)
        .pluck()
    }
    this.select = sel
    this.selectOne = one
    this.maxRowid = max
    this.insertDoc = db.prepare('INSERT INTO search_fts (rowid, body) VALUES (?, ?)')
    this.deleteDoc = db.prepare('DELETE FROM search_fts WHERE rowid = ?')
    this.saveMark = db.prepare(
      'INSERT INTO tracescope_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
  }

  watermark(t: SearchTable): number {
    return this.watermarks.get(t) ?? 0
  }

  /** The mark as the file has it now: another process may have indexed further. */
  storedWatermark(t: SearchTable): number {
    return Number(this.getMark.get(`fts.${t}`) ?? 0)
  }

  /** Spans rewritten after they were indexed (a start record, then its end). */
  markSpansDirty(rowids: number[]): void {
    for (const r of rowids) this.dirtySpans.push(r)
  }

  private docText(t: SearchTable, r: SourceRow): string {
    const parts: string[] = []
    if (r.title !== null) parts.push(this.dict.value(r.title))
    if (r.text) parts.push(r.text)
    if (r.payload !== null) payloadText(decodePayload<unknown>(r.payload, null), 0, parts)
    return parts.join(' ')
  }

  /**
   * Indexes up to `maxRows` new rows in one transaction; returns how many it indexed. With
   * `rewrittenOnly`, only spans rewritten after they were indexed: what this process alone knows.
   */
  step(maxRows = 2000, rewrittenOnly = false): number {
    let done = 0
    this.db
      .transaction(() => {
        const dirty = this.dirtySpans.splice(0, maxRows)
        for (const rowid of dirty) {
          const row = this.selectOne.span.get(rowid) as SourceRow | undefined
          const ftsRowid = rowid * 4 + TABLE_CODE.span
          this.deleteDoc.run(ftsRowid)
          if (row) this.insertDoc.run(ftsRowid, this.docText('span', row))
          done++
        }
        for (const t of SEARCH_TABLES) {
          if (done >= maxRows || rewrittenOnly) break
          const from = this.storedWatermark(t)
          const rows = this.select[t].all(from, maxRows - done) as SourceRow[]
          if (rows.length === 0) continue
          for (const r of rows) this.insertDoc.run(r.rowid * 4 + TABLE_CODE[t], this.docText(t, r))
          const to = rows[rows.length - 1].rowid
          this.saveMark.run(`fts.${t}`, String(to))
          this.watermarks.set(t, to)
          done += rows.length
        }
      })
      .immediate()
    return done
  }

  /** True while some committed rows are not yet searchable. */
  behind(): boolean {
    if (this.dirtySpans.length > 0) return true
    return SEARCH_TABLES.some((t) => (this.maxRowid[t].get() as number) > this.storedWatermark(t))
  }

  /** After retention deleted the newest rows, rowids may be handed out again: pull marks back. */
  clampToTables(): void {
    for (const t of SEARCH_TABLES) {
      const max = this.maxRowid[t].get() as number
      if (this.watermark(t) > max) {
        this.saveMark.run(`fts.${t}`, String(max))
        this.watermarks.set(t, max)
      }
    }
  }
}
