// Sessions of the open file: sortable, filterable, virtualized; new sessions appear live.
import { useEffect, useMemo, useState } from 'react'
import { setKeyTarget } from './keyTarget'
import { SearchResults } from './SearchResults'
import { useAppStore } from '../state/store'
import { VirtualList } from '../components/VirtualList'
import { Empty, Failed, Loading } from '../components/States'
import { filterSessions, nextSort, sortSessions, type SessionSortKey } from '../lib/sessionList'
import { formatCount, formatDuration, formatListTime, formatTime } from '../lib/format'
import { formatRoute } from '../lib/route'
import type { Session } from '../../shared/domain'
import type { RecentFile } from '../../shared/contract/invoke'
import { api } from '../state/apiRef'
import { SessionUsageCells } from './SessionUsageCells'
import { SessionStatusCell } from './SessionStatusCell'
import { sessionIsLive } from '../../shared/sessionStatusRule'

const COLUMNS: Array<{ key: SessionSortKey; label: string; width: string; num?: boolean }> = [
  // every column shares the window by weight above a floor: with fixed widths, a window under
  // 1,100 px left the session's name no room at all
  // the floors hold each heading with its sort arrow ("Last activity ▼" is 105 px of bold text)
  // and each value (formatListTime's "Nov 21 09:00" is 88 px); they add up to 900 px
  { key: 'name', label: 'Session', width: 'minmax(160px, 2.6fr)' },
  { key: 'status', label: 'Status', width: '90px' },
  { key: 'startTime', label: 'Started', width: 'minmax(104px, 1.5fr)' },
  { key: 'duration', label: 'Duration', width: '96px', num: true },
  { key: 'spans', label: 'Spans', width: '76px', num: true },
  { key: 'errors', label: 'Errors', width: '76px', num: true },
  { key: 'tokens', label: 'Tokens', width: '82px', num: true },
  { key: 'cost', label: 'Cost', width: 'minmax(94px, 1.2fr)', num: true },
  { key: 'lastActivity', label: 'Last activity', width: 'minmax(122px, 1.5fr)' },
]
const GRID = COLUMNS.map((c) => c.width).join(' ')

