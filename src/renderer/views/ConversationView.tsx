// The Conversation tab: the whole run as a transcript, every LLM call and tool call in time
// order, each labelled with its agent and linked to its span (the span detail opens beside
// it); filter by agent. A call shows only the messages its agent's previous call had not
// (buildTranscript). Reads one page of the session's spans with attributes: the first 5,000.
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Span, TraceEvent } from '../../shared/domain'
import { formatTokens, formatUsd } from '../../shared/genai/formatUsage'
import { activePrices } from '../../shared/genai/pricing'
import { buildTranscript, type TranscriptEntry } from '../../shared/genai/transcript'
import { emptyTotals, mergeTotals } from '../../shared/genai/usageTotals'
import { Empty, Failed, Loading } from '../components/States'
import { formatTime } from '../lib/format'
import { api } from '../state/apiRef'
import { useAppStore } from '../state/store'
import { MessageView } from './ConversationSection'
import { MessageText } from './MessageText'
import './conversation.css'

const PAGE = 5000
const REFRESH_MS = 2000

/** `value`, changing at most once per `ms` (the last change always comes through). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value)
  const last = useRef(0)
  useEffect(() => {
    if (Object.is(value, shown)) return
    const wait = Math.max(0, last.current + ms - Date.now())
    const t = setTimeout(() => {
      last.current = Date.now()
      setShown(value)
    }, wait)
    return () => clearTimeout(t)
  }, [value, shown, ms])
  return shown
}

interface Loaded {
  spans: Span[]
  events: TraceEvent[]
  more: boolean
}

function EntryHead({ e }: { e: TranscriptEntry }) {
  const selected = useAppStore((s) => s.selectedSpanId === e.spanId)
  return (
    <header className="transcript-head">
      <span className="muted">{formatTime(e.time)}</span>
      <span className="transcript-agent" data-testid="transcript-agent">
        {e.agentId ?? 'no agent'}
      </span>
      <b>{e.kind === 'llm' ? (e.model ?? e.name) : `tool ${e.toolName}`}</b>
      {e.kind === 'llm' && e.usage && (
        <span className="muted" data-testid="transcript-usage">
          in {formatTokens(e.usage.inputTokens)} · out {formatTokens(e.usage.outputTokens)}
          {e.usage.otherTokens ? ` · ${formatTokens(e.usage.otherTokens)} tokens` : ''} ·{' '}
          {e.usage.costUsd !== null ? formatUsd(e.usage.costUsd) : 'unpriced'}
        </span>
      )}
      <span style={{ flex: 1 }} />
      <button
        type="button"
        className="link"
        aria-pressed={selected}
        data-testid="transcript-open-span"
        onClick={() => useAppStore.getState().selectSpan(e.spanId, { reveal: true })}
      >
        {selected ? 'span shown' : 'show span'}
      </button>
    </header>
  )
}

function EntryView({ e }: { e: TranscriptEntry }) {
  return (
    <li
      className={`transcript-entry transcript-${e.kind}`}
      data-testid="transcript-entry"
      data-kind={e.kind}
      data-span-id={e.spanId}
      data-time={e.time}
    >
      <EntryHead e={e} />
      {e.kind === 'llm' ? (
        <>
          {e.repeated > 0 && (
            <p className="muted transcript-repeated">
              {e.repeated} earlier message{e.repeated === 1 ? '' : 's'} of this agent not repeated
            </p>
          )}
          {e.messages.length === 0 && !e.conversation && (
            <p className="muted">no messages recorded for this call</p>
          )}
          {e.messages.map((m, i) => (
            <MessageView key={i} m={m} />
          ))}
        </>
      ) : (
        <div className="conv-card" data-testid="transcript-tool">
          {e.arguments !== null && <MessageText text={e.arguments} mode="code" />}
          {e.result !== null && (
            <>
              <div className="conv-card-head">
                <span className="conv-card-kind">result</span>
              </div>
              <MessageText text={e.result} mode="code" />
            </>
          )}
        </div>
      )}
    </li>
  )
}

export function ConversationView({ sessionId }: { sessionId: string }) {
  const sourceId = useAppStore((s) => s.sourceId)
  const pricesVersion = useAppStore((s) => s.pricesVersion)
  // a live session re-reads as its span count moves, at most every REFRESH_MS: each read is a
  // page of spans with their attributes
  const liveCount = useAppStore((s) => s.session?.spanCount ?? 0)
  const spanCount = useThrottled(liveCount, REFRESH_MS)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [agent, setAgent] = useState<string>('')
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!sourceId) return
    let stale = false
    setError(null)
    void Promise.all([
      api().invoke('spans.list', {
        sourceId,
        sessionId,
        limit: PAGE,
        order: 'asc',
      }),
      api().invoke('events.list', { sourceId, sessionId, limit: PAGE }),
    ])
      .then(([spans, events]) => {
        if (!stale)
          setLoaded({ spans: spans.items, events: events.items, more: spans.nextCursor !== null })
      })
      .catch((err: unknown) => {
        if (!stale) setError(err instanceof Error ? err.message : String(err))
      })
    return () => {
      stale = true
    }
    // a live session re-reads when its span count moves
  }, [sourceId, sessionId, spanCount, attempt])

  const entries = useMemo(
    () => (loaded ? buildTranscript(loaded.spans, loaded.events, activePrices()) : []),
    // priced again when the user's prices change
    [loaded, pricesVersion],
  )
  const agents = useMemo(() => [...new Set(entries.map((e) => e.agentId ?? ''))].sort(), [entries])
  const shown = agent ? entries.filter((e) => (e.agentId ?? '') === agent) : entries
  const totals = useMemo(() => {
    const t = emptyTotals()
    for (const e of shown) if (e.kind === 'llm' && e.usage) mergeTotals(t, e.usage)
    return t
  }, [shown])

  if (error)
    return (
      <Failed
        title="Could not read the conversation"
        message={error}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    )
  if (!loaded) return <Loading what="the conversation" />
  const llm = shown.filter((e) => e.kind === 'llm').length
  return (
    <div className="pane transcript" data-testid="conversation-view">
      <div className="toolbar">
        <label>
          Agent{' '}
          <select
            value={agent}
            onChange={(e) => setAgent(e.target.value)}
            data-testid="transcript-agent-filter"
          >
            <option value="">all agents</option>
            {agents.map((a) => (
              <option key={a} value={a}>
                {a || 'no agent'}
              </option>
            ))}
          </select>
        </label>
        <span className="count" data-testid="transcript-summary">
          {llm} LLM call{llm === 1 ? '' : 's'} · {shown.length - llm} tool call
          {shown.length - llm === 1 ? '' : 's'} · {formatTokens(totals.inputTokens)} in ·{' '}
          {formatTokens(totals.outputTokens)} out · {formatUsd(totals.costUsd)}
          {totals.unpricedTokens > 0 && ` + ${formatTokens(totals.unpricedTokens)} unpriced`}
        </span>
        {loaded.more && (
          <span className="muted">the first {PAGE.toLocaleString()} spans of the session</span>
        )}
      </div>
      {shown.length === 0 ? (
        <Empty title="No LLM or tool calls">
          <p>No span of this session carries a conversation, token counts or a tool call.</p>
        </Empty>
      ) : (
        <ol className="transcript-list" aria-label="Transcript">
          {shown.map((e) => (
            <EntryView key={e.spanId} e={e} />
          ))}
        </ol>
      )}
    </div>
  )
}
