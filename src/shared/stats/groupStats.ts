// Span statistics grouped by span name, agent, workflow (the run's name), user or time window:
// count, error rate, duration percentiles and a histogram, total and self time, tokens and cost.
// One pass over the spans, any source; self time is resolved at the end, when every span's
// children are known. Shared by `tracescope stats --group-by` and the viewer.
import type { Attributes, Span, SpanStatus } from '../domain'
import { activePrices, costOf, type PriceTable } from '../genai/pricing'
import { totalTokens, tokenUsage, type TokenUsage } from '../genai/usage'
import { overlapMs, selfTime } from './selfTime'

export const GROUP_BYS = ['name', 'agent', 'workflow', 'user', 'window'] as const
export type GroupBy = (typeof GROUP_BYS)[number]

/** What statistics need of a span (Span fits). */
export interface StatsSpan {
  sessionId: string
  spanId: string
  parentSpanId: string | null
  name: string
  agentId: string | null
  startTime: number
  durationMs: number | null
  status: SpanStatus
  attributes: Attributes
}

/** The time window of window grouping when none is given: an hour. */
export const DEFAULT_WINDOW_MS = 3_600_000

/** Upper edges of the histogram's bins (ms); the last bin holds everything longer. */
export const HISTOGRAM_EDGES_MS = [1, 10, 100, 1000, 10_000, 100_000] as const

export interface GroupStats {
  /** the span name, agent, workflow, user, or the window's start (UTC, `2026-11-30 09:00`) */
  key: string
  count: number
  errors: number
  errorRate: number
  avgMs: number | null
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
  /** the group's spans' durations summed */
  totalMs: number
  /**
   * the part of that time not spent in a child span: each child's time inside its parent's
   * interval taken off (summed, never below 0)
   */
  selfMs: number
  /** null when no span of the group reports tokens */
  tokens: number | null
  /** null when nothing in the group was priced */
  costUsd: number | null
  /** spans per duration bin: < 1 ms, < 10 ms, … < 100 s, ≥ 100 s */
  histogram: number[]
}

// Attribute keys under which sources and instrumentations record the person a run was for
const USER_KEYS = ['enduser.id', 'user.id', 'user.name', 'user', 'resource.enduser.id']

