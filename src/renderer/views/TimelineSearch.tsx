// Find in the open session (names and agents at once, then attributes, events, errors and
// messages from the full-text index), or the spans a filter expression selects
// (`status:error duration>2s`, docs/filter.md): Enter jumps to the next hit (the tree opens and
// the time window moves to show it), Shift+Enter to the previous. Next / previous error (n / N)
// live on the same bar; the agent legend (each agent's colour, and choosing agents) sits below it.
import { useMemo } from 'react'
import { useAppStore } from '../state/store'
import { fullTreeOrder } from '../state/selectionSlice'
import { collapseFromDepth } from '../timeline/rowLayout'
import { errorPosition, errorRows } from '../lib/errorNavigation'
import { searchTerms } from '../lib/textMarks'
import { Marked } from '../components/Marked'
import { FilterError } from '../components/FilterError'
import { readFindQuery } from '../lib/findQuery'
import type { SessionTab } from '../lib/route'
import { AgentLegend } from './AgentLegend'

/**
 * `tab`: collapsing applies to the timeline and the tree, zooming to the timeline only; the
 * flame graph merges the tree and zooms by its own clicks, so buttons there would do nothing.
 */
export function TimelineSearch({ tab }: { tab: SessionTab }) {
  const text = useAppStore((s) => s.searchText)
  const hits = useAppStore((s) => s.searchHits)
  const index = useAppStore((s) => s.searchIndex)
  const pending = useAppStore((s) => s.searchPending)
  const elsewhere = useAppStore((s) => s.searchElsewhere)
  const error = useAppStore((s) => s.searchError)
  const loaded = useAppStore((s) => s.table.count)
  const s = useAppStore.getState
  const steps = tab === 'timeline' || tab === 'tree'
  return (
    <>
      <div className="toolbar">
        <input
          id="span-search"
          data-testid="span-search"
          placeholder="Find, or filter: status:error   ( / )"
          aria-label="Find in this session: text, or a filter such as status:error duration>2s"
          aria-invalid={error !== null}
          aria-describedby={error !== null ? 'span-search-error' : undefined}
          value={text}
          onChange={(e) => s().setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              // on an expression that does not parse, Enter puts the caret where it went wrong
              const query = readFindQuery(e.currentTarget.value)
              if (query.kind === 'error') {
                e.currentTarget.setSelectionRange(query.position, query.position)
                return
              }
              s().jumpToHit(e.shiftKey ? -1 : 1)
            } else if (e.key === 'Escape') {
              e.currentTarget.blur()
            }
          }}
          style={{ width: 300 }}
        />
        <span className="count" data-testid="search-count" aria-live="polite">
          {text && error === null ? findCount(hits.length, index, elsewhere.length, pending) : ''}
        </span>
        <button
          disabled={hits.length === 0}
          onClick={() => s().jumpToHit(-1)}
          aria-label="Previous match"
        >
          ↑
        </button>
        <button
          disabled={hits.length === 0}
          onClick={() => s().jumpToHit(1)}
          aria-label="Next match"
          data-testid="search-next"
        >
          ↓
        </button>
        {steps && <ErrorSteps />}
        <span style={{ flex: 1 }} />
        <span className="count">{loaded.toLocaleString()} spans</span>
        {tab !== 'flame' && (
          <>
            <button
              onClick={() => s().setCollapsed(collapseFromDepth(s().tree, s().table.ids, 1))}
              title="Collapse all below the roots"
            >
              Collapse all
            </button>
            <button onClick={() => s().setCollapsed(new Set())}>Expand all</button>
          </>
        )}
        {tab === 'timeline' && (
          <>
            <button onClick={() => s().zoom(0.5)} aria-label="Zoom in" data-testid="zoom-in">
              +
            </button>
            <button onClick={() => s().zoom(2)} aria-label="Zoom out">
              −
            </button>
            <button onClick={() => s().resetZoom()} title="Whole trace (0)">
              Fit
            </button>
            <PathToggle />
            <LanesToggle />
          </>
        )}
      </div>
      {error !== null && (
        <FilterError id="span-search-error" message={error} testId="search-error" />
      )}
      {text && elsewhere.length > 0 && (
        <ul className="find-elsewhere" data-testid="find-elsewhere">
          {elsewhere.slice(0, 5).map((m, i) => (
            <li key={i}>
              <span className="badge">{m.place === 'session' ? 'session attribute' : m.place}</span>{' '}
              <b>{m.title}</b>: <Marked text={m.text} terms={searchTerms(text)} />
            </li>
          ))}
          {elsewhere.length > 5 && <li className="muted">{elsewhere.length - 5} more</li>}
        </ul>
      )}
      <AgentLegend />
    </>
  )
}

function findCount(n: number, index: number, elsewhere: number, pending: boolean): string {
  const spans =
    n === 0
      ? 'no matching spans'
      : `${index >= 0 ? `${index + 1} of ${n}` : n} match${n === 1 ? '' : 'es'}`
  const off = elsewhere > 0 ? `, ${elsewhere} elsewhere` : ''
  return n === 0 && elsewhere === 0
    ? pending
      ? 'searching…'
      : 'no matches'
    : `${spans}${off}${pending ? ' …' : ''}`
}

/** next / previous error buttons with "k of n errors" */
function ErrorSteps() {
  const table = useAppStore((s) => s.table)
  const tree = useAppStore((s) => s.tree)
  const errorSpanIds = useAppStore((s) => s.errorSpanIds)
  const selected = useAppStore((s) => s.selectedSpanId)
  // once per tree, not per page of a load: the table grows between trees (200 pages of a 1M-span
  // session), while the rows only count up to the tree's spans, and a status changed in place
  // derives a new tree too
  const rows = useMemo(() => {
    const s = useAppStore.getState()
    return errorRows(s.table, errorSpanIds, fullTreeOrder(s))
  }, [tree, errorSpanIds])
  if (rows.length === 0) return null
  const at = errorPosition(rows, selected ? table.indexOf.get(selected) : undefined)
  const s = useAppStore.getState
  return (
    <span className="error-steps" role="group" aria-label="Errors">
      <button
        onClick={() => s().jumpToError(-1)}
        title="Previous error (Shift+N)"
        data-testid="prev-error"
      >
        ◀ error
      </button>
      <span className="count status-error" data-testid="error-position">
        {at > 0 ? `${at} of ${rows.length}` : rows.length} error span{rows.length === 1 ? '' : 's'}
      </span>
      <button onClick={() => s().jumpToError(1)} title="Next error (n)" data-testid="next-error">
        error ▶
      </button>
    </span>
  )
}

/** Shows the critical path on the timeline, with its steps listed below it. */
function PathToggle() {
  const on = useAppStore((s) => s.showPath)
  return (
    <button
      aria-pressed={on}
      data-testid="path-toggle"
      className={on ? 'primary' : ''}
      title="The chain of spans that decided when the session ended"
      onClick={() => useAppStore.getState().setShowPath(!on)}
    >
      Critical path
    </button>
  )
}

/** Switches the timeline between one row per span and one lane per agent. */
function LanesToggle() {
  const lanes = useAppStore((s) => s.timelineMode === 'lanes')
  return (
    <button
      aria-pressed={lanes}
      data-testid="lanes-toggle"
      className={lanes ? 'primary' : ''}
      title="One lane per agent: when it was busy, waiting or idle"
      onClick={() => useAppStore.getState().setTimelineMode(lanes ? 'spans' : 'lanes')}
    >
      Agent lanes
    </button>
  )
}
