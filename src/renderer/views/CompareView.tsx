// Two runs compared: pick run A and run B, read the summary, then walk the merged tree of their
// steps — each row marked slower / faster / failed / added / removed in words and colour — and
// open a step for its side-by-side detail and the diff of its LLM messages.
import { useEffect, useState } from 'react'
import { useAppStore } from '../state/store'
import { api } from '../state/apiRef'
import { Empty, Failed, Loading } from '../components/States'
import { formatDuration } from '../lib/format'
import { formatRoute } from '../lib/route'
import { formatTokens, formatUsd } from '../../shared/genai/formatUsage'
import type { RunComparison } from '../../shared/compare/runComparison'
import type { Compared } from '../../shared/compare/runDiff'
import type { Session } from '../../shared/domain'
import { CompareTree } from './CompareTree'
import { CompareDetail } from './CompareDetail'
import { signedCount, signedDuration, signedTokens, signedUsd } from './compareFormat'
import './compare.css'

type Loaded =
  | { status: 'loading' }
  | { status: 'ready'; data: RunComparison }
  | { status: 'error'; message: string }

function go(a: string | null, b: string | null): void {
  location.hash = formatRoute({ view: 'compare', a, b })
}

function sessionLabel(s: Session): string {
  return s.name && s.name !== s.id ? `${s.name} (${s.id})` : s.id
}

function RunPicker({ a, b }: { a: string | null; b: string | null }) {
  const sessions = useAppStore((s) => s.sessions)
  // a session named in the address stays choosable even when the loaded list lacks it
  const options = [...sessions]
  for (const id of [a, b])
    if (id && !options.some((s) => s.id === id)) options.unshift({ id, name: null } as Session)
  const pick = (label: string, value: string | null, set: (v: string | null) => void) => (
    <label>
      {label}{' '}
      <select
        value={value ?? ''}
        onChange={(e) => set(e.target.value || null)}
        data-testid={`compare-pick-${label === 'Run A' ? 'a' : 'b'}`}
      >
        <option value="">choose a session…</option>
        {options.map((s) => (
          <option key={s.id} value={s.id}>
            {sessionLabel(s)}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <div className="toolbar">
      {pick('Run A', a, (v) => go(v, b))}
      <button type="button" onClick={() => go(b, a)} disabled={!a && !b} title="Swap A and B">
        ⇄ swap
      </button>
      {pick('Run B', b, (v) => go(a, v))}
    </div>
  )
}

/** Each run's errors as its session counts them (the sessions list's Errors column). */
function sessionErrors(d: RunComparison): Compared {
  return { a: d.a.errorCount, b: d.b.errorCount, delta: d.b.errorCount - d.a.errorCount }
}

function SummaryTable({ data }: { data: RunComparison }) {
  const s = data.summary
  const row = (
    label: string,
    c: Compared,
    fmt: (v: number) => string,
    signed: (v: number | null) => string,
  ) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td className="num">{c.a === null ? '—' : fmt(c.a)}</td>
      <td className="num">{c.b === null ? '—' : fmt(c.b)}</td>
      <td className="num">{signed(c.delta)}</td>
    </tr>
  )
  const n = (v: number): string => v.toLocaleString()
  return (
    <div className="compare-summary" data-testid="compare-summary">
      <table className="plain-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">figure</span>
            </th>
            <th scope="col" className="num">
              A · {data.a.name ?? data.a.id}
            </th>
            <th scope="col" className="num">
              B · {data.b.name ?? data.b.id}
            </th>
            <th scope="col" className="num">
              B − A
            </th>
          </tr>
        </thead>
        <tbody>
          {row('Duration', s.durationMs, formatDuration, signedDuration)}
          {row('Tokens', s.tokens, formatTokens, signedTokens)}
          {row('Cost', s.costUsd, formatUsd, signedUsd)}
          {/* Errors as the sessions list and the header count them (error records); the
              failed spans the steps below mark are counted on their own row, named so */}
          {row('Errors', sessionErrors(data), n, signedCount)}
          {row('Failed spans', s.errors, n, signedCount)}
          {row('Spans', s.spans, n, signedCount)}
        </tbody>
      </table>
      <p className="muted" data-testid="compare-counts">
        {s.steps.changed} changed · {s.steps.added} added · {s.steps.removed} removed ·{' '}
        {s.steps.same} same
        {data.totalSteps > data.steps.length &&
          ` · the first ${data.steps.length.toLocaleString()} of ${data.totalSteps.toLocaleString()} steps are listed`}
        {data.truncated && ' · a run has more spans than were compared'}
      </p>
    </div>
  )
}

export function CompareView({ a, b }: { a: string | null; b: string | null }) {
  const sourceId = useAppStore((s) => s.sourceId)
  const sessionsStatus = useAppStore((s) => s.sessionsStatus)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [selected, setSelected] = useState<number | null>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (sourceId && sessionsStatus === 'idle') void useAppStore.getState().loadSessions()
  }, [sourceId, sessionsStatus])

  useEffect(() => {
    setSelected(null)
    if (!sourceId || !a || !b) {
      setLoaded(null)
      return
    }
    let live = true
    setLoaded({ status: 'loading' })
    api()
      .invoke('runs.compare', { sourceId, sessionA: a, sessionB: b })
      .then((data) => live && setLoaded({ status: 'ready', data }))
      .catch((e: Error) => live && setLoaded({ status: 'error', message: e.message }))
    return () => {
      live = false
    }
  }, [sourceId, a, b, attempt])

  if (!sourceId) return <Empty title="No trace file is open" />
  const data = loaded?.status === 'ready' ? loaded.data : null
  return (
    <div className="compare" data-testid="compare-view">
      <h1 className="sr-only">Compare runs</h1>
      <RunPicker a={a} b={b} />
      {!a || !b ? (
        <Empty title="Choose two runs to compare">
          <p>
            Pick run A and run B above. Their steps are matched by agent, span name and position
            among same-named steps, so reruns line up even when ids and times differ.
          </p>
        </Empty>
      ) : loaded?.status === 'error' ? (
        <Failed
          title="Could not compare the runs"
          message={loaded.message}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : !data ? (
        <Loading what="both runs" />
      ) : (
        <>
          <SummaryTable data={data} />
          <div className="session-body">
            <div className="pane">
              <CompareTree steps={data.steps} selected={selected} onSelect={setSelected} />
            </div>
            {selected !== null && data.steps[selected] && (
              <CompareDetail
                sourceId={sourceId}
                comparison={data}
                step={data.steps[selected]}
                onClose={() => setSelected(null)}
              />
            )}
          </div>
        </>
      )}
    </div>
  )
}
