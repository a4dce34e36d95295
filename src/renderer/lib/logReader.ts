// Reading a session's log lines for the Logs tab (LogsView.tsx): `events.list` page by page,
// newest first, up to the lines the view holds, with the filters the source applies itself.
import type { TraceEvent } from '../../shared/domain'
import { api } from '../state/apiRef'

const PAGE = 5000
/** lines kept in the view: the newest of a longer session, said so above the list */
const MAX_LINES = 200_000

/** wait this long after the last key before asking the source to filter by the typed text */
export const TYPING_MS = 300

/**
 * What the source filters when the session has more lines than the view holds (the text and the
 * agent; events.list does it in SQL), so a match older than the newest MAX_LINES is found too.
 */
export interface SourceFilter {
  text?: string
  agentId?: string
}

/**
 * The session's lines (since `since`, when given, matching `where`), page by page, newest page
 * first, up to MAX_LINES; `onPage` gets each page as it arrives. Resolves with whether lines were
 * left out.
 */
export async function readLines(
  sourceId: string,
  sessionId: string,
  since: number | undefined,
  where: SourceFilter,
  onPage: (items: TraceEvent[]) => boolean | void,
): Promise<{ capped: boolean }> {
  let read = 0
  let cursor: string | null = null
  do {
    const page: { items: TraceEvent[]; nextCursor: string | null } = await api().invoke(
      'events.list',
      {
        sourceId,
        sessionId,
        limit: PAGE,
        cursor,
        ...where,
        ...(since !== undefined ? { since } : {}),
      },
    )
    read += page.items.length
    cursor = page.nextCursor
    // false: the reader went away (another session, the tab closed)
    if (onPage(page.items) === false) return { capped: false }
  } while (cursor && read < MAX_LINES)
  return { capped: cursor !== null }
}
