// What changed between two runs: the aligned steps (alignRuns.ts) with, for each, duration A / B
// and the delta, status change, tokens and cost delta, attribute keys added / removed / changed,
// and whether the LLM messages differ; a summary of both runs; and the steps ranked by impact.
// Pure and iterative, shared by `tracescope diff` and the Compare view.
import type { Span, SpanStatus } from '../domain'
import { readConversation } from '../genai/conversation'
import type { ConversationEvent } from '../genai/conversationTypes'
import { conversationText } from '../genai/conversationText'
import { activePrices, type PriceTable } from '../genai/pricing'
import { totalTokens, tokenUsage } from '../genai/usage'
import { addUsage, emptyTotals } from '../genai/usageTotals'
import { alignRuns, pathsOf, type AlignedStep } from './alignRuns'

export interface RunInput {
  spans: readonly Span[]
  /**
   * The session's own duration, as the sessions list and header show it; when null or absent,
   * the spans' extent (first start to last end) stands in. A run's spans can cover less than
   * its session: Compare said 5.3 s of a run the list called 40 s.
   */
  durationMs?: number | null
  /** span events by span id: some conventions carry prompts and completions on events */
  eventsBySpan?: ReadonlyMap<string, ConversationEvent[]>
}

export type StepChange = 'changed' | 'added' | 'removed' | 'same'

export interface StepSide {
  spanId: string
  status: SpanStatus
  statusMessage: string | null
  durationMs: number | null
  /** input + output (or unsplit) tokens; null when the span reports none */
  tokens: number | null
  /** null when the span has no tokens or its model has no price */
  costUsd: number | null
}

export interface StepDiff {
  index: number
  parentIndex: number | null
  depth: number
  /** the span name */
  name: string
  agent: string | null
  /** 1-based among siblings with the same agent and name */
  ordinal: number
  path: string
  change: StepChange
  a: StepSide | null
  b: StepSide | null
  /** B − A; null unless both sides have a duration */
  durationDeltaMs: number | null
  /** 'slower' / 'faster' when the delta passes the threshold, else null */
  timing: 'slower' | 'faster' | null
  statusChanged: boolean
  tokensDelta: number | null
  costDeltaUsd: number | null
  attributes: { added: string[]; removed: string[]; changed: string[] }
  messagesChanged: boolean
  /** for ranking: failures first, then the largest time difference */
  impact: number
}

export interface Compared {
  a: number | null
  b: number | null
  /** b − a, null when either is unknown */
  delta: number | null
}

export interface RunSummary {
  durationMs: Compared
  tokens: Compared
  costUsd: Compared
  errors: Compared
  spans: Compared
  steps: Record<StepChange, number>
}

export interface RunDiff {
  summary: RunSummary
  /** the merged tree in depth-first order */
  steps: StepDiff[]
}

export interface DiffOptions {
  prices?: PriceTable
  /** a duration difference counts when above both (default 1 ms and 10 % of the longer side) */
  minDeltaMs?: number
  minDeltaRatio?: number
}

function compared(a: number | null, b: number | null): Compared {
  return { a, b, delta: a !== null && b !== null ? b - a : null }
}

function durationOf(s: Span): number | null {
  return s.durationMs ?? (s.endTime !== null ? s.endTime - s.startTime : null)
}

function sideOf(s: Span, prices: PriceTable): StepSide {
  const u = tokenUsage(s.attributes)
  return {
    spanId: s.spanId,
    status: s.status,
    statusMessage: s.statusMessage,
    durationMs: durationOf(s),
    tokens: u ? totalTokens(u) : null,
    costUsd: u ? addUsage(emptyTotals(), u, prices).costUsd : null,
  }
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false
  return JSON.stringify(x) === JSON.stringify(y)
}

function attributeChanges(a: Span, b: Span): StepDiff['attributes'] {
  const added: string[] = []
  const removed: string[] = []
  const changed: string[] = []
  for (const k of Object.keys(a.attributes)) {
    if (!(k in b.attributes)) removed.push(k)
    else if (!sameValue(a.attributes[k], b.attributes[k])) changed.push(k)
  }
  for (const k of Object.keys(b.attributes)) if (!(k in a.attributes)) added.push(k)
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() }
}

/** The span's prompts and completions as text, or null when it carries none. */
export function messagesOf(
  s: Span,
  events?: ReadonlyMap<string, ConversationEvent[]>,
): string | null {
  const c = readConversation(s.attributes, events?.get(s.spanId) ?? [])
  return c ? conversationText(c) : null
}

function minus(a: number | null | undefined, b: number | null | undefined): number | null {
  return a !== null && a !== undefined && b !== null && b !== undefined ? b - a : null
}

