// Agents (registry with status, tasks, durations, token use) and a session's memory entries.
import { useEffect, useRef, useState } from 'react'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import { Empty, Failed, Loading } from '../components/States'
import { JsonTree } from '../components/JsonTree'
import { formatDuration, formatTime } from '../lib/format'
import type { MemoryEntry } from '../../shared/domain'
import { allMetricSamples } from '../state/metricPages'
import { TOKEN_METRICS } from '../../shared/domain'
import { agentRows } from '../lib/agentRows'
import { agentColourVar } from '../draw/agentPalette'
import { UsageBreakdown } from './UsageBreakdown'
import { totalOf } from '../../shared/genai/usageTotals'

/**
 * `run` again when the source or `deps` change (the old answer goes), or when `refresh` changes
 * (the old answer stays on screen until the new one arrives: the same rows, other figures).
 */
function useQuery<T>(
  run: (sourceId: string) => Promise<T>,
  deps: unknown[],
  refresh: unknown = null,
): { data: T | null; error: string | null } {
  const sourceId = useAppStore((s) => s.sourceId)
  const [state, setState] = useState<{ data: T | null; error: string | null }>({
    data: null,
    error: null,
  })
  const key = JSON.stringify([sourceId, ...deps])
  const shown = useRef<string | null>(null)
  useEffect(() => {
    if (!sourceId) return
    let stale = false
    if (shown.current !== key) setState({ data: null, error: null })
    shown.current = key
    run(sourceId)
      .then((data) => !stale && setState({ data, error: null }))
      .catch((e) => !stale && setState({ data: null, error: describeError(e) }))
    return () => {
      stale = true
    }
  }, [key, refresh])
  return state
}

