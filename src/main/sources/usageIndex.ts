// Complete tokens and cost of every session of a file Tracescope only reads (other tools' files,
// its own stores from before schema v5 opened read-only): one pass over all the file's spans,
// in parts, keeping per session, agent and model the summed counts (and the cost the source
// recorded, flujo). Kept until the file changes (its change token); priced when read, so a
// price saved in Settings needs no new pass. The pass is the adapter's own aggregate SQL when it
// has one (flujo: FlujoSource.usageScan), else the spans read a page at a time.
//
// The pass runs synchronously for up to `budgetMs` (50 ms: the sessions list's target). A file
// whose pass takes longer is finished in the background, a page at a time between queries;
// until then a session's totals are `pending` — shown as "…", never as a partial sum. When a
// pass ends in the background, `generation` moves, and the source's change token with it
// (readTimeUsage.ts), so open lists and headers read the figures again.
//
// Beside the totals, the pass keeps per session the Σ of each parent span's children's calls
// (per model, priced when read): the Σ of parent spans then needs only the spans that are parents
// (sessionSubtreeUsage.ts), not a second read of every span.
//
// A file that changes while it is open (a writer appends) keeps the totals of its last complete
// pass until the next one ends; passes start at most every `max(1 s, 4 × last pass)`, so a
// growing file is not scanned back to back.
import type { TraceQueries } from '../../shared/queries'
import type { PriceTable } from '../../shared/genai/pricing'
import { tokenUsage, usageOfCounts, USAGE_FIELDS } from '../../shared/genai/usage'
import {
  addUsage,
  emptyTotals,
  mergeTotals,
  type UsageTotals,
} from '../../shared/genai/usageTotals'
import { runInTurns } from './stepsInTurns'

/** spans read per step of a pass (one page) */
export const PASS_PAGE = 5_000

/** calls of one session, agent and model, summed; priced when read */
export interface UsageSums {
  sessionId: string
  /** the calls' parent span (null: roots) */
  parentId: string | null
  agent: string
  model: string
  /** the calls' cost was recorded by the source (summed in `recordedUsd`) */
  recorded: boolean
  calls: number
  /** in USAGE_FIELDS order */
  counts: number[]
  recordedUsd: number
}

type Bucket = Omit<UsageSums, 'sessionId' | 'parentId'>

/** One pass over a file, a part at a time. */
export interface UsageScan {
  /** reads the next part, handing its sums to `add`; false once nothing is left */
  step(add: (s: UsageSums) => void): boolean
}

/** An adapter that sums its file's calls in SQL; null when it cannot (then pages are read). */
export interface HasUsageScan {
  usageScan(): UsageScan | null
}

/** The spans of the whole file a page at a time, summed by tokenUsage (any adapter). */
export function pageScan(source: Pick<TraceQueries, 'listSpans'>): UsageScan {
  let cursor: string | null = null
  return {
    step(add) {
      const page = source.listSpans({
        limit: PASS_PAGE,
        cursor: cursor ?? undefined,
        withAttributes: true,
      })
      for (const s of page.items) {
        const u = tokenUsage(s.attributes)
        if (!u) continue
        add({
          sessionId: s.sessionId,
          parentId: s.parentSpanId,
          agent: s.agentId ?? '',
          model: u.model ?? '',
          recorded: u.recordedCostUsd !== null,
          calls: 1,
          counts: USAGE_FIELDS.map((f) => u[f] ?? 0),
          recordedUsd: u.recordedCostUsd ?? 0,
        })
      }
      cursor = page.nextCursor
      return cursor !== null
    },
  }
}

type SessionBuckets = Map<string, Bucket>
/** parent span id → its children's calls by model and recorded cost */
type ChildBuckets = Map<string, Map<string, Bucket>>

/** what a complete pass found */
interface PassFigures {
  buckets: Map<string, SessionBuckets>
  children: Map<string, ChildBuckets>
}

export interface SessionUsageParts {
  session: UsageTotals
  byAgent: Map<string, UsageTotals>
  byModel: Map<string, UsageTotals>
}

