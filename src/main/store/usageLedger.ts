// Running token totals of the native store, kept by the writer as spans arrive (and by schema
// v5's backfill). Two tables (migrations/0005-usage-totals.ts):
//  span_usage    what each LLM span added, keyed like the span, with its parent: a span written
//                again in place (start, then end) takes its old share out before adding the
//                new one, so nothing is counted twice; a 1M-span session's subtree sums read
//                these rows instead of decoding a million attribute payloads
//  usage_totals  the sums per (session, agent, model), which the sessions list reads
//  parent_usage  the sums of each parent's LLM children per (session, parent, model): Σ on
//                parent spans starts from these few rows instead of grouping every call
// Token counts only: cost is priced when read, so a new price table or a user's override
// applies to everything already stored.
import type Database from 'better-sqlite3'
import { countsOfUsage, usageOfCounts, type TokenUsage } from '../../shared/genai/usage'

/** Count columns in USAGE_FIELDS order. */
export const USAGE_COLUMNS = ['input', 'output', 'cache_read', 'cache_write', 'reasoning', 'other']
const COUNTS = USAGE_COLUMNS.join(', ')

interface Delta {
  session: number
  /** the agent (usage_totals) or the parent span (parent_usage) */
  by: number | string | Buffer
  model: string
  calls: number
  counts: number[]
}

type Deltas = Map<string, Delta>

function cloneDeltas(m: Deltas): Deltas {
  const copy: Deltas = new Map()
  for (const [k, d] of m) copy.set(k, { ...d, counts: [...d.counts] })
  return copy
}

function bump(
  m: Deltas,
  key: string,
  d0: Omit<Delta, 'calls' | 'counts'>,
  counts: Array<number | null>,
  sign: 1 | -1,
): void {
  let d = m.get(key)
  if (!d) m.set(key, (d = { ...d0, calls: 0, counts: counts.map(() => 0) }))
  d.calls += sign
  for (let i = 0; i < counts.length; i++) d.counts[i] += sign * (counts[i] ?? 0)
}

const idKey = (id: string | Buffer): string =>
  typeof id === 'string' ? `s${id}` : `b${id.toString('latin1')}`

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
  private deltas: Deltas = new Map()
  private parentDeltas: Deltas = new Map()
  private readonly selectShare: Database.Statement
  private readonly upsertShare: Database.Statement
  private readonly deleteShare: Database.Statement
  private readonly upsertTotal: Database.Statement
  private readonly dropEmpty: Database.Statement
  private readonly upsertParent: Database.Statement
  private readonly dropEmptyParent: Database.Statement

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
    this.upsertParent = db.prepare(
      `INSERT INTO parent_usage (session, parent, model, calls, ${COUNTS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET calls = calls + excluded.calls,
       ${USAGE_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    )
    this.dropEmptyParent = db.prepare(
      'DELETE FROM parent_usage WHERE session = ? AND parent = ? AND model = ? AND calls <= 0',
    )
  }

  /** Starts a batch: nothing pending. */
  reset(): void {
    this.deltas = new Map()
    this.parentDeltas = new Map()
  }

  /** The pending sums, to restore when one record of a batch is rolled back. */
  snapshot(): [Deltas, Deltas] {
    return [cloneDeltas(this.deltas), cloneDeltas(this.parentDeltas)]
  }

  restore([deltas, parentDeltas]: [Deltas, Deltas]): void {
    this.deltas = deltas
    this.parentDeltas = parentDeltas
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
    if (old) this.add(at.sid, old.agent, old.parent, old.model, old.counts, -1)
    if (next) this.keep(place, agent ?? old?.agent ?? 0, next)
    else if (old) this.deleteShare.run(at.sid, at.startTime, at.spanId)
  }

  /** Folds the batch's sums in: one upsert per (session, agent, model) and (session, parent, model). */
  flush(): void {
    for (const d of this.deltas.values()) {
      this.upsertTotal.run(d.session, d.by, d.model, d.calls, ...d.counts)
      if (d.calls < 0) this.dropEmpty.run(d.session, d.by, d.model)
    }
    for (const d of this.parentDeltas.values()) {
      this.upsertParent.run(d.session, d.by, d.model, d.calls, ...d.counts)
      if (d.calls < 0) this.dropEmptyParent.run(d.session, d.by, d.model)
    }
    this.reset()
  }

  private keep(at: SpanPlace, agent: number, u: TokenUsage): void {
    const counts = countsOfUsage(u)
    const model = u.model ?? ''
    this.upsertShare.run(at.sid, at.startTime, at.spanId, at.parentId, agent, model, ...counts)
    this.add(at.sid, agent, at.parentId, model, counts, 1)
  }

  private add(
    session: number,
    agent: number,
    parent: string | Buffer | null,
    model: string,
    counts: Array<number | null>,
    sign: 1 | -1,
  ): void {
    bump(
      this.deltas,
      `${session}\u0000${agent}\u0000${model}`,
      { session, by: agent, model },
      counts,
      sign,
    )
    if (parent !== null)
      bump(
        this.parentDeltas,
        `${session}\u0000${idKey(parent)}\u0000${model}`,
        { session, by: parent, model },
        counts,
        sign,
      )
  }
}
