// Cost by agent and by model (usage.rollup): two small tables under the Agents table, for one
// session or the whole file. The cost is that of the priced calls; tokens without a price are
// counted beside it, never given a guessed one. Tokens a source records without an input/output
// split (MoAI SwarmDB, flujo) have their own column: "input 0, output 1,200" would be invented.
import type { UsageRollup } from '../../shared/genai/usageRollup'
import type { UsageTotals } from '../../shared/genai/usageTotals'
import { formatTokens, formatUsd } from '../../shared/genai/formatUsage'
import './conversation.css'

function Rows({
  what,
  rows,
  label = (key) => key,
}: {
  what: string
  rows: Array<[string, UsageTotals]>
  label?: (key: string) => string
}) {
  const unsplit = rows.some(([, u]) => u.otherTokens > 0)
  return (
    <table className="plain-table" data-testid={`cost-by-${what.toLowerCase()}`}>
      <caption>Cost by {what.toLowerCase()}</caption>
      <thead>
        <tr>
          <th>{what}</th>
          <th>LLM calls</th>
          <th>Input</th>
          <th>Output</th>
          {unsplit && <th title="Tokens the file records as one count">Tokens without split</th>}
          <th>Cost</th>
          <th>Unpriced tokens</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, u]) => {
          // a row of unsplit counts only recorded no input or output figure at all
          const split = u.inputTokens + u.outputTokens > 0 || u.otherTokens === 0
          return (
            <tr key={name} data-testid="cost-row">
              <td title={label(name) !== name ? name : undefined}>{label(name) || '(none)'}</td>
              <td>{u.calls}</td>
              <td>{split ? formatTokens(u.inputTokens) : '—'}</td>
              <td>{split ? formatTokens(u.outputTokens) : '—'}</td>
              {unsplit && <td>{u.otherTokens ? formatTokens(u.otherTokens) : ''}</td>}
              <td>{formatUsd(u.costUsd)}</td>
              <td>{u.unpricedTokens ? formatTokens(u.unpricedTokens) : ''}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

export function UsageBreakdown({
  rollup,
  agentNames,
}: {
  rollup: UsageRollup | null
  /** agent id → the name the Agents table shows, so one agent reads the same in both */
  agentNames?: ReadonlyMap<string, string>
}) {
  if (rollup?.pending)
    return (
      <p className="muted" data-testid="usage-pending">
        Adding up the tokens of every span of this file…
      </p>
    )
  if (!rollup || rollup.session.calls === 0) return null
  return (
    <section className="usage-breakdown" aria-label="Cost by agent and model">
      {rollup.session.partial && (
        <p className="muted">At least: only part of the calls of this file could be read.</p>
      )}
      <Rows
        what="Agent"
        rows={rollup.byAgent.map((a) => [a.agentId, a.usage])}
        label={(id) => agentNames?.get(id) ?? id}
      />
      <Rows what="Model" rows={rollup.byModel.map((m) => [m.model, m.usage])} />
    </section>
  )
}
