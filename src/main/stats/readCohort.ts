// A cohort comparison over any source: the spans in range (optionally one span name) split into
// a selection — failed spans, the slowest N %, the spans of some sessions, or the spans matching
// a filter expression — and the rest. The slowest N % takes a first, attribute-free pass for the
// duration threshold. A filter is evaluated in the pass itself by the one evaluator, which
// answers what every source's listSpans answers for SpanQuery.where — except free text, which
// Tracescope's store matches by whole words in its full-text index: a filter with free text takes
// a first pass through listSpans for the ids it selects (measured: that pass costs about as much
// as the pass with attributes, bench/statsBench.ts).
import type { Span } from '../../shared/domain'
import { MAX_PAGE, type TraceQueries } from '../../shared/queries'
import {
  CohortAccumulator,
  type CohortAnswer,
  type CohortRequest,
  type Selection,
} from '../../shared/stats/cohort'
import { percentile } from '../../shared/stats/groupStats'
import { allPages } from '../exchange/paging'
import { evaluateFilter, hasFreeText, parseFilterOrThrow } from '../../shared/filter'

export type { CohortAnswer, CohortRequest, Selection }

function pages(q: TraceQueries, req: CohortRequest, withAttributes: boolean, where?: string) {
  return allPages<Span>(
    (cursor, limit) =>
      q.listSpans({
        name: req.name,
        since: req.since,
        where,
        order: 'asc',
        cursor,
        limit,
        withAttributes,
      }),
    MAX_PAGE,
  )
}

/** a span's identity across sessions (span ids are unique only within their session) */
const spanKey = (s: Span): string => `${s.sessionId}\u0000${s.spanId}`

export function readCohort(q: TraceQueries, req: CohortRequest): CohortAnswer {
  // a source that can read its own rows without building spans does (Tracescope's store)
  if (q.cohort) return q.cohort(req)
  const sel = req.selection
  let threshold: number | null = null
  if (sel.kind === 'slowest') {
    const d: number[] = []
    for (const page of pages(q, req, false))
      for (const s of page) if (s.durationMs !== null) d.push(s.durationMs)
    d.sort((a, b) => a - b)
    threshold = percentile(d, 100 - sel.percent)
  }
  const sessions = sel.kind === 'sessions' ? new Set(sel.sessionIds) : null
  const filter = sel.kind === 'where' ? parseFilterOrThrow(sel.where) : null
  const matching = sel.kind === 'where' && hasFreeText(filter) ? new Set<string>() : null
  if (matching && sel.kind === 'where')
    for (const page of pages(q, req, false, sel.where))
      for (const s of page) matching.add(spanKey(s))
  const selected = (s: Span): boolean =>
    sel.kind === 'failed'
      ? s.status === 'error'
      : sel.kind === 'slowest'
        ? threshold !== null && s.durationMs !== null && s.durationMs >= threshold
        : sel.kind === 'where'
          ? matching
            ? matching.has(spanKey(s))
            : evaluateFilter(filter, s)
          : sessions!.has(s.sessionId)
  const acc = new CohortAccumulator()
  for (const page of pages(q, req, true)) for (const s of page) acc.add(s, selected(s))
  return {
    ...acc.result(req.limit),
    ...(sel.kind === 'slowest' && { thresholdMs: threshold }),
  }
}
