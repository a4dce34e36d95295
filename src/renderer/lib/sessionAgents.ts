// Every agent of a session, for the Logs tab's agent filter: the lines it holds are only a
// stretch of a long session, so their agents are not all of them. `agents.list` (every page)
// gives the session's agents; the agents of the lines held (a source whose lines name agents it
// has no agent rows for, or a live line's new agent) are added by the view.
import { api } from '../state/apiRef'

/** page size of agents.list; a swarm rarely has more agents than one page */
const PAGE = 1000

export async function readSessionAgents(sourceId: string, sessionId: string): Promise<string[]> {
  const ids = new Set<string>()
  let cursor: string | null = null
  do {
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await api().invoke(
      'agents.list',
      { sourceId, sessionId, limit: PAGE, cursor },
    )
    for (const a of page.items) ids.add(a.id)
    cursor = page.nextCursor
  } while (cursor)
  return [...ids]
}

/** `a` and `b` together, each id once, sorted */
export function unionSorted(a: ReadonlyArray<string>, b: ReadonlyArray<string>): string[] {
  return [...new Set([...a, ...b])].sort()
}
