// The Logs tab: every log line and span event of the session in time order — time, level,
// agent, message and its span — filtered by level, agent, span and text, virtualized, and
// following new lines while it is scrolled to the bottom; Home / End (and the toolbar's buttons)
// jump to the session's oldest / newest lines. Lines come from `events.list` (the session's
// events, a page at a time); every field is rendered as text, never as HTML.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useAppStore } from '../state/store'
import { AGENT_MAX_CH, LogList, ROW_H } from './LogList'
import { Empty, Failed, Loading } from '../components/States'
import { formatTime } from '../lib/format'
import type { LevelTone } from '../lib/logLines'
import { bottomScrollTop, isAtBottom } from '../lib/follow'
import { formatRoute } from '../lib/route'
import { setKeyTarget } from './keyTarget'
import { filterLines, lineAgents, NO_FILTER, type LogFilter } from '../lib/logView'
import './live.css'
import { MAX_LINES, TYPING_MS, type SourceFilter } from '../lib/logReader'
import { useLogWindow } from '../lib/useLogWindow'
import { holdsNewest, holdsOldest, type LogWindow, type WindowEnd } from '../lib/logWindow'
import { readSessionAgents, unionSorted } from '../lib/sessionAgents'
import { useSessionLive } from '../lib/useSessionLive'

/** this close to an end of the lines held, the next page of the session is read in */
const NEAR_PX = 40 * ROW_H
const TONES: ReadonlyArray<LevelTone> = ['error', 'warn', 'info', 'debug']

