// Every agent of a session's lines, for the Logs tab's agent filter: the lines it holds are only
// a stretch of a long session, so their agents are not all of them. `events.agents` names every
// agent the session's lines name, wherever they are; the agents of the lines held (a live line's
// new agent, read after that answer) are added by the view.
import { api } from '../state/apiRef'

export function readSessionAgents(sourceId: string, sessionId: string): Promise<string[]> {
  return api().invoke('events.agents', { sourceId, sessionId })
}

/** `a` and `b` together, each id once, sorted */
export function unionSorted(a: ReadonlyArray<string>, b: ReadonlyArray<string>): string[] {
  return [...new Set([...a, ...b])].sort()
}
