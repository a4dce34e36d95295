// Running token totals of the native store, kept by the writer as spans arrive (and by schema
// v5's backfill). Two tables (migrations/0005-usage-totals.ts):
//  span_usage    what each LLM span added, keyed like the span, with its parent: a span written
//                again in place (start, then end) takes its old share out before adding the
//                new one, so nothing is counted twice; a 1M-span session's subtree sums read
//                these rows instead of decoding a million attribute payloads
//  usage_totals  the sums per (session, agent, model), which the sessions list reads
// Token counts only: cost is priced when read, so a new price table or a user's override
// applies to everything already stored.
import type Database from 'better-sqlite3'
import { countsOfUsage, usageOfCounts, type TokenUsage } from '../../shared/genai/usage'

/** Count columns in USAGE_FIELDS order. */
export const USAGE_COLUMNS = ['input', 'output', 'cache_read', 'cache_write', 'reasoning', 'other']
const COUNTS = USAGE_COLUMNS.join(', ')

interface Delta {
  session: number
  agent: number
  model: string
  calls: number
  counts: number[]
}

interface StoredShare {
  parent: string | Buffer | null
  agent: number
  model: string
  counts: Array<number | null>
}

/** Where a span sits: its key and its parent (the rollup walks up from parents). */
export interface SpanPlace {
  sid: number
  startTime: number
  spanId: string | Buffer
  parentId: string | Buffer | null
}

/** Agent 0 and model '' stand for "none": both are key columns, and keys are never NULL. */
export class UsageLedger {
  private deltas = new Map<string, Delta>()
  private readonly selectShare: Database.Statement
  private readonly upsertShare: Database.Statement
  private readonly deleteShare: Database.Statement
  private readonly upsertTotal: Database.Statement
  private readonly dropEmpty: Database.Statement

  constructor(db: Database.Database) {
    this.selectShare = db
      .prepare(
        `SELECT parent, agent, model, ${COUNTS} FROM span_usage
         WHERE session = ? AND start_time = ? AND span_id = ?`,
      )
      .raw(true)
    this.upsertShare = db.prepare(
      `INSERT INTO span_usage (session, start_time, span_id, parent, agent, model, ${COUNTS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET parent = excluded.parent, agent = excluded.agent,
       model = excluded.model,
       ${USAGE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    )
    this.deleteShare = db.prepare(
      'DELETE FROM span_usage WHERE session = ? AND start_time = ? AND span_id = ?',
    )
    this.upsertTotal = db.prepare(
      `INSERT INTO usage_totals (session, agent, model, calls, ${COUNTS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET calls = calls + excluded.calls,
       ${USAGE_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    )
    this.dropEmpty = db.prepare(
      'DELETE FROM usage_totals WHERE session = ? AND agent = ? AND model = ? AND calls <= 0',
    )
  }

  /** Starts a batch: nothing pending. */
  reset(): void {
    this.deltas = new Map()
  }

  /** The pending sums, to restore when one record of a batch is rolled back. */
  snapshot(): Map<string, Delta> {
    const copy = new Map<string, Delta>()
    for (const [k, d] of this.deltas) copy.set(k, { ...d, counts: [...d.counts] })
    return copy
  }

  restore(snapshot: Map<string, Delta>): void {
    this.deltas = snapshot
  }

  /**
   * A span was written. `inserted`: it is new. Otherwise it was written again in place:
   * `attributesGiven` says the write replaced its attributes (then `usage` is the new share),
   * `agent` is the new agent or null when the write left it alone.
   */
  spanWritten(
    at: SpanPlace,
    agent: number | null,
    usage: TokenUsage | null,
    inserted: boolean,
    attributesGiven: boolean,
  ): void {
    if (inserted) {
      if (usage) this.keep(at, agent ?? 0, usage)
      return
    }
    if (!attributesGiven && agent === null && at.parentId === null) return
    const row = this.selectShare.get(at.sid, at.startTime, at.spanId) as unknown[] | undefined
    const old: StoredShare | null = row
      ? {
          parent: row[0] as string | Buffer | null,
          agent: row[1] as number,
          model: row[2] as string,
          counts: row.slice(3) as Array<number | null>,
        }
      : null
    const next = attributesGiven ? usage : old ? usageOfCounts(old.counts, old.model) : null
    // the span row keeps its parent and agent when the rewrite names none (writeStatements.ts)
    const place = { ...at, parentId: at.parentId ?? old?.parent ?? null }
    if (old) this.add(at.sid, old.agent, old.model, old.counts, -1)
    if (next) this.keep(place, agent ?? old?.agent ?? 0, next)
    else if (old) this.deleteShare.run(at.sid, at.startTime, at.spanId)
  }

  /** Folds the batch's sums into usage_totals: one upsert per (session, agent, model). */
  flush(): void {
    for (const d of this.deltas.values()) {
      this.upsertTotal.run(d.session, d.agent, d.model, d.calls, ...d.counts)
      if (d.calls < 0) this.dropEmpty.run(d.session, d.agent, d.model)
    }
    this.deltas = new Map()
  }

  private keep(at: SpanPlace, agent: number, u: TokenUsage): void {
    const counts = countsOfUsage(u)
    const model = u.model ?? ''
    this.upsertShare.run(at.sid, at.startTime, at.spanId, at.parentId, agent, model, ...counts)
    this.add(at.sid, agent, model, counts, 1)
  }

  private add(
    session: number,
    agent: number,
    model: string,
    counts: Array<number | null>,
    sign: 1 | -1,
  ): void {
    const key = `${session}\u0000${agent}\u0000${model}`
    let d = this.deltas.get(key)
    if (!d) {
      d = { session, agent, model, calls: 0, counts: counts.map(() => 0) }
      this.deltas.set(key, d)
    }
    d.calls += sign
    for (let i = 0; i < counts.length; i++) d.counts[i] += sign * (counts[i] ?? 0)
  }
}