export function LogsView({ sessionId, spanId }: { sessionId: string; spanId: string | null }) {
  const sourceId = useAppStore((s) => s.sourceId)
  // every live event of the open session makes a new session object: read what is new
  const session = useAppStore((s) => s.session)
  const live = useSessionLive(session)
  const table = useAppStore((s) => s.table)
  // arriving from a span's "log lines" link shows that span's lines
  const [filter, setFilter] = useState<LogFilter>({ ...NO_FILTER, spanId })
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    if (spanId !== null) setFilter((f) => ({ ...f, spanId }))
  }, [spanId])
  const scroller = useRef<HTMLDivElement | null>(null)
  const following = useRef(true)
  // the end of the session the window reads from; `n` re-reads it (a jump back to the newest)
  const [end, setEnd] = useState<{ from: WindowEnd; n: number }>({ from: 'newest', n: 0 })
  useEffect(() => setEnd({ from: 'newest', n: 0 }), [sourceId, sessionId])
  /** a jump to the oldest lines is under way: show the top once they are in */
  const toTop = useRef(false)
  // `big`: the session has more lines than the view holds; its filters then go to the source
  // (typed text once typing pauses) instead of filtering only the lines held
  const [big, setBig] = useState(false)
  useEffect(() => setBig(false), [sourceId, sessionId])
  const [typed, setTyped] = useState('')
  useEffect(() => {
    const t = setTimeout(() => setTyped(filter.text.trim()), TYPING_MS)
    return () => clearTimeout(t)
  }, [filter.text])
  const whereKey = JSON.stringify(
    big
      ? ({
          ...(typed ? { text: typed } : {}),
          ...(filter.agentId ? { agentId: filter.agentId } : {}),
          ...(filter.tone ? { levelTone: filter.tone } : {}),
          ...(filter.spanId ? { spanId: filter.spanId } : {}),
        } satisfies SourceFilter)
      : {},
  )
  const { win, status, error, searching, readingOlder, settled, older, newer } = useLogWindow(
    sourceId,
    sessionId,
    whereKey,
    attempt,
    session,
    end.from,
    end.n,
  )
  const lines = win.lines
  // a source read under way, or text typed but not yet sent: the lines shown are not its answer
  const pending = big && (searching || filter.text.trim() !== typed)
  useEffect(() => {
    if (
      whereKey === '{}' &&
      win.counts.length > 0 &&
      (!holdsNewest(win) || (!holdsOldest(win) && win.lines.length >= MAX_LINES))
    )
      setBig(true)
  }, [whereKey, win])

  const shown = useMemo(() => filterLines(lines, filter), [lines, filter])
  // the line j / k (↓ / ↑) moved to; Enter shows its span on the timeline
  const [cursor, setCursor] = useState(-1)
  useEffect(() => setCursor(-1), [filter])
  useEffect(() => {
    setKeyTarget({
      move: (d) =>
        setCursor((c) =>
          shown.length === 0
            ? -1
            : c < 0
              ? d > 0
                ? 0
                : shown.length - 1
              : Math.min(shown.length - 1, Math.max(0, c + d)),
        ),
      open: () => {
        const l = shown[cursor]
        if (l?.spanId)
          location.hash = formatRoute({
            view: 'session',
            sessionId,
            tab: 'timeline',
            spanId: l.spanId,
          })
      },
    })
    return () => setKeyTarget(null)
  }, [shown, cursor, sessionId])
  // every agent of the session's lines, not only those of the lines held
  const [sessionAgents, setSessionAgents] = useState<string[]>([])
  useEffect(() => {
    setSessionAgents([])
    if (!sourceId) return
    let stale = false
    readSessionAgents(sourceId, sessionId)
      .then((ids) => !stale && setSessionAgents(ids))
      // the agents of the lines held still fill the filter
      .catch(() => undefined)
    return () => {
      stale = true
    }
  }, [sourceId, sessionId, attempt])
  const spanName = useCallback(
    (id: string | null): string | null => {
      if (id === null) return null
      const i = table.indexOf.get(id)
      return i === undefined ? id : table.names[i]
    },
    [table],
  )
  const lineAt = useCallback((i: number) => shown[i], [shown])
  const agents = useMemo(
    () => unionSorted(sessionAgents, lineAgents(lines)),
    [sessionAgents, lines],
  )

  // the line at the top of the view: lines read in above it, or dropped there, leave it in place
  const anchor = useRef<{ id: string; index: number; offset: number } | null>(null)

  /** Home / End: the session's oldest or newest lines, read in unless they are held */
  const jump = (to: WindowEnd): void => {
    const el = scroller.current
    setCursor(-1)
    if (to === 'newest') {
      following.current = true
      toTop.current = false
      if (holdsNewest(win)) {
        if (el) el.scrollTop = bottomScrollTop(el.clientHeight, el.scrollHeight)
      } else setEnd((e) => ({ from: 'newest', n: e.n + 1 }))
    } else {
      following.current = false
      anchor.current = null
      if (holdsOldest(win)) {
        if (el) el.scrollTop = 0
      } else {
        toTop.current = true
        setEnd((e) => ({ from: 'oldest', n: e.n + 1 }))
      }
    }
  }

  const onScroll = (el: HTMLDivElement): void => {
    // following is keeping the session's newest line in view: only when it is held
    following.current =
      holdsNewest(win) && isAtBottom(el.scrollTop, el.clientHeight, el.scrollHeight)
    const index = Math.floor(el.scrollTop / ROW_H)
    const l = shown[index]
    anchor.current = l ? { id: l.id, index, offset: el.scrollTop - index * ROW_H } : null
    // near an end of the lines held while the session has more there: read the next page in
    if (el.scrollTop < NEAR_PX) older()
    else if (isAtBottom(el.scrollTop, el.clientHeight, el.scrollHeight, NEAR_PX)) newer()
  }
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const a = anchor.current
    if (toTop.current && win.from === 'oldest' && holdsOldest(win)) {
      toTop.current = false
      el.scrollTop = 0
    } else if (following.current) el.scrollTop = bottomScrollTop(el.clientHeight, el.scrollHeight)
    else if (a) {
      const j = shown[a.index]?.id === a.id ? a.index : shown.findIndex((l) => l.id === a.id)
      if (j >= 0 && j !== a.index) {
        el.scrollTop = j * ROW_H + a.offset
        setCursor((c) => (c >= 0 ? c + j - a.index : c))
      }
    }
    // still near an end (a page of lines the filter hides): read on
    onScroll(el)
  }, [shown])

  if (status === 'error')
    return (
      <Failed
        title="Could not read the log lines"
        message={error}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    )
  if (status === 'loading') return <Loading what="log lines" />

  // lines of another day carry their date: a wider time column
  const dated = shown.length > 0 && formatTime(shown[0].time).length > 12
  const set = (patch: Partial<LogFilter>): void => setFilter((f) => ({ ...f, ...patch }))
  // the agent column as wide as the longest agent id (in the mono font's ch), up to a cap
  const agentCh = Math.min(AGENT_MAX_CH, Math.max(8, ...agents.map((a) => a.length)))
  return (
    <div
      className="logs-view"
      data-testid="logs-view"
      style={{ ['--log-agent-ch' as string]: agentCh }}
    >
      <div className="toolbar" role="search" aria-label="Filter log lines">
        <label>
          Level{' '}
          <select
            value={filter.tone ?? ''}
            onChange={(e) => set({ tone: (e.target.value || null) as LevelTone | null })}
            data-testid="logs-level"
          >
            <option value="">all</option>
            {TONES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Agent{' '}
          <select
            value={filter.agentId ?? ''}
            onChange={(e) => set({ agentId: e.target.value || null })}
            data-testid="logs-agent"
          >
            <option value="">all</option>
            {agents.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          placeholder="Filter by text"
          aria-label="Filter log lines by text"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
          data-testid="logs-text"
        />
        <span role="group" aria-label="Jump">
          <button
            onClick={() => jump('oldest')}
            data-testid="logs-oldest"
            title="The session's oldest lines (Home on the list)"
          >
            Oldest
          </button>{' '}
          <button
            onClick={() => jump('newest')}
            data-testid="logs-newest"
            title="The session's newest lines, followed live (End on the list)"
          >
            Newest
          </button>
        </span>
        {filter.spanId !== null && (
          <span className="chip" data-testid="logs-span-filter">
            only span {spanName(filter.spanId)}{' '}
            <button onClick={() => set({ spanId: null })} data-testid="logs-all-spans">
              show every span
            </button>
          </span>
        )}
        <span
          className="count"
          data-testid="logs-count"
          data-source-filtered={whereKey !== '{}'}
          aria-live="polite"
        >
          {pending
            ? 'searching the whole session…'
            : `${shown.length.toLocaleString()} of ${lines.length.toLocaleString()}${heldPart(win, settled)} lines${whereKey !== '{}' ? ' matching, found by the source' : ''}`}
          {readingOlder ? ' (reading older lines…)' : ''}
        </span>
      </div>
      {/* a list is not a composite widget: the line j / k reached is announced instead */}
      <div className="sr-only" aria-live="polite" data-testid="logs-announce">
        {cursor >= 0 && shown[cursor]
          ? `${formatTime(shown[cursor].time)} ${shown[cursor].level ?? ''} ${shown[cursor].agentId ?? ''} ${shown[cursor].message ?? shown[cursor].name}`
          : ''}
      </div>
      {lines.length === 0 ? (
        <Empty title="No log lines in this session yet">
          <p>
            {live
              ? 'It is running: lines appear here as they are written.'
              : 'Its spans are in the Timeline and Tree tabs.'}
          </p>
        </Empty>
      ) : shown.length === 0 && pending ? (
        <Empty title="Searching the whole session…">
          <p>It has more lines than the view holds: the file itself is searched.</p>
        </Empty>
      ) : shown.length === 0 ? (
        <Empty title="No line matches the filter">
          <p>Clear the level, agent, span or text filter to see more.</p>
        </Empty>
      ) : (
        <LogList
          count={shown.length}
          lineAt={lineAt}
          cursor={cursor}
          onPick={setCursor}
          spanName={spanName}
          sessionId={sessionId}
          dated={dated}
          scrollRef={(el) => (scroller.current = el)}
          onScroll={onScroll}
          listProps={{
            role: 'list',
            'aria-label':
              'Log lines; j and k move, Enter shows the line’s span, Home and End jump to the oldest and newest',
            tabIndex: 0,
            onKeyDown: (e) => {
              if (e.key !== 'Home' && e.key !== 'End') return
              e.preventDefault()
              jump(e.key === 'Home' ? 'oldest' : 'newest')
            },
          }}
        />
      )}
    </div>
  )
}

/** which stretch of a longer session the lines held are, once the opening read is done */
function heldPart(w: LogWindow, settled: boolean): string {
  if (!settled) return ''
  const newest = holdsNewest(w)
  const oldest = holdsOldest(w)
  if (newest) return oldest ? '' : ' newest'
  return oldest ? ' oldest' : ' held'
}
