// The agent chosen in the agent graph: what it did, who it worked with, and a way to its spans
// (the other agents' spans dim on the timeline and tree while it is chosen).
import { useEffect, useState } from 'react'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import { agentGraphInput, agentSummary } from '../lib/agentGraph'
import { formatCount, formatDuration, formatTime } from '../lib/format'
import { formatRoute } from '../lib/route'
import type { SessionGraph } from '../../shared/queries'

export function AgentDetailPanel({ sessionId }: { sessionId: string }) {
  // the agent chosen last (several can be chosen: the others stay chosen when it is let go)
  const agentId = useAppStore((s) => s.chosenAgents.at(-1) ?? null)
  const table = useAppStore((s) => s.table)
  const sourceId = useAppStore((s) => s.sourceId)
  const [graph, setGraph] = useState<SessionGraph | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!sourceId) return
    let stale = false
    api()
      .invoke('sessions.graph', { sourceId, sessionId })
      .then((g) => !stale && setGraph(g))
      .catch((e) => !stale && setError(describeError(e)))
    return () => {
      stale = true
    }
  }, [sourceId, sessionId])
  if (agentId === null) return null
  if (!graph)
    return (
      <aside className="detail" data-testid="agent-detail">
        <p className={error ? 'status-error' : 'muted'}>{error ?? 'Loading agent…'}</p>
      </aside>
    )
  const sum = agentSummary(graph, agentId)
  const clear = (): void => useAppStore.getState().toggleAgent(agentId)
  if (!sum)
    return (
      <aside className="detail" data-testid="agent-detail">
        <p className="muted">Agent {agentId} is not in this session.</p>
      </aside>
    )
  const { agent } = sum
  // the counts the graph's label shows for this agent (from the loaded spans when there are any)
  const node = agentGraphInput(graph, table).nodes.find((n) => n.id === agentId)
  const spans = node?.activity ?? agent.spanCount
  const failed = node?.errors ?? agent.errorCount
  const named = (n: number, word: string): string =>
    `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`
  return (
    <aside className="detail" data-testid="agent-detail" aria-label={`Agent ${agent.name}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <h2 data-testid="agent-detail-name">{agent.name || agent.id}</h2>
        <button
          onClick={clear}
          aria-label={`Let ${agent.name || agent.id} go (its spans no longer chosen)`}
        >
          ✕
        </button>
      </div>
      <table>
        <tbody>
          <tr>
            <td>agent id</td>
            <td>
              <code>{agent.id}</code>
            </td>
          </tr>
          <tr>
            <td>spans</td>
            <td data-testid="agent-detail-spans">
              {named(spans, 'span')}
              {failed > 0 && <span className="status-error"> · {formatCount(failed)} failed</span>}
            </td>
          </tr>
          <tr>
            <td>active</td>
            <td>
              {formatTime(agent.firstTime)}
              {agent.firstTime !== null && agent.lastTime !== null
                ? ` · ${formatDuration(agent.lastTime - agent.firstTime)}`
                : ''}
            </td>
          </tr>
          <tr>
            <td>messages</td>
            <td>
              {formatCount(sum.sent)} sent · {formatCount(sum.received)} received
            </td>
          </tr>
          <tr>
            <td>spawned</td>
            <td style={{ wordBreak: 'normal' }}>
              {named(sum.spawned, 'span')} in other agents; {formatCount(sum.spawnedBy)} of its own
              started by others
            </td>
          </tr>
          <tr>
            <td>worked with</td>
            <td>{sum.peers.length ? sum.peers.join(', ') : '—'}</td>
          </tr>
        </tbody>
      </table>
      <p>
        <a
          href={formatRoute({ view: 'session', sessionId, tab: 'timeline', spanId: null })}
          data-testid="agent-timeline"
        >
          Its spans on the timeline
        </a>{' '}
        ·{' '}
        <a href={formatRoute({ view: 'session', sessionId, tab: 'tree', spanId: null })}>
          in the tree
        </a>
      </p>
      <p className="muted">
        Other agents' spans are dimmed on the timeline and in the tree while it is chosen.
      </p>
    </aside>
  )
}
