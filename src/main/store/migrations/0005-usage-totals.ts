// Schema v5: running token totals (see usageLedger.ts for what each table holds and why).
// The backfill reads every stored span's attributes once, inside the migration's transaction,
// so an older file opens with totals that match its spans or stays at v4 untouched. Only
// payloads that can hold a token count are decoded: every usage key contains "token"
// (gen_ai.usage.*_tokens, llm.token_count.*, tokensUsed), and gzip bytes cannot be searched.
import type Database from 'better-sqlite3'
import { tokenUsage } from '../../../shared/genai/usage'
import { decodePayload } from '../payloadCodec'
import { USAGE_COLUMNS, UsageLedger } from '../usageLedger'

const PAGE = 2_000

export function migrate0005(db: Database.Database): void {
  const counts = USAGE_COLUMNS.map((c) => `${c} INTEGER`).join(', ')
  const sums = USAGE_COLUMNS.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(', ')
  db.exec(`
    CREATE TABLE span_usage (
      session INTEGER NOT NULL,
      start_time REAL NOT NULL,
      span_id BLOB NOT NULL,
      parent BLOB,
      agent INTEGER NOT NULL,
      model TEXT NOT NULL,
      ${counts},
      PRIMARY KEY (session, start_time, span_id)
    ) WITHOUT ROWID;
    CREATE TABLE usage_totals (
      session INTEGER NOT NULL,
      agent INTEGER NOT NULL,
      model TEXT NOT NULL,
      calls INTEGER NOT NULL DEFAULT 0,
      ${sums},
      PRIMARY KEY (session, agent, model)
    ) WITHOUT ROWID;
    CREATE TABLE parent_usage (
      session INTEGER NOT NULL,
      parent BLOB NOT NULL,
      model TEXT NOT NULL,
      calls INTEGER NOT NULL DEFAULT 0,
      ${sums},
      PRIMARY KEY (session, parent, model)
    ) WITHOUT ROWID;
  `)
  const ledger = new UsageLedger(db)
  // keyset pages by rowid: better-sqlite3 cannot write while a statement is being iterated
  const page = db
    .prepare(
      `SELECT rowid, session, start_time, span_id, parent_id, agent, attributes FROM spans
       WHERE rowid > ? AND attributes IS NOT NULL
         AND (typeof(attributes) = 'blob' OR instr(attributes, 'oken') > 0)
       ORDER BY rowid LIMIT ${PAGE}`,
    )
    .raw(true)
  let after = 0
  for (;;) {
    const rows = page.all(after) as unknown[][]
    if (rows.length === 0) break
    for (const [rowid, session, start, spanId, parentId, agent, raw] of rows) {
      after = rowid as number
      let attrs: Record<string, unknown>
      try {
        attrs = decodePayload(raw, {})
      } catch {
        continue // a damaged payload has no readable count; the span itself stays as it is
      }
      if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) continue
      const usage = tokenUsage(attrs)
      if (!usage) continue
      const at = {
        sid: session as number,
        startTime: start as number,
        spanId: spanId as Buffer,
        parentId: parentId as Buffer | null,
      }
      ledger.spanWritten(at, (agent as number | null) ?? 0, usage, true, true)
    }
    ledger.flush()
  }
}
