// What a filter selects from a source, kind by kind, one page at a time. Exporters of every
// format read through this, so a filter means the same thing in the CLI, the app and each format.

import type { RecordKind, Session, Span, TraceRecord } from '../../shared/domain'
import type { TraceQueries } from '../../shared/queries'
import {
  hasSpanCriteria,
  pointMatches,
  sessionMatches,
  spanQueryFor,
  textMatches,
  type TraceFilter,
} from './filters'
import { allItems, allPages } from './paging'
import {
  agentRecord,
  errorRecord,
  eventRecord,
  memoryRecord,
  messageRecord,
  metricRecord,
  sessionRecord,
  spanRecord,
  taskRecord,
} from './records'

/** The sessions a filter selects, in start order. */
export function* selectedSessions(q: TraceQueries, f: TraceFilter): Generator<Session> {
  if (f.sessions?.length) {
    for (const id of f.sessions) {
      const s = q.getSession(id)
      if (s && sessionMatches(s, f) && hasMatchingSpan(q, f, s.id)) yield s
    }
    return
  }
  for (const s of allItems((cursor, limit) =>
    q.listSessions({ cursor, limit, sort: 'startTime', order: 'asc' }),
  )) {
    if (sessionMatches(s, f) && hasMatchingSpan(q, f, s.id)) yield s
  }
}

/** With span criteria (agents, status, name, text) a session is selected only if a span matches. */
function hasMatchingSpan(q: TraceQueries, f: TraceFilter, sessionId: string): boolean {
  if (!hasSpanCriteria(f)) return true
  // a filtered page of another tool's file may come back empty with a cursor (it reads a bounded
  // number of rows per call): only the last page says there is none
  const pages = allPages(
    (cursor, limit) => q.listSpans({ ...spanQueryFor(f, sessionId), cursor, limit }),
    1,
  )
  for (const page of pages) if (page.length > 0) return true
  return false
}

/**
 * Scope of a filtered export: null = everything (records without a session included);
 * otherwise the selected session ids, which every other kind is restricted to.
 */
export interface Scope {
  sessionIds: Set<string> | null
  /** query per session (the filter named them) rather than once across all sessions */
  perSession: boolean
}

export function scopeOf(q: TraceQueries, f: TraceFilter): Scope {
  const unfiltered =
    !f.sessions?.length && f.since === undefined && f.until === undefined && !hasSpanCriteria(f)
  if (unfiltered) return { sessionIds: null, perSession: false }
  const ids = new Set<string>()
  for (const s of selectedSessions(q, f)) ids.add(s.id)
  return { sessionIds: ids, perSession: !!f.sessions?.length }
}

/** Spans of one session matching the filter, page by page, in start order. */
export function sessionSpanPages(
  q: TraceQueries,
  f: TraceFilter,
  sessionId: string,
): Generator<Span[]> {
  return allPages((cursor, limit) => q.listSpans({ ...spanQueryFor(f, sessionId), cursor, limit }))
}

type Pager<T> = (sessionId: string | undefined) => Generator<T[]>

/** Pages of one kind across the scope: per selected session, or one query with a session check. */
function* scoped<T extends { sessionId: string | null }>(
  scope: Scope,
  pager: Pager<T>,
): Generator<T[]> {
  if (scope.perSession && scope.sessionIds) {
    for (const id of scope.sessionIds) yield* pager(id)
    return
  }
  for (const page of pager(undefined)) {
    if (!scope.sessionIds) {
      yield page
      continue
    }
    const ids = scope.sessionIds
    const kept = page.filter((x) => x.sessionId !== null && ids.has(x.sessionId))
    if (kept.length) yield kept
  }
}

