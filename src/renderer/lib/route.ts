// Deep-linkable state lives in the URL hash (Jaeger's ADR 0004): which view, which session,
// which tab, which span. Hash routing works from file:// in Electron and from `serve` alike.

import { GROUP_BYS, type GroupBy } from '../../shared/stats/groupStats'

export type SessionTab =
  | 'timeline'
  | 'tree'
  | 'conversation'
  | 'graph'
  | 'flame'
  | 'metrics'
  | 'agents'
  | 'memory'
  | 'errors'
  | 'logs'

export const SESSION_TABS: ReadonlyArray<SessionTab> = [
  'timeline',
  'tree',
  'conversation',
  'graph',
  'flame',
  'metrics',
  'agents',
  'memory',
  'errors',
  'logs',
]

export type Route =
  | { view: 'sessions' }
  | { view: 'session'; sessionId: string; tab: SessionTab; spanId: string | null }
  | { view: 'errors' }
  | { view: 'agents' }
  | { view: 'tables'; table: string | null }
  /** two runs side by side; a side not chosen yet is null */
  | { view: 'compare'; a: string | null; b: string | null }
  /** span statistics grouped one way, of every session or of one */
  | { view: 'stats'; groupBy: GroupBy; sessionId: string | null }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '')
  const [head, ...rest] = path.split('/').map((p) => safeDecode(p))
  switch (head) {
    case 'session': {
      const sessionId = rest[0]
      if (!sessionId) return { view: 'sessions' }
      const tab = (SESSION_TABS as string[]).includes(rest[1] ?? '')
        ? (rest[1] as SessionTab)
        : 'timeline'
      const spanId = rest[2] === 'span' && rest[3] ? rest[3] : null
      return { view: 'session', sessionId, tab, spanId }
    }
    case 'errors':
      return { view: 'errors' }
    case 'agents':
      return { view: 'agents' }
    case 'tables':
      return { view: 'tables', table: rest[0] || null }
    case 'compare':
      return { view: 'compare', a: rest[0] || null, b: rest[1] || null }
    case 'stats': {
      const groupBy = (GROUP_BYS as readonly string[]).includes(rest[0] ?? '')
        ? (rest[0] as GroupBy)
        : 'name'
      return { view: 'stats', groupBy, sessionId: rest[1] || null }
    }
    default:
      return { view: 'sessions' }
  }
}

export function formatRoute(r: Route): string {
  const e = encodeURIComponent
  switch (r.view) {
    case 'sessions':
      return '#/sessions'
    case 'errors':
      return '#/errors'
    case 'agents':
      return '#/agents'
    case 'tables':
      return r.table ? `#/tables/${e(r.table)}` : '#/tables'
    case 'stats':
      return `#/stats/${r.groupBy}${r.sessionId ? `/${e(r.sessionId)}` : ''}`
    case 'compare':
      return `#/compare${r.a ? `/${e(r.a)}` : r.b ? '/' : ''}${r.b ? `/${e(r.b)}` : ''}`
    case 'session':
      return `#/session/${e(r.sessionId)}/${r.tab}${r.spanId ? `/span/${e(r.spanId)}` : ''}`
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