export function AgentsView({ sessionId }: { sessionId: string | null }) {
  // a price saved in Settings re-reads the cost tables
  const pricesVersion = useAppStore((s) => s.pricesVersion)
  // and the end of a first pass over a file only read (its totals were "…")
  const usagePending = useAppStore((s) => s.session?.usagePending ?? false)
  const { data: loaded, error } = useQuery(
    async (sourceId) => {
      const scope = sessionId ? { sessionId } : {}
      const [agents, tasks, rollup, ...tokens] = await Promise.all([
        api().invoke('agents.list', { sourceId, ...scope, limit: 5000 }),
        api().invoke('tasks.list', { sourceId, ...scope, limit: 5000 }),
        // tokens and cost are an extra: the agents table is complete without them
        api()
          .invoke('usage.rollup', { sourceId, ...scope })
          .catch(() => null),
        ...TOKEN_METRICS.map((name) => allMetricSamples(sourceId, { ...scope, name })),
      ])
      // the rollup is per agent id: over the whole file it fits only ids of one session
      const sessionsOf = new Map<string, number>()
      for (const a of agents.items) sessionsOf.set(a.id, (sessionsOf.get(a.id) ?? 0) + 1)
      const rollupTokens = rollup
        ? new Map(
            rollup.byAgent
              .filter((a) => sessionId || (sessionsOf.get(a.agentId) ?? 0) <= 1)
              .map((a) => [a.agentId, totalOf(a.usage)]),
          )
        : undefined
      const rows = agentRows(
        agents.items,
        tasks.items,
        tokens.flatMap((t) => t.samples),
        rollupTokens,
      )
      const names = new Map(agents.items.map((a) => [a.id, a.name ?? a.id]))
      return { rows, rollup, names }
    },
    [sessionId],
    pricesVersion * 2 + (usagePending ? 1 : 0),
  )
  const data = loaded?.rows ?? null
  if (error) return <Failed title="Could not list agents" message={error} />
  if (!data) return <Loading what="agents" />
  // a file without an agent registry may still have LLM calls (flujo): their cost tables stay
  const calls = loaded?.rollup?.session.calls ?? 0
  if (data.length === 0 && calls === 0)
    return (
      <Empty title="No agents registered">
        <p>This source records no agent registry{sessionId ? ' for this session' : ''}.</p>
      </Empty>
    )
  return (
    <div
      className="scroll"
      data-testid="agents-view"
      tabIndex={0}
      role="region"
      aria-label="Agents"
    >
      {data.length === 0 && (
        <p className="muted" data-testid="no-agents">
          This source records no agent registry{sessionId ? ' for this session' : ''}.
        </p>
      )}
      {data.length > 0 && (
        <table className="plain-table">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Type</th>
              <th>Status</th>
              {/* in a session's tab every row is of that session: the column only took width */}
              {!sessionId && <th>Session</th>}
              <th>Started</th>
              <th>Lifetime</th>
              <th>Tasks (done)</th>
              <th>Task time</th>
              <th>Tokens</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={`${r.agent.sessionId}:${r.agent.id}`} data-testid="agent-row">
                <td title={r.agent.id}>
                  {sessionId ? <AgentToggle id={r.agent.id} name={r.agent.name} /> : r.agent.name}
                </td>
                <td>{r.agent.type ?? '—'}</td>
                <td className={`status-${r.agent.status ?? ''}`}>{r.agent.status ?? '—'}</td>
                {!sessionId && <td className="mono">{r.agent.sessionId ?? '—'}</td>}
                <td>{formatTime(r.agent.startTime)}</td>
                <td>
                  {r.agent.startTime != null && r.agent.endTime != null
                    ? formatDuration(r.agent.endTime - r.agent.startTime)
                    : '—'}
                </td>
                <td>
                  {r.tasks} ({r.done})
                </td>
                <td>{formatDuration(r.totalMs)}</td>
                <td>{r.tokens === null ? '—' : r.tokens.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <UsageBreakdown rollup={loaded?.rollup ?? null} agentNames={loaded?.names} />
    </div>
  )
}

/** An agent's name in its colour; pressing it chooses the agent (its spans bright, others dim). */
function AgentToggle({ id, name }: { id: string; name: string }) {
  const agents = useAppStore((s) => s.agents)
  const on = useAppStore((s) => s.chosenAgents.includes(id))
  return (
    <button
      className={`agent-chip ${on ? 'chosen' : ''}`}
      aria-pressed={on}
      data-testid="agent-toggle"
      data-agent-id={id}
      onClick={() => useAppStore.getState().toggleAgent(id)}
    >
      <span className="swatch" style={{ background: agentColourVar(agents, id) }} />
      <span style={{ color: agentColourVar(agents, id) }}>{name || id}</span>
    </button>
  )
}

export function MemoryView({ sessionId }: { sessionId: string }) {
  const { data, error } = useQuery(
    (sourceId) => api().invoke('memory.list', { sourceId, sessionId, limit: 5000 }),
    [sessionId],
  )
  if (error) return <Failed title="Could not read memory" message={error} />
  if (!data) return <Loading what="memory" />
  if (data.items.length === 0)
    return (
      <Empty title="No memory entries">
        <p>This session stored no key/value memory (or it expired).</p>
      </Empty>
    )
  const now = Date.now()
  return (
    <div
      className="scroll"
      data-testid="memory-view"
      tabIndex={0}
      role="region"
      aria-label="Memory"
    >
      <table className="plain-table">
        <thead>
          <tr>
            <th>Namespace</th>
            <th>Key</th>
            <th>Value</th>
            <th>Written</th>
            <th>Expires</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((m: MemoryEntry) => (
            <tr key={`${m.namespace}/${m.key}`} data-testid="memory-row">
              <td>{m.namespace}</td>
              <td className="mono">{m.key}</td>
              <td style={{ whiteSpace: 'normal' }}>
                <JsonTree value={m.value} openDepth={0} />
              </td>
              <td>{formatTime(m.time)}</td>
              <td className={m.expiresAt != null && m.expiresAt < now ? 'status-error' : ''}>
                {m.expiresAt == null ? 'never' : formatTime(m.expiresAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
