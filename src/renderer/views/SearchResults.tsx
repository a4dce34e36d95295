// Full-text search across the whole file (span names, status messages, attributes, events,
// errors, messages) through the contract's `search`; a hit opens its session at the span.
import { useEffect, useState } from 'react'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import { formatTime } from '../lib/format'
import { formatRoute } from '../lib/route'
import type { SearchHit } from '../../shared/queries'

export function SearchResults({ text, onClose }: { text: string; onClose: () => void }) {
  const sourceId = useAppStore((s) => s.sourceId)
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

  const href = (h: SearchHit): string | null =>
    h.sessionId
      ? formatRoute({
          view: 'session',
          sessionId: h.sessionId,
          tab: h.type === 'error' && !h.spanId ? 'errors' : 'timeline',
          spanId: h.spanId,
        })
      : null
  return (
    <div className="search-results" data-testid="search-results">
      <div className="toolbar">
        <b>Search “{text}”</b>
        <span className="count">
          {hits ? `${hits.length}${more ? '+' : ''} hits` : error ? '' : 'searching…'}
        </span>
        <span style={{ flex: 1 }} />
        <button onClick={onClose}>Close</button>
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
      <div className="scroll" style={{ maxHeight: 260 }}>
        {hits?.map((h) => {
          const to = href(h)
          return (
            <div
              key={`${h.type}:${h.id}`}
              className="vrow"
              style={{ position: 'static', padding: '3px 12px', gap: 10 }}
              data-testid="search-hit"
            >
              <span className="badge">{h.type}</span>
              {to ? <a href={to}>{h.title}</a> : <span>{h.title}</span>}
              <span
                className="muted mono"
                style={{
                  flex: 1,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  whiteSpace: 'nowrap',
                }}
              >
                {h.snippet}
              </span>
              <span className="muted">{formatTime(h.time)}</span>
            </div>
          )
        })}
      </div>
    </div>
  )
}
