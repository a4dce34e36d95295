// The session's agents with their colours, above the timeline, tree and flame graph. Each name
// is a toggle: chosen agents' spans stay bright and the others dim (or, with "only these", get
// no row). The same choice the Agents tab and the agent graph make (one selection in the store).
import { useAppStore } from '../state/store'
import { agentColourVar } from '../draw/agentPalette'

export function AgentLegend() {
  const agents = useAppStore((s) => s.agents)
  const chosen = useAppStore((s) => s.chosenAgents)
  const only = useAppStore((s) => s.agentsOnly)
  const rows = useAppStore((s) => s.layout.rows.length)
  if (agents.length === 0) return null
  const s = useAppStore.getState
  return (
    <div className="agent-legend" role="group" aria-label="Agents" data-testid="agent-legend">
      <span className="muted">agents</span>
      {agents.map((a) => {
        const on = chosen.includes(a)
        return (
          <button
            key={a}
            className={`agent-chip ${on ? 'chosen' : ''} ${chosen.length > 0 && !on ? 'dimmed' : ''}`}
            aria-pressed={on}
            data-testid="agent-chip"
            data-agent-id={a}
            title={on ? `Let ${a} go` : `Show ${a}'s spans brightly, the other agents' dimmed`}
            onClick={() => s().toggleAgent(a)}
          >
            <span className="swatch" style={{ background: agentColourVar(agents, a) }} />
            <span style={{ color: agentColourVar(agents, a) }}>{a}</span>
          </button>
        )
      })}
      {chosen.length > 0 && (
        <>
          <label className="muted" data-testid="agents-only">
            <input
              type="checkbox"
              checked={only}
              onChange={(e) => s().setAgentsOnly(e.target.checked)}
            />{' '}
            only these ({rows.toLocaleString()} spans)
          </label>
          <button
            data-testid="agents-clear"
            onClick={() => s().setChosenAgents([])}
            aria-label="Choose no agent (every span as usual)"
          >
            All agents
          </button>
        </>
      )}
    </div>
  )
}