export interface UsageIndexOptions {
  /** finish a long pass in the background (app, serve) rather than at once (CLI) */
  background: boolean
  /** ms of a pass run synchronously before the rest goes to the background */
  budgetMs?: number
  /** shortest wait between two passes of a changing file */
  minIntervalMs?: number
}

interface Pass extends PassFigures {
  token: number
  scan: UsageScan
  started: number
  steps: number
  /** part of it ran after the call that started it returned: its figures are news */
  late: boolean
}

type Source = Pick<TraceQueries, 'listSpans' | 'changeToken'> & Partial<HasUsageScan>

export class UsageIndex {
  /** moves each time a pass completes in the background (the figures shown are old) */
  generation = 0
  /** why the last pass stopped, when it failed (the file went away, could not be read) */
  failure: string | null = null

  private done: (PassFigures & { token: number; ms: number; serial: number }) | null = null
  private serial = 0
  private pass: Pass | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastEnd = 0
  private closed = false
  /** a pass is being started by the timer, not by a call that will return its figures */
  private unasked = false

  constructor(
    private readonly source: Source,
    private readonly opts: UsageIndexOptions,
  ) {}

  /** stops any background work (the source is closing) */
  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pass = null
  }

  /** parts read by the running pass, for tests */
  get passSteps(): number {
    return this.pass?.steps ?? 0
  }

  /** names the complete pass whose figures are shown (moves with each one) */
  get passSerial(): number {
    return this.done?.serial ?? 0
  }

  /** how long the last complete pass took, ms */
  get lastPassMs(): number | null {
    return this.done?.ms ?? null
  }

  /**
   * The session's summed calls, or the whole file's without an id: null when it has no token
   * counts, 'pending' while the first pass runs.
   */
  parts(
    sessionId: string | undefined,
    table: PriceTable,
    withBreakdown = false,
    buckets = this.current(),
  ): SessionUsageParts | null | 'pending' {
    if (buckets === 'pending') return 'pending'
    if (!buckets) return null
    const sessions = sessionId === undefined ? [...buckets.values()] : [buckets.get(sessionId)]
    const session = emptyTotals()
    const byAgent = new Map<string, UsageTotals>()
    const byModel = new Map<string, UsageTotals>()
    let any = false
    for (const s of sessions) {
      if (!s) continue
      for (const b of s.values()) {
        any = true
        const t = priced(b, table)
        mergeTotals(session, t)
        if (!withBreakdown) continue
        for (const [m, k] of [
          [byAgent, b.agent],
          [byModel, b.model],
        ] as const) {
          const into = m.get(k)
          if (into) mergeTotals(into, t)
          else m.set(k, mergeTotals(emptyTotals(), t))
        }
      }
    }
    return any ? { session, byAgent, byModel } : null
  }

  /**
   * The session's parent spans (by id) with the Σ of their children's calls, each child's own
   * call only: 'pending' while the first pass runs.
   */
  childSums(sessionId: string, table: PriceTable): Map<string, UsageTotals> | 'pending' {
    const buckets = this.current()
    if (buckets === 'pending') return 'pending'
    const sums = new Map<string, UsageTotals>()
    if (!buckets || !this.done) return sums
    for (const [parent, byModel] of this.done.children.get(sessionId) ?? []) {
      const t = emptyTotals()
      for (const b of byModel.values()) mergeTotals(t, priced(b, table))
      sums.set(parent, t)
    }
    return sums
  }

  /**
   * Sessions' totals (one look at the file's change token for all of them): null without
   * token counts, 'pending' while the first pass runs.
   */
  totals(sessionIds: readonly string[], table: PriceTable): Array<UsageTotals | null | 'pending'> {
    const buckets = this.current()
    return sessionIds.map((id) => {
      const p = this.parts(id, table, false, buckets)
      return p === 'pending' || p === null ? p : p.session
    })
  }

  /** the buckets of the last complete pass (starting one when the file changed), or pending */
  private current(): Map<string, SessionBuckets> | null | 'pending' {
    if (this.failure !== null && !this.done) return null
    let token: number
    try {
      token = this.source.changeToken()
    } catch (e) {
      this.failure = (e as Error).message
      return this.done?.buckets ?? null
    }
    if (!this.done || this.done.token !== token) this.startPass(token)
    if (this.done) return this.done.buckets
    return this.failure !== null ? null : 'pending'
  }

  private startPass(token: number): void {
    if (this.closed || this.pass?.token === token) return
    const wait = this.done
      ? this.lastEnd + Math.max(this.opts.minIntervalMs ?? 1_000, 4 * this.done.ms) - Date.now()
      : 0
    if (wait > 0 && this.opts.background) {
      // a file being written: the last complete totals stand until the next pass
      this.timer ??= setTimeout(() => {
        this.timer = null
        // nobody waits on this pass: what it finds is news to every view
        this.unasked = true
        this.current()
        this.unasked = false
      }, wait)
      return
    }
    this.failure = null
    let scan: UsageScan
    try {
      scan = this.source.usageScan?.() ?? pageScan(this.source)
    } catch (e) {
      this.failure = (e as Error).message
      return
    }
    this.pass = {
      token,
      scan,
      buckets: new Map(),
      children: new Map(),
      started: performance.now(),
      steps: 0,
      // figures that replace earlier ones are news to every view shown those, whichever look
      // (a view's or the timer's) happens to start the pass
      late: this.unasked || this.done !== null,
    }
    this.run(this.pass, this.opts.background ? (this.opts.budgetMs ?? 50) : Infinity)
  }

  /** reads parts of `pass` for up to `budgetMs`, the rest between the open views' queries */
  private run(pass: Pass, budgetMs: number): void {
    runInTurns(
      {
        step: () => this.step(pass),
        wanted: () => this.pass === pass && !this.closed,
        done: (late) => {
          if (late) pass.late = true
          this.finish(pass)
        },
        failed: (e) => {
          if (this.pass !== pass) return
          this.pass = null
          this.failure = e.message
        },
      },
      budgetMs,
    )
  }

  /** reads one part into the pass; true when it was the last */
  private step(pass: Pass): boolean {
    pass.steps++
    const more = pass.scan.step((x) => {
      addTo(mapIn(pass.buckets, x.sessionId), `${x.agent}\u0000${x.model}\u0000${+x.recorded}`, x)
      if (x.parentId === null) return
      const parents = mapIn(pass.children, x.sessionId)
      // by model alone: the Σ of parent spans is not split by agent
      addTo(mapIn(parents, x.parentId), `${x.model}\u0000${+x.recorded}`, { ...x, agent: '' })
    })
    return !more
  }

  private finish(pass: Pass): void {
    if (this.pass !== pass) return
    this.pass = null
    this.lastEnd = Date.now()
    // a file that changed during the pass is read again at the next look (after the interval)
    this.done = {
      token: pass.token,
      buckets: pass.buckets,
      children: pass.children,
      ms: performance.now() - pass.started,
      serial: ++this.serial,
    }
    // figures whoever asked did not get (they saw "…" or the last pass's): views read again.
    // A pass done within the call that asked changes nothing anyone was shown.
    if (pass.late) this.generation++
  }
}

/** the calls of a bucket priced as one sum (priced when read: a new price needs no new pass) */
function priced(b: Bucket, table: PriceTable): UsageTotals {
  const usage = usageOfCounts(b.counts, b.model)
  if (b.recorded) usage.recordedCostUsd = b.recordedUsd
  return addUsage(emptyTotals(), usage, table, b.calls)
}

function mapIn<V>(m: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = m.get(key)
  if (!inner) m.set(key, (inner = new Map()))
  return inner
}

function addTo(m: Map<string, Bucket>, key: string, x: UsageSums): void {
  const b = m.get(key)
  if (!b) {
    m.set(key, {
      agent: x.agent,
      model: x.model,
      recorded: x.recorded,
      calls: x.calls,
      counts: [...x.counts],
      recordedUsd: x.recordedUsd,
    })
    return
  }
  b.calls += x.calls
  for (let i = 0; i < x.counts.length; i++) b.counts[i] += x.counts[i]
  b.recordedUsd += x.recordedUsd
}
