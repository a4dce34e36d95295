// Full-text search across the whole file (span names, status messages, attributes, events,
// errors, messages) through the contract's `search`: each hit says which session, span and
// agent it is in and shows the matched text marked; a hit opens its session at the span.
import { useEffect, useMemo, useState } from 'react'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import { formatTime } from '../lib/format'
import { formatRoute } from '../lib/route'
import { searchTerms } from '../lib/textMarks'
import { Marked } from '../components/Marked'
import type { SearchHit } from '../../shared/queries'

export function SearchResults({ text, onClose }: { text: string; onClose: () => void }) {
  const sourceId = useAppStore((s) => s.sourceId)
  const sessions = useAppStore((s) => s.sessions)
  const [hits, setHits] = useState<SearchHit[] | null>(null)
  const [more, setMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!sourceId) return
    let stale = false
    setHits(null)
    setError(null)
    api()
      .invoke('search', { sourceId, text, limit: 200 })
      .then((p) => {
        if (stale) return
        setHits(p.items)
        setMore(p.nextCursor !== null)
      })
      .catch((e) => !stale && setError(describeError(e)))
    return () => {
      stale = true
    }
  }, [sourceId, text])
  const names = useMemo(() => new Map(sessions.map((s) => [s.id, s.name ?? s.id])), [sessions])
  const terms = useMemo(() => searchTerms(text), [text])

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
        <b>Search “{text}”</b>
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
          Nothing in this file mentions “{text}”.
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
