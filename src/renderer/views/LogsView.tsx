// The Logs tab: every log line and span event of the session in time order — time, level,
// agent, message and its span — filtered by level, agent, span and text, virtualized, and
// following new lines while it is scrolled to the bottom. Lines come from `events.list` (the
// session's events, newest page first); every field is rendered as text, never as HTML.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { TraceEvent } from '../../shared/domain'
import { useAppStore } from '../state/store'
import { VirtualList } from '../components/VirtualList'
import { Empty, Failed, Loading } from '../components/States'
import { cutMiddle, formatTime } from '../lib/format'
import { levelTone, type LevelTone } from '../lib/logLines'
import { bottomScrollTop, isAtBottom } from '../lib/follow'
import { formatRoute } from '../lib/route'
import { setKeyTarget } from './keyTarget'
import { filterLines, lineAgents, NO_FILTER, type LogFilter } from '../lib/logView'
import './live.css'
import { MAX_LINES, TYPING_MS, type SourceFilter } from '../lib/logReader'
import { useLogWindow } from '../lib/useLogWindow'
import type { LogWindow } from '../lib/logWindow'
import { useSessionLive } from '../lib/useSessionLive'

const ROW_H = 26
/** the widest agent column, in characters; longer ids are cut in the middle */
const AGENT_MAX_CH = 28
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
  )
  const lines = win.lines
  // a source read under way, or text typed but not yet sent: the lines shown are not its answer
  const pending = big && (searching || filter.text.trim() !== typed)
  useEffect(() => {
    if (whereKey === '{}' && (win.first > 0 || (!win.atOldest && win.lines.length >= MAX_LINES)))
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
  const agents = useMemo(() => lineAgents(lines), [lines])

  // the line at the top of the view: lines read in above it, or dropped there, leave it in place
  const anchor = useRef<{ id: string; index: number; offset: number } | null>(null)
  const onScroll = (el: HTMLDivElement): void => {
    // following is keeping the session's newest line in view: only when it is held
    following.current =
      win.first === 0 && isAtBottom(el.scrollTop, el.clientHeight, el.scrollHeight)
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
    if (following.current) el.scrollTop = bottomScrollTop(el.clientHeight, el.scrollHeight)
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

  const spanName = (id: string | null): string | null => {
    if (id === null) return null
    const i = table.indexOf.get(id)
    return i === undefined ? id : table.names[i]
  }
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
        <VirtualList
          count={shown.length}
          rowHeight={ROW_H}
          testId="logs-list"
          scrollRef={(el) => (scroller.current = el)}
          onScroll={onScroll}
          scrollToIndex={cursor}
          listProps={{
            role: 'list',
            'aria-label': 'Log lines; j and k move, Enter shows the line’s span',
            tabIndex: 0,
          }}
          renderRow={(i, style) => {
            const l = shown[i]
            return (
              <LogRow
                key={l.id}
                index={i}
                selected={i === cursor}
                onPick={setCursor}
                line={l}
                top={style.top}
                span={spanName(l.spanId)}
                sessionId={sessionId}
                dated={dated}
              />
            )
          }}
        />
      )}
    </div>
  )
}

/** which stretch of a longer session the lines held are, once the opening read is done */
function heldPart(w: LogWindow, settled: boolean): string {
  if (!settled && w.first === 0) return ''
  if (w.first === 0) return w.atOldest ? '' : ' newest'
  return w.atOldest ? ' oldest' : ' held'
}

/**
 * One line. Memoized: scrolling re-renders the list every frame, and only the lines that came
 * into view need rendering.
 */
const LogRow = memo(function LogRow({
  index,
  selected,
  onPick,
  line: l,
  top,
  span,
  sessionId,
  dated,
}: {
  index: number
  selected: boolean
  onPick: (index: number) => void
  line: TraceEvent
  top: number
  span: string | null
  sessionId: string
  dated: boolean
}) {
  const tone = levelTone(l.level)
  return (
    <div
      id={`log-line-${index}`}
      role="listitem"
      aria-current={selected ? 'true' : undefined}
      onClick={() => onPick(index)}
      className={`vrow log-row${selected ? ' selected' : ''}`}
      style={{ top, height: ROW_H }}
      data-testid="logs-line"
      data-level={tone ?? ''}
    >
      <span className={`cell log-time${dated ? ' dated' : ''}`}>{formatTime(l.time)}</span>
      <span className="cell log-level">
        {tone && <span className={`level level-${tone}`}>{l.level}</span>}
      </span>
      <span className="cell log-agent" title={l.agentId ?? undefined}>
        {l.agentId === null ? '' : cutMiddle(l.agentId, AGENT_MAX_CH)}
      </span>
      <span className="cell log-message" title={l.message ?? l.name}>
        {l.message === null ? (
          <b>{l.name}</b>
        ) : (
          <>
            {l.name !== 'log' && <b>{l.name} </b>}
            {l.message}
          </>
        )}
      </span>
      <span className="cell log-span">
        {span !== null && l.spanId !== null && (
          <a
            href={formatRoute({ view: 'session', sessionId, tab: 'timeline', spanId: l.spanId })}
            data-testid="logs-span-link"
            title={`Show span ${span} on the timeline`}
          >
            {span}
          </a>
        )}
      </span>
    </div>
  )
})
