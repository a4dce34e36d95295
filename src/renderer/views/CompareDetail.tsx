// One compared step side by side: status, duration, tokens and cost in A and B, the attributes
// that differ with both values, and the line diff of its LLM prompts and completions. Both spans
// are fetched whole (with their events, where some conventions carry the messages). Everything
// is rendered as text.
import { useEffect, useState } from 'react'
import { api } from '../state/apiRef'
import { formatDuration } from '../lib/format'
import { formatTokens, formatUsd } from '../../shared/genai/formatUsage'
import { prettyJson } from '../../shared/genai/conversationText'
import { messageDiff, type DiffPart } from '../../shared/compare/messageDiff'
import type { RunComparison } from '../../shared/compare/runComparison'
import type { StepDiff, StepSide } from '../../shared/compare/runDiff'
import { STEP_MARK, stepKind } from '../../shared/compare/stepKind'
import type { SpanDetail } from '../../shared/queries'
import { signedDuration, signedTokens, signedUsd } from './compareFormat'

interface Sides {
  a: SpanDetail | null
  b: SpanDetail | null
}

function useSides(sourceId: string, c: RunComparison, step: StepDiff): Sides | 'loading' | Error {
  const [sides, setSides] = useState<Sides | 'loading' | Error>('loading')
  useEffect(() => {
    let live = true
    setSides('loading')
    const get = (sessionId: string, side: StepSide | null) =>
      side
        ? api().invoke('spans.get', { sourceId, sessionId, spanId: side.spanId })
        : Promise.resolve(null)
    Promise.all([get(c.a.id, step.a), get(c.b.id, step.b)])
      .then(([a, b]) => live && setSides({ a, b }))
      .catch((e: Error) => live && setSides(e))
    return () => {
      live = false
    }
  }, [sourceId, c, step])
  return sides
}

function value(v: unknown): string {
  if (v === undefined) return '—'
  const text = prettyJson(v)
  return text.length > 160 ? `${text.slice(0, 159)}…` : text
}

const DIFF_PREFIX: Record<DiffPart['op'], string> = { same: '  ', added: '+ ', removed: '- ' }

/** Each line of the diff with its +/- mark, so the change reads without colour. */
function DiffLines({ parts }: { parts: DiffPart[] }) {
  const lines: Array<{ op: DiffPart['op']; text: string }> = []
  for (const p of parts)
    for (const line of p.text.replace(/\n$/, '').split('\n')) lines.push({ op: p.op, text: line })
  return (
    <pre className="msg-diff" data-testid="compare-message-diff" tabIndex={0}>
      {lines.map((l, i) => (
        <span key={i} className={`diff-${l.op}`}>
          {DIFF_PREFIX[l.op]}
          {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  )
}

export function CompareDetail({
  sourceId,
  comparison,
  step,
  onClose,
}: {
  sourceId: string
  comparison: RunComparison
  step: StepDiff
  onClose: () => void
}) {
  const sides = useSides(sourceId, comparison, step)
  const kind = stepKind(step)
  const attrs = step.attributes
  const keys = [...attrs.changed, ...attrs.added, ...attrs.removed]
  const loaded = sides !== 'loading' && !(sides instanceof Error) ? sides : null
  const diff = loaded
    ? messageDiff(
        loaded.a?.span ?? null,
        loaded.b?.span ?? null,
        new Map(loaded.a ? [[loaded.a.span.spanId, loaded.a.events]] : []),
        new Map(loaded.b ? [[loaded.b.span.spanId, loaded.b.events]] : []),
      )
    : null
  const row = (label: string, a: string, b: string, delta?: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{a}</td>
      <td>{b}</td>
      <td>{delta ?? ''}</td>
    </tr>
  )
  return (
    <aside className="detail compare-detail" data-testid="compare-detail" aria-label="Step detail">
      <div style={{ display: 'flex', alignItems: 'start', gap: 8 }}>
        <h2 style={{ flex: 1 }}>{step.path}</h2>
        <button type="button" onClick={onClose} aria-label="Close the step detail">
          ✕
        </button>
      </div>
      <p className={`delta-${kind} delta-word`}>
        {STEP_MARK[kind]} {kind}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">figure</span>
            </th>
            <th scope="col">A</th>
            <th scope="col">B</th>
            <th scope="col">B − A</th>
          </tr>
        </thead>
        <tbody>
          {row('status', step.a?.status ?? 'absent', step.b?.status ?? 'absent')}
          {row(
            'duration',
            formatDuration(step.a?.durationMs),
            formatDuration(step.b?.durationMs),
            signedDuration(step.durationDeltaMs),
          )}
          {(step.a?.tokens != null || step.b?.tokens != null) &&
            row(
              'tokens',
              formatTokens(step.a?.tokens),
              formatTokens(step.b?.tokens),
              signedTokens(step.tokensDelta),
            )}
          {(step.a?.costUsd != null || step.b?.costUsd != null) &&
            row(
              'cost',
              formatUsd(step.a?.costUsd),
              formatUsd(step.b?.costUsd),
              signedUsd(step.costDeltaUsd),
            )}
          {(step.a?.statusMessage || step.b?.statusMessage) &&
            row('message', step.a?.statusMessage ?? '—', step.b?.statusMessage ?? '—')}
        </tbody>
      </table>
      <h3>Messages</h3>
      {sides === 'loading' ? (
        <p className="muted">Loading both spans…</p>
      ) : sides instanceof Error ? (
        <p className="status-error">{sides.message}</p>
      ) : diff === null ? (
        <p className="muted">no LLM prompts or completions on this step</p>
      ) : !step.messagesChanged ? (
        <p className="muted">the same in both runs</p>
      ) : (
        <DiffLines parts={diff} />
      )}
      <h3>Attributes that differ</h3>
      {keys.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <table data-testid="compare-attributes">
          <thead>
            <tr>
              <th scope="col">key</th>
              <th scope="col">A</th>
              <th scope="col">B</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k}>
                <th scope="row" className="mono">
                  {attrs.added.includes(k) ? '+ ' : attrs.removed.includes(k) ? '- ' : '~ '}
                  {k}
                </th>
                <td className="mono">{loaded ? value(loaded.a?.span.attributes[k]) : '…'}</td>
                <td className="mono">{loaded ? value(loaded.b?.span.attributes[k]) : '…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  )
}