function diffStep(
  step: AlignedStep<Span>,
  path: string,
  runA: RunInput,
  runB: RunInput,
  opts: Required<DiffOptions>,
): StepDiff {
  const a = step.a ? sideOf(step.a, opts.prices) : null
  const b = step.b ? sideOf(step.b, opts.prices) : null
  const durationDeltaMs = minus(a?.durationMs, b?.durationMs)
  const longer = Math.max(a?.durationMs ?? 0, b?.durationMs ?? 0)
  const threshold = Math.max(opts.minDeltaMs, opts.minDeltaRatio * longer)
  const timing =
    durationDeltaMs === null || Math.abs(durationDeltaMs) <= threshold
      ? null
      : durationDeltaMs > 0
        ? 'slower'
        : 'faster'
  const statusChanged = a !== null && b !== null && a.status !== b.status
  const attributes =
    step.a && step.b ? attributeChanges(step.a, step.b) : { added: [], removed: [], changed: [] }
  const messagesChanged =
    step.a !== null &&
    step.b !== null &&
    messagesOf(step.a, runA.eventsBySpan) !== messagesOf(step.b, runB.eventsBySpan)
  const tokensDelta =
    a && b && (a.tokens !== null || b.tokens !== null) ? (b.tokens ?? 0) - (a.tokens ?? 0) : null
  const costDeltaUsd =
    a && b && (a.costUsd !== null || b.costUsd !== null)
      ? (b.costUsd ?? 0) - (a.costUsd ?? 0)
      : null
  const change: StepChange = !a
    ? 'added'
    : !b
      ? 'removed'
      : statusChanged ||
          timing !== null ||
          (tokensDelta ?? 0) !== 0 ||
          attributes.added.length + attributes.removed.length + attributes.changed.length > 0 ||
          messagesChanged
        ? 'changed'
        : 'same'
  const failed = (a?.status === 'error') !== (b?.status === 'error')
  const time = Math.abs(durationDeltaMs ?? a?.durationMs ?? b?.durationMs ?? 0)
  return {
    index: step.index,
    parentIndex: step.parentIndex,
    depth: step.depth,
    name: step.segment.name,
    agent: step.segment.agent,
    ordinal: step.segment.ordinal,
    path,
    change,
    a,
    b,
    durationDeltaMs,
    timing,
    statusChanged,
    tokensDelta,
    costDeltaUsd,
    attributes,
    messagesChanged,
    // a step that starts or stops failing outranks any time difference
    impact: change === 'same' ? 0 : (failed ? 1e15 : 0) + time,
  }
}

function totals(run: RunInput, prices: PriceTable) {
  let start = Infinity
  let end = -Infinity
  let errors = 0
  let tokens: number | null = null
  let cost: number | null = null
  for (const s of run.spans) {
    start = Math.min(start, s.startTime)
    const d = durationOf(s)
    end = Math.max(end, d !== null ? s.startTime + d : s.startTime)
    if (s.status === 'error') errors++
    const u = tokenUsage(s.attributes)
    if (u) {
      tokens = (tokens ?? 0) + totalTokens(u)
      const c = addUsage(emptyTotals(), u, prices).costUsd
      if (c !== null) cost = (cost ?? 0) + c
    }
  }
  return {
    durationMs: run.durationMs ?? (run.spans.length ? end - start : null),
    tokens,
    cost,
    errors,
    spans: run.spans.length,
  }
}

export function diffRuns(runA: RunInput, runB: RunInput, options: DiffOptions = {}): RunDiff {
  const opts: Required<DiffOptions> = {
    prices: options.prices ?? activePrices(),
    minDeltaMs: options.minDeltaMs ?? 1,
    minDeltaRatio: options.minDeltaRatio ?? 0.1,
  }
  const aligned = alignRuns(runA.spans, runB.spans)
  const paths = pathsOf(aligned)
  const steps = aligned.map((s, i) => diffStep(s, paths[i], runA, runB, opts))
  const ta = totals(runA, opts.prices)
  const tb = totals(runB, opts.prices)
  const counts: Record<StepChange, number> = { changed: 0, added: 0, removed: 0, same: 0 }
  for (const s of steps) counts[s.change]++
  return {
    summary: {
      durationMs: compared(ta.durationMs, tb.durationMs),
      tokens: compared(ta.tokens, tb.tokens),
      costUsd: compared(ta.cost, tb.cost),
      errors: compared(ta.errors, tb.errors),
      spans: compared(ta.spans, tb.spans),
      steps: counts,
    },
    steps,
  }
}

/** The steps that differ, most impact first (ties in tree order). */
export function rankByImpact(steps: readonly StepDiff[]): StepDiff[] {
  return steps
    .filter((s) => s.change !== 'same')
    .sort((x, y) => y.impact - x.impact || x.index - y.index)
}
