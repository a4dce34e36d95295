// One session's spans and LLM-message events, read from any source for a run comparison.
import type { RunInput } from '../../shared/compare/runDiff'
import type { Span } from '../../shared/domain'
import type { ConversationEvent } from '../../shared/genai/conversationTypes'
import type { TraceQueries } from '../../shared/queries'
import { allPages } from '../exchange/paging'

export interface ReadRun extends RunInput {
  spans: Span[]
  /** true when the session had more than `maxSpans` spans and only the first were read */
  truncated: boolean
}

// Prompts and completions travel on span events only under the GenAI event names; log lines and
// other events are many and never carry them, so they are not kept.
const isMessageEvent = (name: string): boolean => name.startsWith('gen_ai.')

const PAGE = 2000

export function readRun(q: TraceQueries, sessionId: string, maxSpans: number): ReadRun {
  const spans: Span[] = []
  let truncated = false
  for (const page of allPages(
    (cursor, limit) => q.listSpans({ sessionId, order: 'asc', cursor, limit }),
    PAGE,
  )) {
    spans.push(...page)
    if (spans.length > maxSpans) {
      spans.length = maxSpans
      truncated = true
      break
    }
  }
  const eventsBySpan = new Map<string, ConversationEvent[]>()
  for (const page of allPages((cursor, limit) => q.listEvents({ sessionId, cursor, limit }), PAGE))
    for (const e of page) {
      if (e.spanId === null || !isMessageEvent(e.name)) continue
      let list = eventsBySpan.get(e.spanId)
      if (!list) eventsBySpan.set(e.spanId, (list = []))
      list.push(e)
    }
  return { spans, eventsBySpan, truncated, durationMs: q.getSession(sessionId)?.durationMs ?? null }
}
