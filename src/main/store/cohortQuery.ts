// A cohort comparison over the store's own rows: readCohort's rules (src/main/stats/readCohort.ts)
// without a Span per row. Each figure is read as its own column, all in listSpans' order (a score
// adds up its values' shares in the order they were first met): name and status packed in one
// number as listSpans reads them, the agent, the duration when the selection needs it, and the
// attributes one at a time.
import type { Attributes, SpanStatus } from '../../shared/domain'
import {
  evaluateFilter,
  hasFreeText,
  needsAttributes,
  parseFilterOrThrow,
  type FilterableSpan,
} from '../../shared/filter'
import { CohortAccumulator, type CohortAnswer, type CohortRequest } from '../../shared/stats/cohort'
import { percentile } from '../../shared/stats/groupStats'
import { compileFilterSql } from './filterSql'
import { decodePayload } from './payloadCodec'
import { Where, type QueryContext } from './queryContext'
import { spanStatusOf } from './rowMappers'

const ORDER = 'ORDER BY s.start_time, s.rowid'

export function cohort(ctx: QueryContext, req: CohortRequest): CohortAnswer {
  const sel = req.selection
  const acc = new CohortAccumulator()
  const answer = (threshold: number | null): CohortAnswer => ({
    ...acc.result(req.limit),
    ...(sel.kind === 'slowest' && { thresholdMs: threshold }),
  })
  const where = new Where()
  if (req.name !== undefined) {
    const id = ctx.dict.find(req.name)
    if (id === null) return answer(null)
    where.add('s.name = ?', id)
  }
  if (req.since !== undefined) where.add('s.start_time >= ?', req.since)
  const query = (what: string) =>
    ctx.stmt(`SELECT ${what} FROM spans s ${where.sql()} ${ORDER}`).pluck()
  const column = (what: string, params: unknown[] = []): unknown[] =>
    query(what).all(...params, ...where.params)

  const nameStatus = column('s.name * 4 + s.status') as number[]
  const agents = column('s.agent') as Array<number | null>
  const filter = sel.kind === 'where' ? parseFilterOrThrow(sel.where) : null
  // a filter on what the row holds is SQL's (as listSpans compiles it); so is free text, the
  // full-text index's answer; the rest is the evaluator's, on the attributes read here anyway
  let matches: number[] | null = null
  if (filter && (hasFreeText(filter) || !needsAttributes(filter))) {
    const cond = compileFilterSql(ctx, filter)
    matches = column(`ifnull(${cond.sql}, 0)`, cond.params) as number[]
  }
  const durations =
    sel.kind === 'slowest' || (filter && !matches)
      ? (column('s.end_time - s.start_time') as Array<number | null>)
      : null
  let threshold: number | null = null
  if (sel.kind === 'slowest') {
    const known = Float64Array.from(durations!.filter((d): d is number => d !== null)).sort()
    threshold = percentile(known, 100 - sel.percent)
  }
  const sids =
    sel.kind === 'sessions'
      ? new Set(sel.sessionIds.map((id) => ctx.sidOf(id)).filter((s) => s !== null))
      : null
  const sessions = sids ? (column('s.session') as number[]) : null
  const text = new Map<number, string>()
  const textOf = (id: number): string => {
    let t = text.get(id)
    if (t === undefined) text.set(id, (t = ctx.dict.value(id)))
    return t
  }

  const selected = (i: number, span: FilterableSpan): boolean => {
    switch (sel.kind) {
      case 'failed':
        return span.status === 'error'
      case 'slowest':
        return threshold !== null && span.durationMs !== null && span.durationMs >= threshold
      case 'sessions':
        return sids!.has(sessions![i])
      case 'where':
        return matches ? matches[i] !== 0 : evaluateFilter(filter, span)
    }
  }
  // payloads one at a time: a million of them at once might not fit in memory
  const attrs = query('s.attributes').iterate(...where.params)
  try {
    for (let i = 0; i < nameStatus.length; i++) {
      const code = nameStatus[i]
      const status: SpanStatus = spanStatusOf(code % 4)
      const agent = agents[i]
      const d = durations ? durations[i] : null
      // what the evaluator reads of a span whose filter has no free text (SQL answered that);
      // a duration is null exactly when the end time is
      const span: FilterableSpan = {
        name: textOf(Math.floor(code / 4)),
        agentId: agent === null ? null : textOf(agent),
        status,
        statusMessage: null,
        startTime: 0,
        endTime: null,
        durationMs: d,
        attributes: decodePayload<Attributes>(attrs.next().value, {}),
      }
      acc.add(span, selected(i, span))
    }
  } finally {
    attrs.return?.()
  }
  return answer(threshold)
}
