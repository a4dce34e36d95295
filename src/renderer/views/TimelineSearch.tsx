// Search-and-jump over the open session's span names: Enter jumps to the next hit (the
// tree opens and the time window moves to show it), Shift+Enter to the previous.
import { useAppStore } from '../state/store'
import { collapseFromDepth } from '../timeline/rowLayout'
import type { SessionTab } from '../lib/route'

/**
 * `tab`: collapsing applies to the timeline and the tree, zooming to the timeline only; the
 * flame graph merges the tree and zooms by its own clicks, so buttons there would do nothing.
 */
export function TimelineSearch({ tab }: { tab: SessionTab }) {
  const text = useAppStore((s) => s.searchText)
  const hits = useAppStore((s) => s.searchHits)
  const index = useAppStore((s) => s.searchIndex)
  const loaded = useAppStore((s) => s.table.count)
  const s = useAppStore.getState
  return (
    <div className="toolbar">
      <input
        id="span-search"
        data-testid="span-search"
        placeholder="Find span by name   ( / )"
        value={text}
        onChange={(e) => s().setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            s().jumpToHit(e.shiftKey ? -1 : 1)
          } else if (e.key === 'Escape') {
            e.currentTarget.blur()
          }
        }}
        style={{ width: 260 }}
      />
      <span className="count" data-testid="search-count">
        {text
          ? `${hits.length === 0 ? 'no' : index >= 0 ? `${index + 1} of ${hits.length}` : hits.length} match${hits.length === 1 ? '' : 'es'}`
          : ''}
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
        </>
      )}
    </div>
  )
}
