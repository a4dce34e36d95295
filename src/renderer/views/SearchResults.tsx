// Full-text search across the whole file (span names, status messages, attributes, events,
// errors, messages) through the contract's `search`: each hit says which session, span and
// agent it is in and shows the matched text marked; a hit opens its session at the span.
// A filter expression (`status:error duration>2s`, docs/filter.md) lists the spans it selects
// across every session instead, through `spans.list` with `where`.
import { useEffect, useMemo, useState } from 'react'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import { formatDuration, formatTime } from '../lib/format'
import { formatRoute } from '../lib/route'
import { searchTerms } from '../lib/textMarks'
import { Marked } from '../components/Marked'
import type { SearchHit } from '../../shared/queries'
import type { Span } from '../../shared/domain'
import { readFindQuery } from '../lib/findQuery'
import type { TraceApi } from '../api'

/** hits one search lists */
const HIT_LIMIT = 200
/** pages read for a filter before showing what was found (another tool's file may answer short pages) */
const MAX_FILTER_PAGES = 10

export function SearchResults({ text, onClose }: { text: string; onClose: () => void }) {
  const sourceId = useAppStore((s) => s.sourceId)
  const sessions = useAppStore((s) => s.sessions)
  const [hits, setHits] = useState<SearchHit[] | null>(null)
  const [more, setMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const query = useMemo(() => readFindQuery(text), [text])
  useEffect(() => {
    if (!sourceId) return
    let stale = false
    setHits(null)
    setError(null)
    if (query.kind === 'error') {
      setError(`Not a filter: ${query.message}`)
      return
    }
    const found =
      query.kind === 'filter'
        ? filterHits(api(), sourceId, query.where)
        : api().invoke('search', { sourceId, text: query.text, limit: HIT_LIMIT })
    found
      .then((p) => {
        if (stale) return
        setHits(p.items)
        setMore(p.nextCursor !== null)
      })
      .catch((e) => !stale && setError(describeError(e)))
    return () => {
      stale = true
    }
  }, [sourceId, query])
  const names = useMemo(() => new Map(sessions.map((s) => [s.id, s.name ?? s.id])), [sessions])
  const terms = useMemo(() => (query.kind === 'text' ? searchTerms(query.text) : []), [query])

  const href = (h: SearchHit): string | null =>
    h.sessionId
      ? formatRoute({
          view: 'session',
          sessionId: h.sessionId,
          tab: h.type === 'error' && !h.spanId ? 'errors' : 'timeline',
          spanId: h.type === 'message' ? null : h.spanId,
        })
      : null
  return (
    <div className="search-results" data-testid="search-results">
      <div className="toolbar">
        <b>
          {query.kind === 'filter' ? 'Spans matching' : 'Search'} “{text}”
        </b>
        <span className="count" aria-live="polite">
          {hits ? `${hits.length}${more ? '+' : ''} hits` : error ? '' : 'searching…'}
        </span>
        <span style={{ flex: 1 }} />
        <button onClick={onClose} data-testid="search-close">
          Close search
        </button>
      </div>
      {error && (
        <p className="status-error" style={{ padding: '0 12px' }}>
          {error}
        </p>
      )}
      {hits && hits.length === 0 && (
        <p className="muted" style={{ padding: '0 12px' }}>
          {query.kind === 'filter'
            ? `No span in this file matches “${text}”.`
            : `Nothing in this file mentions “${text}”.`}
        </p>
      )}
      <ul
        className="scroll search-hits"
        style={{ maxHeight: 260 }}
        tabIndex={0}
        aria-label="Search hits"
      >
        {hits?.map((h) => {
          const to = href(h)
          return (
            <li key={`${h.type}:${h.id}`} data-testid="search-hit" data-session-id={h.sessionId}>
              <div className="hit-head">
                <span className="badge">{h.type}</span>
                {to ? <a href={to}>{h.title}</a> : <span>{h.title}</span>}
                <span className="muted" data-testid="hit-where">
                  {h.sessionId
                    ? `in ${names.get(h.sessionId) ?? h.sessionId}`
                    : 'outside any session'}
                  {h.type !== 'span' && h.spanName ? ` · span ${h.spanName}` : ''}
                  {h.type !== 'span' && !h.spanName && h.spanId ? ` · span ${h.spanId}` : ''}
                  {h.agentId ? ` · agent ${h.agentId}` : ''}
                </span>
                <span style={{ flex: 1 }} />
                <span className="muted">{formatTime(h.time)}</span>
              </div>
              <div className="mono snippet" data-testid="hit-snippet">
                <Marked text={h.snippet} terms={terms} />
              </div>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/** The spans a filter selects across the file, newest first, as span hits. */
async function filterHits(
  client: TraceApi,
  sourceId: string,
  where: string,
): Promise<{ items: SearchHit[]; nextCursor: string | null }> {
  const items: SearchHit[] = []
  let cursor: string | null = null
  for (let i = 0; i < MAX_FILTER_PAGES && items.length < HIT_LIMIT; i++) {
    const page: { items: Span[]; nextCursor: string | null } = await client.invoke('spans.list', {
      sourceId,
      where,
      order: 'desc',
      limit: HIT_LIMIT - items.length,
      cursor,
    })
    items.push(...page.items.map(spanHit))
    cursor = page.nextCursor
    if (cursor === null) break
  }
  return { items, nextCursor: cursor }
}

function spanHit(s: Span): SearchHit {
  const took = s.durationMs === null ? 'running' : formatDuration(s.durationMs)
  return {
    type: 'span',
    sessionId: s.sessionId,
    id: `${s.sessionId}/${s.spanId}`,
    spanId: s.spanId,
    time: s.startTime,
    title: s.name,
    snippet: `${s.status} · ${took}${s.statusMessage ? ` · ${s.statusMessage}` : ''}`,
    spanName: s.name,
    agentId: s.agentId,
  }
}