export function SessionsView() {
  const sessions = useAppStore((s) => s.sessions)
  const status = useAppStore((s) => s.sessionsStatus)
  const error = useAppStore((s) => s.sessionsError)
  const truncated = useAppStore((s) => s.sessionsTruncated)
  const sort = useAppStore((s) => s.sessionSort)
  const filter = useAppStore((s) => s.sessionFilter)
  const sourceId = useAppStore((s) => s.sourceId)
  const [cursor, setCursor] = useState(0)
  const [searching, setSearching] = useState<string | null>(null)

  // the box's text goes to the full-text search while one is open: the list it came from
  // stays whole under the hits instead of filtering itself empty by that text
  const listFilter = useMemo(
    () => (searching ? { ...filter, text: '' } : filter),
    [filter, searching],
  )
  const quietMs = useAppStore((s) => s.appInfo?.quietMs)
  const rows = useMemo(
    () =>
      sortSessions(
        filterSessions(sessions, listFilter, (s) => sessionIsLive(s, Date.now(), quietMs)),
        sort.key,
        sort.order,
      ),
    [sessions, listFilter, sort, quietMs],
  )
  const open = (s: Session): void => {
    location.hash = formatRoute({ view: 'session', sessionId: s.id, tab: 'timeline', spanId: null })
  }

  useEffect(() => {
    if (sourceId && status === 'idle') void useAppStore.getState().loadSessions()
  }, [sourceId, status])

  useEffect(() => {
    setKeyTarget({
      move: (d) => setCursor((c) => Math.min(rows.length - 1, Math.max(0, c + d))),
      open: () => {
        if (rows[cursor]) open(rows[cursor])
      },
    })
    return () => setKeyTarget(null)
  }, [rows, cursor])

  if (!sourceId) return <NoSource />
  if (status === 'error')
    return (
      <Failed
        title="Could not list sessions"
        message={error}
        onRetry={() => void useAppStore.getState().loadSessions()}
      />
    )

  return (
    <div
      className="pane"
      style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }}
      data-testid="sessions-view"
    >
      <div className="toolbar">
        <input
          id="global-search"
          data-testid="sessions-filter"
          placeholder="Filter by name or id   ( / )"
          value={filter.text ?? ''}
          onChange={(e) => useAppStore.getState().setSessionFilter({ text: e.target.value })}
          onKeyDown={(e) => {
            const t = e.currentTarget.value.trim()
            if (e.key === 'Enter' && t.length >= 2) setSearching(t)
          }}
          style={{ width: 280 }}
        />
        <select
          aria-label="Status"
          value={filter.status ?? 'all'}
          onChange={(e) =>
            useAppStore.getState().setSessionFilter({ status: e.target.value as never })
          }
        >
          <option value="all">any status</option>
          <option value="running">running</option>
          <option value="completed">completed</option>
          <option value="failed">failed</option>
          {/* the rule's 'unknown' is what a quiet session without spans gets; its rows read
              "no spans" (sessionStatusWord), so the option names both */}
          <option value="unknown">unknown / no spans</option>
        </select>
        <label>
          <input
            type="checkbox"
            checked={!!filter.onlyErrors}
            onChange={(e) =>
              useAppStore.getState().setSessionFilter({ onlyErrors: e.target.checked })
            }
          />{' '}
          with errors
        </label>
        <label>
          <input
            type="checkbox"
            checked={!!filter.onlyLive}
            onChange={(e) =>
              useAppStore.getState().setSessionFilter({ onlyLive: e.target.checked })
            }
          />{' '}
          live only
        </label>
        <span className="count" data-testid="sessions-count">
          {rows.length.toLocaleString()} of {sessions.length.toLocaleString()}
          {truncated ? '+ (newest shown)' : ''} sessions
          {searching ? ' (not filtered by the search text)' : ''}
        </span>
        <button
          data-testid="search-all"
          disabled={(filter.text ?? '').trim().length < 2}
          onClick={() => setSearching((filter.text ?? '').trim())}
          title="Full-text search of spans, events, errors and messages, or the spans a filter such as status:error duration>2s selects"
        >
          Search inside traces
        </button>
        {/* the highlighted session is run A: pick run B on the next screen */}
        <a
          href={formatRoute({ view: 'compare', a: rows[cursor]?.id ?? null, b: null })}
          data-testid="open-compare"
        >
          Compare runs…
        </a>
      </div>
      {searching && <SearchResults text={searching} onClose={() => setSearching(null)} />}
      <div
        className="vhead"
        style={{ display: 'grid', gridTemplateColumns: GRID, height: 28, alignItems: 'center' }}
      >
        {/* buttons, so Tab reaches them and Enter / Space sort; the order is in their name
            (aria-sort belongs to table column headers, which a list of rows has none of) */}
        {COLUMNS.map((c) => (
          <button
            type="button"
            key={c.key}
            className={`cell ${c.num ? 'num' : ''}`}
            data-testid={`sort-${c.key}`}
            aria-label={
              sort.key === c.key
                ? `${c.label}, sorted ${sort.order === 'asc' ? 'ascending' : 'descending'}`
                : `${c.label}, sort`
            }
            onClick={() => useAppStore.getState().setSessionSort(nextSort(sort, c.key))}
          >
            {c.label} {sort.key === c.key ? (sort.order === 'asc' ? '▲' : '▼') : ''}
          </button>
        ))}
      </div>
      {status === 'loading' && sessions.length === 0 ? (
        <Loading what="sessions" />
      ) : rows.length === 0 ? (
        sessions.length === 0 ? (
          <Empty title="No sessions in this file yet">
            <p>
              Point your swarm's OpenTelemetry exporter at the collector (OTLP/HTTP on
              127.0.0.1:4318) or write with the library; sessions appear here as they start.
            </p>
          </Empty>
        ) : (
          <Empty title="No session matches the filter">
            <p>
              Clear the filter box or choose “any status”
              {(filter.text ?? '').trim().length >= 2
                ? ', or press Enter to search inside every trace for that text.'
                : '.'}
            </p>
          </Empty>
        )
      ) : (
        <VirtualList
          count={rows.length}
          rowHeight={30}
          testId="sessions-list"
          scrollToIndex={cursor}
          // one tab stop for the list: arrows (or j / k) move the current row, Enter opens it
          listProps={{
            role: 'listbox',
            'aria-label': 'Sessions',
            tabIndex: 0,
            'aria-activedescendant': rows[cursor] ? `session-option-${cursor}` : undefined,
          }}
          renderRow={(i, style) => {
            const s = rows[i]
            return (
              <div
                key={s.id}
                id={`session-option-${i}`}
                role="option"
                aria-selected={i === cursor}
                className={`vrow ${i === cursor ? 'selected' : ''}`}
                style={{ ...style, display: 'grid', gridTemplateColumns: GRID }}
                data-testid="session-row"
                data-session-id={s.id}
                onClick={() => open(s)}
              >
                <div className="cell" title={s.id}>
                  {s.name ?? s.id} {s.name && <span className="muted mono">{s.id}</span>}
                </div>
                <SessionStatusCell session={s} />
                <div className="cell" title={formatTime(s.startTime)}>
                  {formatListTime(s.startTime)}
                </div>
                <div className="cell num">{formatDuration(s.durationMs)}</div>
                <div className="cell num">{formatCount(s.spanCount)}</div>
                <div className="cell num">
                  {s.errorCount > 0 ? (
                    <span
                      className={`badge ${s.unresolvedErrorCount > 0 ? 'error' : ''}`}
                      title={`${s.unresolvedErrorCount} unresolved`}
                    >
                      {s.errorCount}
                    </span>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </div>
                <SessionUsageCells usage={s.usage} pending={s.usagePending} />
                <div className="cell muted" title={formatTime(s.lastActivity)}>
                  {formatListTime(s.lastActivity)}
                </div>
              </div>
            )
          }}
        />
      )}
    </div>
  )
}

