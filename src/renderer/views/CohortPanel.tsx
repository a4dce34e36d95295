// "What do they share?": the failed spans, the slowest ones, or those the Statistics filter
// selects, compared with the rest (of one span name when a name's group is open): attributes
// ranked by how differently their values are spread, each with the value most over-represented
// in the selection and its two shares.
import { useEffect, useState } from 'react'
import { api } from '../state/apiRef'
import type { CohortResult } from '../../shared/stats/cohort'

type Selection =
  { kind: 'failed' } | { kind: 'slowest'; percent: number } | { kind: 'where'; where: string }

const CHOICES: Array<{ label: string; selection: Selection }> = [
  { label: 'failed spans', selection: { kind: 'failed' } },
  { label: 'slowest 10 %', selection: { kind: 'slowest', percent: 10 } },
  { label: 'slowest 1 %', selection: { kind: 'slowest', percent: 1 } },
]
const MATCHING = 'spans matching the filter'

const pct = (x: number): string => `${Math.round(x * 100)} %`

export function CohortPanel({
  sourceId,
  name,
  rangeMs,
  where,
}: {
  sourceId: string
  name: string | null
  /** the last this many ms; 0 for all time */
  rangeMs: number
  /** the Statistics filter: when set, the spans it selects are the first choice (and chosen) */
  where: string | null
}) {
  const choices: Array<{ label: string; selection: Selection }> =
    where !== null
      ? [{ label: MATCHING, selection: { kind: 'where', where } }, ...CHOICES]
      : CHOICES
  const [picked, setPicked] = useState(where !== null ? MATCHING : CHOICES[0].label)
  useEffect(() => setPicked(where !== null ? MATCHING : CHOICES[0].label), [where])
  const selection = (choices.find((c) => c.label === picked) ?? choices[0]).selection
  const [state, setState] = useState<CohortResult | Error | null>(null)
  useEffect(() => {
    let live = true
    setState(null)
    api()
      .invoke('stats.cohort', {
        sourceId,
        selection,
        ...(name !== null && { name }),
        ...(rangeMs > 0 && { since: Date.now() - rangeMs }),
        limit: 8,
      })
      .then((r) => live && setState(r))
      .catch((e: Error) => live && setState(e))
    return () => {
      live = false
    }
  }, [sourceId, name, rangeMs, JSON.stringify(selection)])
  const of = name ? ` ${name}` : ''
  return (
    <section data-testid="cohort">
      <h3>What do they share?</h3>
      <label>
        Compare the{' '}
        <select
          value={picked}
          onChange={(e) => setPicked(e.target.value)}
          data-testid="cohort-selection"
        >
          {choices.map((c) => (
            <option key={c.label} value={c.label}>
              {c.label}
            </option>
          ))}
        </select>{' '}
        {name ? `of ${name} ` : ''}with the rest
      </label>
      {state === null ? (
        <p className="muted">Comparing…</p>
      ) : state instanceof Error ? (
        <p className="status-error">{state.message}</p>
      ) : (
        <>
          <p className="muted" data-testid="cohort-sizes">
            {state.selection.toLocaleString()} selected{of} spans, {state.baseline.toLocaleString()}{' '}
            others
          </p>
          {state.attributes.length === 0 ? (
            <p className="muted">
              {state.selection && state.baseline
                ? 'No attribute is spread differently.'
                : 'Nothing to compare: one of the two sets is empty.'}
            </p>
          ) : (
            <table className="cohort-table" data-testid="cohort-table">
              <thead>
                <tr>
                  <th scope="col">attribute = value</th>
                  <th scope="col">selected</th>
                  <th scope="col">others</th>
                </tr>
              </thead>
              <tbody>
                {state.attributes.map((a) => (
                  <tr key={a.key} title={`score ${a.score.toFixed(2)}`}>
                    <th scope="row" className="mono">
                      {a.key} = {a.values[0].value}
                    </th>
                    <td>{pct(a.values[0].selection)}</td>
                    <td>{pct(a.values[0].baseline)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  )
}
