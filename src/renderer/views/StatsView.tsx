// Span statistics of the open file (or of one session), grouped by span name, agent, workflow,
// user or time window: count, error rate, p50 / p95 / p99 with a duration histogram, self time,
// tokens and cost. A group's button lists its slowest spans, each a link to it in its session.
// A filter expression (the filter box) narrows every figure to the spans it selects.
import { useEffect, useState } from 'react'
import { useAppStore } from '../state/store'
import { api } from '../state/apiRef'
import { Empty, Failed, Loading } from '../components/States'
import { formatDuration } from '../lib/format'
import { formatRoute } from '../lib/route'
import { formatTokens, formatUsd } from '../../shared/genai/formatUsage'
import type { GroupBy, GroupStats } from '../../shared/stats/groupStats'
import type { Span } from '../../shared/domain'
import { DurationHistogram } from './DurationHistogram'
import { CohortPanel } from './CohortPanel'
import { StatsFilter } from './StatsFilter'
import './stats.css'

const GROUP_LABEL: Record<GroupBy, string> = {
  name: 'span name',
  agent: 'agent',
  workflow: 'workflow',
  user: 'user',
  window: 'time window',
}
const RANGES = [
  { label: 'last hour', ms: 3_600_000 },
  { label: 'last 24 hours', ms: 86_400_000 },
  { label: 'last 7 days', ms: 7 * 86_400_000 },
  { label: 'last 30 days', ms: 30 * 86_400_000 },
  { label: 'all time', ms: 0 },
]
const WINDOWS = [
  { label: 'hours', ms: 3_600_000 },
  { label: 'days', ms: 86_400_000 },
]

type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string }

function useQuery<T>(run: (() => Promise<T>) | null, deps: unknown[]): Loaded<T> | null {
  const [state, setState] = useState<Loaded<T> | null>(null)
  useEffect(() => {
    if (!run) return setState(null)
    let live = true
    setState({ status: 'loading' })
    run()
      .then((data) => live && setState({ status: 'ready', data }))
      .catch((e: Error) => live && setState({ status: 'error', message: e.message }))
    return () => {
      live = false
    }
  }, deps)
  return state
}

const pct = (r: number): string => `${(r * 100).toFixed(1)}%`
const counted = (n: number, what: string): string =>
  `${n.toLocaleString()} ${what}${n === 1 ? '' : 's'}`