function NoSource() {
  const status = useAppStore((s) => s.sourcesStatus)
  const err = useAppStore((s) => s.sourcesError)
  const info = useAppStore((s) => s.appInfo)
  const [recent, setRecent] = useState<RecentFile[]>([])
  useEffect(() => {
    if (info?.capabilities.openDialog)
      api()
        .invoke('app.recentFiles', {})
        .then(setRecent)
        .catch(() => setRecent([]))
  }, [info])
  if (status === 'loading' || status === 'idle') return <Loading what="Tracescope" />
  if (status === 'error')
    return (
      <Failed
        title="Could not reach Tracescope"
        message={err}
        onRetry={() => void useAppStore.getState().init()}
      />
    )
  return (
    <Empty title="No trace file is open">
      {info?.capabilities.openDialog ? (
        <>
          <p>
            Open a trace database (Tracescope's own, Claude-Flow, ddeutil-workflow, SwarmDB, flujo…)
            or drop a <code>.db</code> file on this window.
          </p>
          <button
            className="primary"
            onClick={() => void useAppStore.getState().openFile({ dialog: true })}
          >
            Open a file…
          </button>
          {recent.filter((r) => r.exists).length > 0 && (
            <>
              <h3>Recent files</h3>
              {recent
                .filter((r) => r.exists)
                .slice(0, 8)
                .map((r) => (
                  <div key={r.path}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => void useAppStore.getState().openFile({ path: r.path })}
                      title={r.path}
                    >
                      {r.name}
                    </button>
                  </div>
                ))}
            </>
          )}
        </>
      ) : (
        <p>
          Start the server with a file: <code>tracescope serve --db traces.db</code>
        </p>
      )}
      {err && <p className="status-error">{err}</p>}
    </Empty>
  )
}
