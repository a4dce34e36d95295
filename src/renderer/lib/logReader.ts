// Reading a session's log lines for the Logs tab (LogsView.tsx, useLogWindow.ts): `events.list`
// one page at a time, newest first with a keyset cursor, or every line since a moment (live), with
// the filters the source applies itself.
import type { TraceEvent } from '../../shared/domain'
import type { LevelTone } from '../../shared/levelTone'
import { api } from '../state/apiRef'

export const PAGE = 5000
/** lines held in the view at most; a longer session's other lines are paged in as it scrolls */
export const MAX_LINES = 200_000

/** wait this long after the last key before asking the source to filter by the typed text */
export const TYPING_MS = 300

/**
 * What the source filters when the session has more lines than the view holds (events.list does
 * it in SQL), so a match outside the lines held is found too.
 */
export interface SourceFilter {
  text?: string
  agentId?: string
  levelTone?: LevelTone
  spanId?: string
}

export interface LinePage {
  items: TraceEvent[]
  nextCursor: string | null
}

/**
 * One page of the session's lines matching `where`, read from its newest or its oldest end: the
 * first (cursor null) or the one `cursor` reads.
 */
export function readPage(
  sourceId: string,
  sessionId: string,
  cursor: string | null,
  where: SourceFilter,
  from: 'newest' | 'oldest' = 'newest',
): Promise<LinePage> {
  return api().invoke('events.list', {
    sourceId,
    sessionId,
    limit: PAGE,
    cursor,
    ...where,
    ...(from === 'oldest' ? { oldestFirst: true } : {}),
  })
}

/** The session's lines since `since` matching `where`, every page of them up to MAX_LINES. */
export async function readSince(
  sourceId: string,
  sessionId: string,
  since: number | undefined,
  where: SourceFilter,
): Promise<TraceEvent[]> {
  const out: TraceEvent[] = []
  let cursor: string | null = null
  do {
    const page: LinePage = await api().invoke('events.list', {
      sourceId,
      sessionId,
      limit: PAGE,
      cursor,
      ...where,
      ...(since !== undefined ? { since } : {}),
    })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor && out.length < MAX_LINES)
  return out
}
