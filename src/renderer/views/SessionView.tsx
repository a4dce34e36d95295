// One session: header with counts and live state, tabs for each way of looking at it, and
// the span detail beside whichever tab is open.
import { useEffect, useRef } from 'react'
import { useAppStore } from '../state/store'
import { api } from '../state/apiRef'
import { Empty, Failed, Loading } from '../components/States'
import { formatCount, formatDuration, formatTime } from '../lib/format'
import { formatRoute, SESSION_TABS, type SessionTab } from '../lib/route'
import { TimelineView } from './TimelineView'
import { TreeView } from './TreeView'
import { SpanDetailPanel } from './SpanDetailPanel'
import { AgentGraphView } from './AgentGraphView'
import { FlameView } from './FlameView'
import { MetricsView } from './MetricsView'
import { ErrorsView } from './ErrorsView'
import { AgentsView, MemoryView } from './AgentsView'
import { TimelineSearch } from './TimelineSearch'
import { AgentDetailPanel } from './AgentDetailPanel'
import { LogsView } from './LogsView'
import { ConversationView } from './ConversationView'
import { useSessionLive } from '../lib/useSessionLive'
import { sessionStatusWord } from '../../shared/sessionStatusRule'
import { SessionHeaderUsage } from './SessionHeaderUsage'

const TAB_LABEL: Record<SessionTab, string> = {
  timeline: 'Timeline',
  tree: 'Tree',
  conversation: 'Conversation',
  graph: 'Agent graph',
  flame: 'Flame graph',
  metrics: 'Metrics',
  agents: 'Agents',
  memory: 'Memory',
  errors: 'Errors',
  logs: 'Logs',
}

