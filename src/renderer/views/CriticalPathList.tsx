// The critical path's steps under the timeline, in time order: the span (or the session idle),
// its agent, when the step began, how long it held the path and its share of the session.
// Choosing a step selects its span. Virtualised: a 1M-span session has about a million steps.
import { useEffect } from 'react'
import { useAppStore } from '../state/store'
import { sessionPath } from '../timeline/pathWaits'
import { stepShare } from '../timeline/criticalPath'
import { VirtualList } from '../components/VirtualList'
import { agentColourVar } from '../draw/agentPalette'
import { formatDuration } from '../lib/format'

export function CriticalPathList() {
  const on = useAppStore((s) => s.showPath)
  const table = useAppStore((s) => s.table)
  const tree = useAppStore((s) => s.tree)
  const messages = useAppStore((s) => s.pathMessages)
  const agents = useAppStore((s) => s.agents)
  const sessionId = useAppStore((s) => s.sessionId)
  useEffect(() => {
    if (on) void useAppStore.getState().loadPathMessages()
  }, [on, sessionId])
  if (!on) return null
  const { path } = sessionPath(table, tree, messages, Date.now())
  return (
    <section className="path-list" aria-label="Critical path" data-testid="path-list">
      <h2>
        Critical path · {path.count.toLocaleString()} step{path.count === 1 ? '' : 's'} ·{' '}
        {formatDuration(path.end - path.start)}
      </h2>
      <VirtualList
        count={path.count}
        rowHeight={22}
        testId="path-steps"
        listProps={{ role: 'list', tabIndex: 0, 'aria-label': 'Steps of the critical path' }}
        renderRow={(k, style) => {
          const i = path.span[k]
          const agent = i >= 0 ? table.agentIds[i] : null
          const share = stepShare(path, k)
          return (
            <div
              key={k}
              role="listitem"
              className="vrow path-step"
              style={style}
              data-testid="path-step"
              data-span-id={i >= 0 ? table.ids[i] : ''}
            >
              <span className="path-share" aria-hidden="true">
                <span style={{ width: `${Math.max(1, share * 100)}%` }} />
              </span>
              <span className="mono path-pct">{(share * 100).toFixed(1)}%</span>
              {i >= 0 ? (
                <button
                  className="link"
                  onClick={() => useAppStore.getState().selectSpan(table.ids[i], { reveal: true })}
                >
                  {table.names[i]}
                </button>
              ) : (
                <span className="muted">idle: no span running</span>
              )}
              {agent !== null && (
                <span className="row-agent">
                  <span className="swatch" style={{ background: agentColourVar(agents, agent) }} />
                  <span style={{ color: agentColourVar(agents, agent) }}>{agent}</span>
                </span>
              )}
              <span className="muted">
                +{formatDuration(path.from[k] - path.start)} ·{' '}
                {formatDuration(path.to[k] - path.from[k])}
              </span>
            </div>
          )
        }}
      />
    </section>
  )
}
