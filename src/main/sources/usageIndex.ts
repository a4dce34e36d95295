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

/** spans read per step of a pass (one page) */
export const PASS_PAGE = 5_000

/** calls of one session, agent and model, summed; priced when read */
export interface UsageSums {
  sessionId: string
  agent: string
  model: string
  /** the calls' cost was recorded by the source (summed in `recordedUsd`) */
  recorded: boolean
  calls: number
  /** in USAGE_FIELDS order */
  counts: number[]
  recordedUsd: number
}

type Bucket = Omit<UsageSums, 'sessionId'>

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

interface Pass {
  token: number
  scan: UsageScan
  buckets: Map<string, SessionBuckets>
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

  private done: { token: number; buckets: Map<string, SessionBuckets>; ms: number } | null = null
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
        const usage = usageOfCounts(b.counts, b.model)
        if (b.recorded) usage.recordedCostUsd = b.recordedUsd
        const t = addUsage(emptyTotals(), usage, table, b.calls)
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
      started: performance.now(),
      steps: 0,
      // figures that replace earlier ones are news to every view shown those, whichever look
      // (a view's or the timer's) happens to start the pass
      late: this.unasked || this.done !== null,
    }
    this.run(this.pass, this.opts.background ? (this.opts.budgetMs ?? 50) : Infinity)
  }

  /** reads pages of `pass` for up to `budgetMs`, then hands the rest to the event loop */
  private run(pass: Pass, budgetMs: number): void {
    const until = performance.now() + budgetMs
    try {
      do {
        if (this.step(pass)) return this.finish(pass)
      } while (performance.now() < until)
    } catch (e) {
      if (this.pass === pass) {
        this.pass = null
        this.failure = (e as Error).message
      }
      return
    }
    // one part per turn of the event loop: queries of the open views go between them
    pass.late = true
    setImmediate(() => {
      if (this.pass === pass && !this.closed) this.run(pass, 0)
    })
  }

  /** reads one part into the pass; true when it was the last */
  private step(pass: Pass): boolean {
    pass.steps++
    const more = pass.scan.step((x) => {
      let session = pass.buckets.get(x.sessionId)
      if (!session) pass.buckets.set(x.sessionId, (session = new Map()))
      const key = `${x.agent}\u0000${x.model}\u0000${x.recorded ? 1 : 0}`
      const b = session.get(key)
      if (!b) {
        const { sessionId: _id, ...bucket } = x
        session.set(key, { ...bucket, counts: [...x.counts] })
        return
      }
      b.calls += x.calls
      x.counts.forEach((n, i) => (b.counts[i] += n))
      b.recordedUsd += x.recordedUsd
    })
    return !more
  }

  private finish(pass: Pass): void {
    if (this.pass !== pass) return
    this.pass = null
    this.lastEnd = Date.now()
    // a file that changed during the pass is read again at the next look (after the interval)
    this.done = { token: pass.token, buckets: pass.buckets, ms: performance.now() - pass.started }
    // figures whoever asked did not get (they saw "…" or the last pass's): views read again.
    // A pass done within the call that asked changes nothing anyone was shown.
    if (pass.late) this.generation++
  }
}