export function userOf(attrs: Attributes): string | null {
  for (const k of USER_KEYS) {
    const v = attrs[k]
    if (typeof v === 'string' && v) return v
    if (typeof v === 'number') return String(v)
  }
  return null
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

/** What a grouped statistics read covers. */
export interface StatsRequest {
  groupBy: GroupBy
  since?: number
  until?: number
  sessionId?: string
  windowMs?: number
  /** only the spans matching this filter expression (src/shared/filter, docs/filter.md) */
  where?: string
  /** also answer the slowest spans of the group with this key */
  slowestOf?: string
}

export interface StatsResult {
  spans: number
  groups: GroupStats[]
  /** the slowest spans of `slowestOf`'s group, slowest first, without attributes */
  slowest?: Span[]
}

export interface StatsOptions {
  groupBy: GroupBy
  /** the run's name of a session (workflow grouping); null groups under the session id */
  workflowOf?: (sessionId: string) => string | null
  /** bucket size of window grouping (default one hour) */
  windowMs?: number
  prices?: PriceTable
}

/** A group's running figures: one home for how a span's figures add up. */
export interface GroupTally {
  key: string
  count: number
  errors: number
  totalMs: number
  selfMs: number
  tokens: number | null
  costUsd: number | null
  histogram: number[]
}

export function newTally(key: string): GroupTally {
  return {
    key,
    count: 0,
    errors: 0,
    totalMs: 0,
    selfMs: 0,
    tokens: null,
    costUsd: null,
    histogram: new Array<number>(HISTOGRAM_EDGES_MS.length + 1).fill(0),
  }
}

/** A span's duration as statistics count it: null when unknown or not a finite number. */
export function countedDuration(ms: number | null | undefined): number | null {
  return ms !== null && ms !== undefined && Number.isFinite(ms) ? ms : null
}

/** Adds a known duration (countedDuration's) to the group's total and histogram. */
export function tallyDuration(g: GroupTally, ms: number): void {
  g.totalMs += ms
  let i = 0
  while (i < HISTOGRAM_EDGES_MS.length && ms >= HISTOGRAM_EDGES_MS[i]) i++
  g.histogram[i]++
}

/** Adds a span's token counts and their price to the group. */
export function tallyUsage(g: GroupTally, usage: TokenUsage, prices: PriceTable): void {
  g.tokens = (g.tokens ?? 0) + totalTokens(usage)
  const c = costOf(usage, prices).costUsd
  if (c !== null) g.costUsd = (g.costUsd ?? 0) + c
}

export { overlapMs, selfTime } from './selfTime'

/** The figures of a tallied group; `sorted` are its known durations, ascending. */
export function groupStatsOf(g: GroupTally, sorted: Float64Array): GroupStats {
  return {
    key: g.key,
    count: g.count,
    errors: g.errors,
    errorRate: g.count ? g.errors / g.count : 0,
    avgMs: sorted.length ? g.totalMs / sorted.length : null,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    totalMs: g.totalMs,
    selfMs: g.selfMs,
    tokens: g.tokens,
    costUsd: g.costUsd,
    histogram: g.histogram,
  }
}

/** The groups, largest count first (ties by key); windows in time order. Sorts `out`. */
export function orderGroups(out: GroupStats[], groupBy: GroupBy): GroupStats[] {
  const byKey = (a: GroupStats, b: GroupStats): number =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0
  return out.sort(groupBy === 'window' ? byKey : (a, b) => b.count - a.count || byKey(a, b))
}

const NONE = '(none)'

interface Group extends GroupTally {
  durations: number[]
}

export class StatsAccumulator {
  private readonly groups = new Map<string, Group>()
  // per span, for self time: its group, its start and duration, and its parent's key
  private readonly index = new Map<string, number>()
  private readonly spanGroup: Group[] = []
  private readonly spanStart: number[] = []
  private readonly spanDuration: number[] = []
  private readonly spanParent: Array<string | null> = []
  // per span, the earlier span with the same key (-1 for none)
  private readonly sameId: number[] = []
  private readonly prices: PriceTable
  private readonly windowMs: number
  spans = 0

  constructor(private readonly opts: StatsOptions) {
    this.prices = opts.prices ?? activePrices()
    this.windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS
  }

  /** The group a span falls in. */
  keyOf(s: StatsSpan): string {
    switch (this.opts.groupBy) {
      case 'name':
        return s.name
      case 'agent':
        return s.agentId ?? NONE
      case 'workflow':
        return this.opts.workflowOf?.(s.sessionId) ?? s.sessionId
      case 'user':
        return userOf(s.attributes) ?? NONE
      case 'window':
        return this.windowOf(s.startTime)
    }
  }

  /** A time window's key: its start, UTC, to the minute (sorts as text, fits a terminal). */
  windowOf(time: number): string {
    return new Date(Math.floor(time / this.windowMs) * this.windowMs)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ')
  }

  /** Adds a span; returns its group's key. */
  add(s: StatsSpan): string {
    const key = this.keyOf(s)
    this.addFigures(
      key,
      s.startTime,
      s.durationMs,
      s.status === 'error',
      tokenUsage(s.attributes),
      `${s.sessionId}\u0000${s.spanId}`,
      s.parentSpanId !== null && s.parentSpanId !== s.spanId
        ? `${s.sessionId}\u0000${s.parentSpanId}`
        : null,
    )
    return key
  }

  /**
   * Adds one span's figures under `key`. `self` and `parent` are any keys unique within the read
   * that link a span to its parent; a span id met twice (a span recorded with two start times)
   * has its children's time taken from each.
   */
  addFigures(
    key: string,
    startTime: number,
    durationMs: number | null,
    failed: boolean,
    usage: TokenUsage | null,
    self: string,
    parent: string | null,
  ): void {
    this.spans++
    let g = this.groups.get(key)
    if (!g) this.groups.set(key, (g = { ...newTally(key), durations: [] }))
    g.count++
    if (failed) g.errors++
    const d = countedDuration(durationMs)
    if (d !== null) {
      g.durations.push(d)
      tallyDuration(g, d)
    }
    if (usage) tallyUsage(g, usage, this.prices)
    const same = this.index.get(self)
    this.index.set(self, this.spanGroup.length)
    this.sameId.push(same ?? -1)
    this.spanGroup.push(g)
    this.spanStart.push(startTime)
    this.spanDuration.push(d ?? 0)
    this.spanParent.push(parent)
  }

  /** The groups, largest count first (ties by key); windows in time order. */
  result(): GroupStats[] {
    const children = new Float64Array(this.spanGroup.length)
    for (let i = 0; i < this.spanParent.length; i++) {
      const p = this.spanParent[i]
      if (p === null) continue
      const start = this.spanStart[i]
      const end = start + this.spanDuration[i]
      for (let pi = this.index.get(p) ?? -1; pi >= 0; pi = this.sameId[pi]) {
        const ps = this.spanStart[pi]
        children[pi] += overlapMs(ps, ps + this.spanDuration[pi], start, end)
      }
    }
    for (const g of this.groups.values()) g.selfMs = 0
    for (let i = 0; i < this.spanGroup.length; i++)
      this.spanGroup[i].selfMs += selfTime(this.spanDuration[i], children[i])
    const out: GroupStats[] = []
    for (const g of this.groups.values())
      out.push(groupStatsOf(g, Float64Array.from(g.durations).sort()))
    return orderGroups(out, this.opts.groupBy)
  }
}
