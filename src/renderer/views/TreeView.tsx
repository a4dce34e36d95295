// The span tree as a virtualized list of DOM rows (same layout as the timeline), each row
// naming its agent in the agent's colour.
import { useAppStore } from '../state/store'
import { VirtualList } from '../components/VirtualList'
import { Empty } from '../components/States'
import { formatDuration } from '../lib/format'
import { openSpanView } from '../timeline/openSpans'
import { agentColourVar } from '../draw/agentPalette'
import { useSubtreeCells } from './SubtreeUsage'

export function TreeView() {
  const layout = useAppStore((s) => s.layout)
  const table = useAppStore((s) => s.table)
  const tree = useAppStore((s) => s.tree)
  const collapsed = useAppStore((s) => s.collapsed)
  const selected = useAppStore((s) => s.selectedSpanId)
  const session = useAppStore((s) => s.session)
  const quietMs = useAppStore((s) => s.appInfo?.quietMs)
  // the timeline's clock: moves while spans run, and once when they stop running
  useAppStore((s) => s.bounds.end)
  // spans without an end: running, or never ended once the session stopped (openSpans.ts)
  const openLabel =
    openSpanView(session, Date.now(), quietMs).state === 'running' ? 'running' : '⚠ never ended'
  const agents = useAppStore((s) => s.agents)
  const chosen = useAppStore((s) => s.chosenAgents)
  const subtreeCell = useSubtreeCells()
  if (layout.rows.length === 0) return <Empty title="This session has no spans yet" />
  const selIndex = selected ? table.indexOf.get(selected) : undefined
  return (
    <VirtualList
      count={layout.rows.length}
      rowHeight={24}
      testId="span-tree"
      scrollToIndex={selIndex === undefined ? undefined : layout.rowOf[selIndex]}
      // one tab stop: arrows (j / k) move the selection, ← / → fold, Enter reveals
      listProps={{
        role: 'tree',
        'data-span-view': '',
        'aria-label': 'Span tree',
        tabIndex: 0,
        'aria-activedescendant':
          selIndex !== undefined && layout.rowOf[selIndex] >= 0
            ? `tree-item-${layout.rowOf[selIndex]}`
            : undefined,
      }}
      renderRow={(r, style) => {
        const i = layout.rows[r]
        const id = table.ids[i]
        const kids = tree.childStart[i + 1] > tree.childStart[i]
        const end = table.end[i]
        const agent = table.agentIds[i]
        // while agents are chosen, the other agents' rows (and rows of no agent) fade
        const dim = chosen.length > 0 && (agent === null || !chosen.includes(agent))
        return (
          <div
            key={id}
            id={`tree-item-${r}`}
            role="treeitem"
            aria-level={tree.depth[i] + 1}
            aria-expanded={kids ? !collapsed.has(id) : undefined}
            aria-selected={id === selected}
            className={`vrow tree-row ${id === selected ? 'selected' : ''} ${dim ? 'dimmed' : ''}`}
            data-agent-id={agent ?? undefined}
            style={style}
            data-testid="tree-row"
            onClick={() => useAppStore.getState().selectSpan(id)}
          >
            <span style={{ paddingLeft: 8 + Math.min(tree.depth[i], 30) * 14 }} />
            <span
              className="tw"
              aria-hidden="true"
              onClick={(e) => {
                e.stopPropagation()
                if (kids) useAppStore.getState().toggleCollapsed(id)
              }}
            >
              {kids ? (collapsed.has(id) ? '▸' : '▾') : ''}
            </span>
            <span className={table.status[i] === 2 ? 'status-error' : ''}>{table.names[i]}</span>
            {agent !== null && (
              <span className="row-agent" data-testid="row-agent">
                <span className="swatch" style={{ background: agentColourVar(agents, agent) }} />
                <span style={{ color: agentColourVar(agents, agent) }}>{agent}</span>
              </span>
            )}
            <span className="muted" style={{ marginLeft: 10 }}>
              {Number.isNaN(end) ? openLabel : formatDuration(end - table.start[i])}
            </span>
            {subtreeCell(id, kids)}
            {/* e.g. a ddeutil job run under its workflow run: "orphan" read as broken data */}
            {tree.orphan[i] === 1 && (
              <span
                className="muted"
                title={`Its parent span ${table.parentIds[i] ?? ''} is not among this session's spans`}
                style={{ marginLeft: 8 }}
                data-testid="tree-parent-elsewhere"
              >
                (parent not in this session)
              </span>
            )}
          </div>
        )
      }}
    />
  )
}