export function SessionView({
  sessionId,
  tab,
  spanId,
}: {
  sessionId: string
  tab: SessionTab
  spanId: string | null
}) {
  const session = useAppStore((s) => s.session)
  const live = useSessionLive(session)
  const status = useAppStore((s) => s.spansStatus)
  const error = useAppStore((s) => s.spansError)
  const progress = useAppStore((s) => s.progress)
  const sourceId = useAppStore((s) => s.sourceId)
  const selected = useAppStore((s) => s.selectedSpanId)
  const spanCount = useAppStore((s) => s.table.count)
  const agentChosen = useAppStore((s) => s.chosenAgents.length > 0)
  const notLive = useAppStore((s) => s.notLive)

  useEffect(() => {
    if (sourceId) void useAppStore.getState().openSession(sessionId)
  }, [sessionId, sourceId])

  useEffect(() => {
    if (sourceId && status !== 'idle') void loadEventMarks(sourceId, sessionId)
  }, [sessionId, sourceId, status === 'ready'])
  const errorCount = session?.errorCount ?? 0
  useEffect(() => {
    if (sourceId && status === 'ready') void useAppStore.getState().loadErrorSpans(sessionId)
  }, [sessionId, sourceId, status === 'ready', errorCount])

  // the URL's span is the selection (deep links, back/forward)
  useEffect(() => {
    const s = useAppStore.getState()
    if (spanId && spanId !== s.selectedSpanId && status === 'ready')
      s.selectSpan(spanId, { reveal: true })
  }, [spanId, status])
  // a closed detail leaves the address too, else a reload or a copied link reopens it; only
  // on closing, since a deep link's span is not selected yet while the session loads
  const wasSelected = useRef(selected)
  useEffect(() => {
    const closed = !selected && wasSelected.current
    wasSelected.current = selected
    if ((selected && selected !== spanId) || closed)
      history.replaceState(
        null,
        '',
        formatRoute({ view: 'session', sessionId, tab, spanId: selected }),
      )
  }, [selected])

  if (status === 'error')
    return (
      <Failed
        title="Could not open the session"
        message={error}
        onRetry={() => void useAppStore.getState().openSession(sessionId)}
      />
    )

  const showsSpans = tab === 'timeline' || tab === 'tree' || tab === 'flame'
  return (
    <div className="session" data-testid="session-view">
      <div className="session-head">
        <h1 data-testid="session-title" title={session?.name ?? sessionId}>
          {session?.name ?? sessionId}
        </h1>
        {/* the facts wrap among themselves, so the links at the end keep the title's row */}
        <div className="session-facts">
          {live && (
            <span className="badge live" data-testid="session-live">
              LIVE
            </span>
          )}
          <span className={`status-${session?.status ?? 'unknown'}`} data-testid="session-status">
            {session && sessionStatusWord(session)}
          </span>
          {/* the writer says running but nothing came within the quiet time: not LIVE, and why */}
          {session?.status === 'running' && !live && session.lastActivity !== null && (
            <span className="meta" data-testid="session-quiet">
              quiet: nothing written since {formatTime(session.lastActivity)}
            </span>
          )}
          <span className="meta">started {formatTime(session?.startTime)}</span>
          <span className="meta">{formatDuration(session?.durationMs)}</span>
          <span className="meta" data-testid="session-span-count">
            {formatCount(session?.spanCount)} spans
          </span>
          <span className="meta">{formatCount(session?.agentCount)} agents</span>
          <SessionHeaderUsage usage={session?.usage} pending={session?.usagePending} />
          <SampledNote rate={session?.attributes?.['tracescope.sampling_rate']} />
          {session && session.errorCount > 0 && (
            <a
              href={formatRoute({ view: 'session', sessionId, tab: 'errors', spanId: null })}
              className={`badge ${session.unresolvedErrorCount > 0 ? 'error' : ''}`}
            >
              {session.unresolvedErrorCount > 0
                ? `${session.unresolvedErrorCount} unresolved of `
                : 'all resolved: '}
              {session.errorCount} error{session.errorCount === 1 ? '' : 's'}
            </a>
          )}
          {notLive && (
            // short in the header; the whole sentence (what failed, what to do) one click away
            <div className="not-live" role="status" data-testid="session-not-live">
              <details>
                <summary>⚠ Not live: later changes of this file are not shown</summary>
                <p>{notLive}</p>
              </details>
            </div>
          )}
        </div>
        <div className="session-actions">
          <a
            href={formatRoute({ view: 'compare', a: sessionId, b: null })}
            data-testid="compare-with"
          >
            Compare with…
          </a>
          <a
            href={formatRoute({ view: 'stats', groupBy: 'name', sessionId })}
            data-testid="session-stats"
          >
            Statistics
          </a>
          <button
            data-testid="open-export"
            onClick={() => useAppStore.getState().setExportOpen(true)}
          >
            Export…
          </button>
        </div>
      </div>
      <nav className="tabs">
        {SESSION_TABS.map((t) => (
          <a
            key={t}
            className={t === tab ? 'active' : ''}
            data-testid={`tab-${t}`}
            href={formatRoute({ view: 'session', sessionId, tab: t, spanId: null })}
          >
            {TAB_LABEL[t]}
          </a>
        ))}
      </nav>
      {progress.loaded > 0 && progress.loaded < progress.total && (
        <div className="progress" title={`${progress.loaded} of ${progress.total} spans`}>
          <div style={{ width: `${(progress.loaded / Math.max(1, progress.total)) * 100}%` }} />
        </div>
      )}
      {showsSpans && <TimelineSearch tab={tab} />}
      <div className="session-body">
        <div className="pane">
          {status === 'loading' && progress.loaded === 0 ? (
            <Loading what="spans" progress={progress} />
          ) : (tab === 'timeline' || tab === 'flame') && spanCount === 0 ? (
            // "yet" only while it runs: a finished session with none will get none
            <Empty title={live ? 'No spans in this session yet' : 'No spans in this session'}>
              <p>
                {live
                  ? 'It is running: spans appear here as they are written.'
                  : 'Its events, errors, agents and memory are in the other tabs.'}
              </p>
            </Empty>
          ) : tab === 'timeline' ? (
            <TimelineView />
          ) : tab === 'tree' ? (
            <TreeView />
          ) : tab === 'conversation' ? (
            <ConversationView sessionId={sessionId} />
          ) : tab === 'graph' ? (
            <AgentGraphView sessionId={sessionId} />
          ) : tab === 'flame' ? (
            <FlameView />
          ) : tab === 'metrics' ? (
            <MetricsView sessionId={sessionId} />
          ) : tab === 'agents' ? (
            <AgentsView sessionId={sessionId} />
          ) : tab === 'memory' ? (
            <MemoryView sessionId={sessionId} />
          ) : tab === 'logs' ? (
            <LogsView sessionId={sessionId} spanId={spanId} />
          ) : (
            <ErrorsView sessionId={sessionId} />
          )}
        </div>
        {tab === 'graph' && agentChosen ? (
          <AgentDetailPanel sessionId={sessionId} />
        ) : (
          selected && tab !== 'errors' && <SpanDetailPanel />
        )}
      </div>
    </div>
  )
}

/** Span events as marks on the bars: one page of the session's events, attached by span. */
async function loadEventMarks(sourceId: string, sessionId: string): Promise<void> {
  try {
    const page = await api().invoke('events.list', { sourceId, sessionId, limit: 5000 })
    const s = useAppStore.getState()
    if (s.sessionId !== sessionId) return
    const marks = new Map<number, number[]>()
    for (const ev of page.items) {
      const i = ev.spanId ? s.table.indexOf.get(ev.spanId) : undefined
      if (i === undefined) continue
      const list = marks.get(i)
      if (list) list.push(ev.time)
      else marks.set(i, [ev.time])
    }
    useAppStore.setState({ table: { ...s.table, eventTimes: marks } })
  } catch {
    // marks are an extra; the timeline is complete without them
  }
}

/** a run written with the SDK's samplingRate: other runs at that rate were not stored */
function SampledNote({ rate }: { rate: unknown }) {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) return null
  return (
    <span
      className="meta"
      data-testid="session-sampled"
      title="Written with samplingRate: the other runs were not stored"
    >
      sampled ({Math.round(rate * 1000) / 10} % of runs kept)
    </span>
  )
}