export function StatsView({ groupBy, sessionId }: { groupBy: GroupBy; sessionId: string | null }) {
  const sourceId = useAppStore((s) => s.sourceId)
  // one session is seen whole; across sessions the last 7 days keep the read bounded
  const [rangeMs, setRangeMs] = useState(sessionId ? 0 : 7 * 86_400_000)
  const [windowMs, setWindowMs] = useState(3_600_000)
  const [open, setOpen] = useState<string | null>(null)
  const [where, setWhere] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  const base = sourceId
    ? {
        sourceId,
        groupBy,
        ...(rangeMs > 0 && { since: Date.now() - rangeMs }),
        ...(sessionId && { sessionId }),
        ...(groupBy === 'window' && { windowMs }),
        ...(where !== null && { where }),
      }
    : null
  const stats = useQuery(base && (() => api().invoke('stats.groups', base)), [
    sourceId,
    groupBy,
    sessionId,
    rangeMs,
    windowMs,
    where,
    attempt,
  ])
  const slowest = useQuery(
    base && open !== null
      ? () =>
          api()
            .invoke('stats.groups', { ...base, key: open })
            .then((r) => r.slowest ?? [])
      : null,
    [sourceId, groupBy, sessionId, rangeMs, windowMs, where, open],
  )
  useEffect(() => setOpen(null), [groupBy, sessionId, rangeMs, windowMs, where])

  if (!sourceId) return <Empty title="No trace file is open" />
  const go = (g: GroupBy, s: string | null): void => {
    location.hash = formatRoute({ view: 'stats', groupBy: g, sessionId: s })
  }
  return (
    <div className="stats" data-testid="stats-view">
      <h1 className="sr-only">Statistics</h1>
      <div className="toolbar">
        <label>
          Group by{' '}
          <select
            value={groupBy}
            onChange={(e) => go(e.target.value as GroupBy, sessionId)}
            data-testid="stats-group-by"
          >
            {(Object.keys(GROUP_LABEL) as GroupBy[]).map((g) => (
              <option key={g} value={g}>
                {GROUP_LABEL[g]}
              </option>
            ))}
          </select>
        </label>
        {groupBy === 'window' && (
          <label>
            per{' '}
            <select value={windowMs} onChange={(e) => setWindowMs(Number(e.target.value))}>
              {WINDOWS.map((w) => (
                <option key={w.ms} value={w.ms}>
                  {w.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Spans from{' '}
          <select
            value={rangeMs}
            onChange={(e) => setRangeMs(Number(e.target.value))}
            data-testid="stats-range"
          >
            {RANGES.map((r) => (
              <option key={r.ms} value={r.ms}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        {sessionId ? (
          <span>
            session <b className="mono">{sessionId}</b>{' '}
            <button
              type="button"
              onClick={() => go(groupBy, null)}
              data-testid="stats-all-sessions"
            >
              all sessions
            </button>
          </span>
        ) : (
          <span className="muted">all sessions</span>
        )}
        {stats?.status === 'ready' && (
          <span className="count" data-testid="stats-count">
            {counted(stats.data.spans, where !== null ? 'matching span' : 'span')} in{' '}
            {counted(stats.data.groups.length, 'group')}
          </span>
        )}
        {!sessionId && rangeMs > 0 && stats?.status === 'ready' && stats.data.spans > 0 && (
          <OlderSessions since={Date.now() - rangeMs} onAllTime={() => setRangeMs(0)} />
        )}
      </div>
      <StatsFilter onApply={setWhere} />
      {stats === null || stats.status === 'loading' ? (
        <Loading what="statistics" />
      ) : stats.status === 'error' ? (
        <Failed
          title="Could not compute the statistics"
          message={stats.message}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : stats.data.groups.length === 0 ? (
        <Empty
          title={
            where !== null ? 'No span in this range matches the filter' : 'No spans in this range'
          }
        >
          <p>
            Choose a longer range above, or “all time”
            {where !== null ? ', or change the filter' : ''}.
          </p>
        </Empty>
      ) : (
        <div className="session-body">
          <div className="pane scroll">
            <GroupTable
              groupBy={groupBy}
              groups={stats.data.groups}
              open={open}
              onOpen={(k) => setOpen(k === open ? null : k)}
            />
          </div>
          {open !== null && (
            <SlowestSpans
              cohort={
                <CohortPanel
                  sourceId={sourceId}
                  name={groupBy === 'name' ? open : null}
                  rangeMs={rangeMs}
                  where={where}
                />
              }
              groupLabel={`${GROUP_LABEL[groupBy]} ${open}`}
              state={slowest}
              onClose={() => setOpen(null)}
            />
          )}
        </div>
      )}
    </div>
  )
}

function GroupTable({
  groupBy,
  groups,
  open,
  onOpen,
}: {
  groupBy: GroupBy
  groups: GroupStats[]
  open: string | null
  onOpen: (key: string) => void
}) {
  return (
    <table className="plain-table stats-table" data-testid="stats-table">
      <thead>
        <tr>
          <th scope="col">{GROUP_LABEL[groupBy]}</th>
          <th scope="col" className="num">
            count
          </th>
          <th scope="col" className="num">
            errors
          </th>
          <th scope="col" className="num">
            p50
          </th>
          <th scope="col" className="num">
            p95
          </th>
          <th scope="col" className="num">
            p99
          </th>
          <th scope="col">durations</th>
          <th scope="col" className="num">
            self time
          </th>
          <th scope="col" className="num">
            tokens
          </th>
          <th scope="col" className="num">
            cost
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.key} className={g.key === open ? 'open' : ''} data-testid="stats-row">
            <th scope="row">
              <button
                type="button"
                className="link"
                aria-expanded={g.key === open}
                title="Its spans, slowest first"
                onClick={() => onOpen(g.key)}
              >
                {g.key}
              </button>
            </th>
            <td className="num">{g.count.toLocaleString()}</td>
            <td className={`num ${g.errors > 0 ? 'status-error' : ''}`}>{pct(g.errorRate)}</td>
            <td className="num">{formatDuration(g.p50Ms)}</td>
            <td className="num">{formatDuration(g.p95Ms)}</td>
            <td className="num">{formatDuration(g.p99Ms)}</td>
            <td>
              <DurationHistogram counts={g.histogram} />
            </td>
            <td className="num">{formatDuration(g.selfMs)}</td>
            <td className="num">{formatTokens(g.tokens)}</td>
            <td className="num">{formatUsd(g.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function SlowestSpans({
  groupLabel,
  state,
  onClose,
  cohort,
}: {
  cohort: React.ReactNode
  groupLabel: string
  state: Loaded<Span[]> | null
  onClose: () => void
}) {
  return (
    <aside className="detail" data-testid="stats-slowest" aria-label="Slowest spans">
      <div style={{ display: 'flex', alignItems: 'start', gap: 8 }}>
        <h2 style={{ flex: 1 }}>Slowest spans of {groupLabel}</h2>
        <button type="button" onClick={onClose} aria-label="Close the slowest spans">
          ✕
        </button>
      </div>
      {state === null || state.status === 'loading' ? (
        <p className="muted">Loading…</p>
      ) : state.status === 'error' ? (
        <p className="status-error">{state.message}</p>
      ) : (
        <ol className="slowest">
          {state.data.map((s) => (
            <li key={`${s.sessionId}/${s.spanId}`}>
              <a
                href={formatRoute({
                  view: 'session',
                  sessionId: s.sessionId,
                  tab: 'timeline',
                  spanId: s.spanId,
                })}
                data-testid="stats-slow-span"
              >
                {s.name}
              </a>{' '}
              <b>{formatDuration(s.durationMs)}</b>
              {s.status === 'error' && <span className="status-error"> ✗ failed</span>}
              <div className="muted mono">
                {s.sessionId}
                {s.agentId ? ` · ${s.agentId}` : ''}
              </div>
            </li>
          ))}
        </ol>
      )}
      {cohort}
    </aside>
  )
}

/**
 * Across sessions the range counts back from now, so a file of older runs shows only its latest
 * ones: say how many sessions the range leaves out, one click from counting them.
 */
function OlderSessions({ since, onAllTime }: { since: number; onAllTime(): void }) {
  const older = useAppStore(
    (s) => s.sessions.filter((x) => (x.lastActivity ?? x.startTime ?? 0) < since).length,
  )
  if (older === 0) return null
  return (
    <span className="muted" data-testid="stats-older">
      {counted(older, 'older session')} not counted{' '}
      <button type="button" onClick={onAllTime} data-testid="stats-all-time">
        count all time
      </button>
    </span>
  )
}