/** Records of one kind selected by the filter, one page (array) at a time. */
export function* recordPages(
  q: TraceQueries,
  f: TraceFilter,
  scope: Scope,
  kind: RecordKind,
): Generator<TraceRecord[]> {
  const time = { since: f.since, until: f.until }
  const keep = <T>(page: T[], pred: (x: T) => boolean): T[] => page.filter(pred)
  switch (kind) {
    case 'session': {
      const all = scope.sessionIds
        ? allItems((cursor, limit) =>
            q.listSessions({ cursor, limit, sort: 'startTime', order: 'asc' }),
          )
        : selectedSessions(q, f)
      let page: TraceRecord[] = []
      for (const s of all) {
        if (scope.sessionIds && !scope.sessionIds.has(s.id)) continue
        page.push(sessionRecord(s))
        if (page.length >= 500) {
          yield page
          page = []
        }
      }
      if (page.length) yield page
      return
    }
    case 'span':
      for (const p of scoped(scope, (sessionId) =>
        allPages((cursor, limit) => q.listSpans({ ...spanQueryFor(f, sessionId), cursor, limit })),
      ))
        yield p.map(spanRecord)
      return
    case 'event':
      for (const p of scoped(scope, (sessionId) =>
        allPages((cursor, limit) => q.listEvents({ sessionId, ...time, cursor, limit })),
      )) {
        const kept = keep(
          p,
          (e) =>
            pointMatches(e.time, [e.agentId], f) &&
            (!f.text || textMatches(f.text, e.name, e.message, e.attributes)),
        )
        if (kept.length) yield kept.map(eventRecord)
      }
      return
    case 'error':
      for (const p of scoped(scope, (sessionId) =>
        allPages((cursor, limit) => q.listErrors({ sessionId, ...time, cursor, limit })),
      )) {
        const kept = keep(
          p,
          (e) =>
            pointMatches(e.time, [e.agentId], f) &&
            (!f.text || textMatches(f.text, e.type, e.message, e.stack)),
        )
        if (kept.length) yield kept.map(errorRecord)
      }
      return
    case 'message':
      for (const p of scoped(scope, (sessionId) =>
        allPages((cursor, limit) => q.listMessages({ sessionId, ...time, cursor, limit })),
      )) {
        const kept = keep(
          p,
          (m) =>
            pointMatches(m.time, [m.senderAgentId, m.receiverAgentId], f) &&
            (!f.text || textMatches(f.text, m.type, m.payload)),
        )
        if (kept.length) yield kept.map(messageRecord)
      }
      return
    case 'agent':
      for (const p of scoped(scope, (sessionId) =>
        allPages((cursor, limit) => q.listAgents({ sessionId, cursor, limit })),
      )) {
        const kept = keep(p, (a) => !f.agents?.length || f.agents.includes(a.id))
        if (kept.length) yield kept.map(agentRecord)
      }
      return
    case 'metric':
      // a sample has no status or span name: a filter on them ("errors only") selects none,
      // rather than every sample of the sessions its spans are in
      if (f.status || f.spanName) return
      for (const p of scoped(scope, (sessionId) =>
        allPages((cursor, limit) => q.listMetrics({ sessionId, ...time, cursor, limit })),
      )) {
        const kept = keep(
          p,
          (m) =>
            pointMatches(m.time, [m.agentId], f) &&
            (!f.text || textMatches(f.text, m.name, m.attributes)),
        )
        if (kept.length) yield kept.map(metricRecord)
      }
      return
    case 'task':
      for (const p of scoped(scope, (sessionId) =>
        allPages((cursor, limit) => q.listTasks({ sessionId, cursor, limit })),
      )) {
        const kept = keep(
          p,
          (t) => !f.agents?.length || (t.agentId !== null && f.agents.includes(t.agentId)),
        )
        if (kept.length) yield kept.map(taskRecord)
      }
      return
    case 'memory':
      for (const p of scoped(scope, (sessionId) =>
        allPages((cursor, limit) => q.listMemory({ sessionId, cursor, limit })),
      )) {
        const kept = keep(p, (m) => pointMatches(m.time, [], { since: f.since, until: f.until }))
        if (kept.length) yield kept.map(memoryRecord)
      }
      return
  }
}
