// The selected span: what it is, its attributes as folded JSON, its events and errors,
// and links up to its parent and down to its children.
import { useState } from 'react'
import { useAppStore } from '../state/store'
import { JsonTree } from '../components/JsonTree'
import { formatDuration, formatTime } from '../lib/format'
import { ErrorItem } from './ErrorsView'
import { ConversationSection } from './ConversationSection'

export function SpanDetailPanel() {
  const detail = useAppStore((s) => s.detail)
  const status = useAppStore((s) => s.detailStatus)
  const error = useAppStore((s) => s.detailError)
  const selected = useAppStore((s) => s.selectedSpanId)
  const [copied, setCopied] = useState(false)
  const select = (id: string): void => useAppStore.getState().selectSpan(id, { reveal: true })

  if (status === 'error')
    return (
      <aside className="detail" data-testid="span-detail">
        <p className="status-error">{error}</p>
      </aside>
    )
  if (!detail || detail.span.spanId !== selected)
    return (
      <aside className="detail" data-testid="span-detail">
        <p className="muted">Loading span…</p>
      </aside>
    )
  const { span, events, errors, children, parent } = detail
  const copy = (): void => {
    void navigator.clipboard
      ?.writeText(span.spanId)
      .then(() => setCopied(true))
      .catch(() => setCopied(false))
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <aside className="detail" data-testid="span-detail">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <h2 data-testid="detail-name">{span.name}</h2>
        <button
          onClick={() => useAppStore.getState().selectSpan(null)}
          aria-label="Close detail (Esc)"
        >
          ✕
        </button>
      </div>
      <table>
        <tbody>
          <tr>
            <td>status</td>
            <td className={`status-${span.status}`}>
              {span.status}
              {span.statusMessage ? ` — ${span.statusMessage}` : ''}
            </td>
          </tr>
          <tr>
            <td>span id</td>
            <td>
              <code data-testid="detail-span-id">{span.spanId}</code>{' '}
              <button onClick={copy} data-testid="copy-id">
                {copied ? 'copied' : 'copy'}
              </button>
            </td>
          </tr>
          <tr>
            <td>trace id</td>
            <td>
              <code>{span.traceId}</code>
            </td>
          </tr>
          <tr>
            <td>kind</td>
            <td>{span.kind}</td>
          </tr>
          <tr>
            <td>agent</td>
            <td>{span.agentId ?? '—'}</td>
          </tr>
          <tr>
            <td>start</td>
            <td>{formatTime(span.startTime)}</td>
          </tr>
          <tr>
            <td>duration</td>
            <td>
              {span.endTime == null ? 'running' : formatDuration(span.endTime - span.startTime)}
            </td>
          </tr>
          <tr>
            <td>parent</td>
            <td>
              {parent ? (
                <a onClick={() => select(parent.spanId)} data-testid="parent-link">
                  {parent.name}
                </a>
              ) : span.parentSpanId ? (
                <span className="muted">{span.parentSpanId} (not in this session)</span>
              ) : (
                '— (root)'
              )}
            </td>
          </tr>
        </tbody>
      </table>
      <ConversationSection span={span} events={events} />
      <h3>Attributes</h3>
      {Object.keys(span.attributes).length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <JsonTree value={span.attributes} />
      )}
      {errors.length > 0 && (
        <>
          <h3>Errors ({errors.length})</h3>
          {errors.map((e) => (
            <ErrorItem key={e.id} e={e} showJump={false} />
          ))}
        </>
      )}
      <h3>Events ({events.length})</h3>
      {events.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <table>
          <tbody>
            {events.map((ev) => (
              <tr key={ev.id}>
                <td>+{formatDuration(ev.time - span.startTime)}</td>
                <td>
                  <b className={ev.level === 'error' ? 'status-error' : ''}>{ev.name}</b>{' '}
                  {ev.message}
                  {Object.keys(ev.attributes).length > 0 && (
                    <JsonTree value={ev.attributes} openDepth={0} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Children ({children.length})</h3>
      {children.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <table>
          <tbody>
            {children.slice(0, 200).map((c) => (
              <tr key={c.spanId}>
                <td>{formatDuration(c.durationMs)}</td>
                <td>
                  <a
                    onClick={() => select(c.spanId)}
                    className={c.status === 'error' ? 'status-error' : ''}
                  >
                    {c.name}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {children.length > 200 && (
        <p className="muted">{children.length - 200} more in the timeline</p>
      )}
    </aside>
  )
}
