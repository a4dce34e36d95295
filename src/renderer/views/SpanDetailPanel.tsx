// The selected span: what it is, its attributes as folded JSON, its events and errors,
// and links up to its parent and down to its children.
import { useState } from 'react'
import { useAppStore } from '../state/store'
import { JsonTree } from '../components/JsonTree'
import { formatDuration, formatTime } from '../lib/format'
import { searchTerms } from '../lib/textMarks'
import type { FindPlace } from '../lib/sessionFind'
import { ErrorItem } from './ErrorsView'
import { ErrorLogLine, SpanEvents } from './SpanEvents'

const PLACE_LABEL: Record<FindPlace, string> = {
  name: 'name',
  agent: 'agent',
  attributes: 'attributes or status',
  event: 'events',
  error: 'errors',
}
import { ConversationSection } from './ConversationSection'
import { SpanRunState } from './SpanRunState'
import { formatRoute } from '../lib/route'
import { agentColourVar } from '../draw/agentPalette'
import { SubtreeUsageRow } from './SubtreeUsage'

export function SpanDetailPanel() {
  const detail = useAppStore((s) => s.detail)
  const status = useAppStore((s) => s.detailStatus)
  const error = useAppStore((s) => s.detailError)
  const selected = useAppStore((s) => s.selectedSpanId)
  const sessionId = useAppStore((s) => s.sessionId)
  const searchText = useAppStore((s) => s.searchText)
  const places = useAppStore((s) => s.searchPlaces)
  const row = useAppStore((s) => (selected ? s.table.indexOf.get(selected) : undefined))
  const [copied, setCopied] = useState(false)
  const [focus, setFocus] = useState<{ spanId: string; line: number } | null>(null)
  const select = (id: string): void => useAppStore.getState().selectSpan(id, { reveal: true })
  // the close button goes away with the panel: the focus goes back to the spans it came from
  const close = (): void => {
    useAppStore.getState().selectSpan(null)
    document.querySelector<HTMLElement>('[data-span-view]')?.focus()
  }

  if (status === 'error')
    return (
      <aside className="detail" data-testid="span-detail">
        <p className="status-error">{error}</p>
      </aside>
    )
  // a detail always shows a span of the session on screen
  if (!detail || detail.span.spanId !== selected || detail.span.sessionId !== sessionId)
    return (
      <aside className="detail" data-testid="span-detail">
        <p className="muted">Loading span…</p>
      </aside>
    )
  const { span, events, errors, children, parent } = detail
  const matched = row === undefined ? undefined : places.get(row)
  const terms = matched ? searchTerms(searchText) : []
  const focusLine = focus?.spanId === span.spanId ? focus.line : -1
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
        <button onClick={close} aria-label="Close detail (Esc)">
          ✕
        </button>
      </div>
      {matched && (
        <p className="muted" data-testid="detail-matched">
          “{searchText}” found in its {[...matched].map((p) => PLACE_LABEL[p]).join(', ')}
        </p>
      )}
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
            <td>{span.agentId === null ? '—' : <AgentName id={span.agentId} />}</td>
          </tr>
          <tr>
            <td>start</td>
            <td>{formatTime(span.startTime)}</td>
          </tr>
          <tr>
            <td>duration</td>
            <td>
              <SpanRunState spanId={span.spanId} fallbackEnd={span.endTime} />
            </td>
          </tr>
          <tr>
            <td>parent</td>
            <td>
              {parent ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => select(parent.spanId)}
                  data-testid="parent-link"
                >
                  {parent.name}
                </button>
              ) : span.parentSpanId ? (
                <span className="muted">{span.parentSpanId} (not in this session)</span>
              ) : (
                '— (root)'
              )}
            </td>
          </tr>
          <SubtreeUsageRow spanId={span.spanId} hasChildren={children.length > 0} />
        </tbody>
      </table>
      <ConversationSection span={span} events={events} />
      <h3>Attributes</h3>
      {Object.keys(span.attributes).length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <JsonTree
          key={`${span.spanId}\u0000${searchText}`}
          value={span.attributes}
          highlight={terms}
        />
      )}
      {errors.length > 0 && (
        <>
          <h3>Errors ({errors.length})</h3>
          {errors.map((e) => (
            <ErrorItem
              key={e.id}
              e={e}
              showJump={false}
              terms={terms}
              extra={
                <ErrorLogLine
                  error={e}
                  events={events}
                  onGo={(line) => setFocus({ spanId: span.spanId, line })}
                />
              }
            />
          ))}
        </>
      )}
      <h3>Events ({events.length})</h3>
      {events.length > 0 && (
        <p>
          <a
            href={formatRoute({
              view: 'session',
              sessionId: span.sessionId,
              tab: 'logs',
              spanId: span.spanId,
            })}
            data-testid="span-log-lines"
          >
            Read them in the Logs tab
          </a>
        </p>
      )}
      <SpanEvents
        key={span.spanId}
        events={events}
        spanStart={span.startTime}
        terms={terms}
        focusLine={focusLine}
      />
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
                  <button
                    type="button"
                    onClick={() => select(c.spanId)}
                    className={c.status === 'error' ? 'link status-error' : 'link'}
                  >
                    {c.name}
                  </button>
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

/** An agent's name in its colour, with its swatch (the same on every view). */
function AgentName({ id }: { id: string }) {
  const agents = useAppStore((s) => s.agents)
  return (
    <span className="row-agent" style={{ marginLeft: 0 }} data-testid="detail-agent">
      <span className="swatch" style={{ background: agentColourVar(agents, id) }} />
      <span style={{ color: agentColourVar(agents, id) }}>{id}</span>
    </span>
  )
}
