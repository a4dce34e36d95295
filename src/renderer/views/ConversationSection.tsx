// The Conversation section of the span detail: an LLM call read as messages, role by role,
// with tool calls as cards, tool results beside the call they answer, the model, the finish
// reason, tokens and cost. Nothing from the trace is rendered as HTML (see MessageText).
import { useMemo, useState } from 'react'
import type { Span, TraceEvent } from '../../shared/domain'
import { readConversation } from '../../shared/genai/conversation'
import type { Message, Part } from '../../shared/genai/conversationTypes'
import { activePrices } from '../../shared/genai/pricing'
import { addUsage, emptyTotals } from '../../shared/genai/usageTotals'
import { formatTokens, formatUsd } from '../../shared/genai/formatUsage'
import { MessageText } from './MessageText'
import { messageText, prettyJson } from '../../shared/genai/conversationText'
import { useAppStore } from '../state/store'
import { agentColourVar } from '../draw/agentPalette'
import './conversation.css'

function PartView({ part }: { part: Part }) {
  switch (part.type) {
    case 'text':
      return <MessageText text={part.content} />
    case 'reasoning':
      return (
        <details className="conv-reasoning">
          <summary>reasoning</summary>
          <MessageText text={part.content} />
        </details>
      )
    case 'tool_call':
      return (
        <div className="conv-card" data-testid="conv-tool-call">
          <div className="conv-card-head">
            <span className="conv-card-kind">tool call</span> <b>{part.name}</b>
            {part.id && <code className="muted"> {part.id}</code>}
          </div>
          <MessageText text={prettyJson(part.arguments)} mode="code" />
        </div>
      )
    case 'tool_call_response':
      return (
        <div className="conv-card" data-testid="conv-tool-result">
          <div className="conv-card-head">
            <span className="conv-card-kind">result</span>
            {part.callName ? <b> of {part.callName}</b> : ' (no matching call)'}
            {part.id && <code className="muted"> {part.id}</code>}
          </div>
          <MessageText text={prettyJson(part.response)} mode="code" />
        </div>
      )
    default:
      return (
        <div className="conv-card">
          <div className="conv-card-head">
            <span className="conv-card-kind">{part.kind}</span>
          </div>
          <MessageText text={prettyJson(part.value)} mode="code" />
        </div>
      )
  }
}

export function MessageView({ m }: { m: Message }) {
  const [copied, setCopied] = useState(false)
  const copy = (): void => {
    void navigator.clipboard
      ?.writeText(messageText(m))
      .then(() => setCopied(true))
      .catch(() => setCopied(false))
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <article
      className={`conv-msg conv-role-${m.role}`}
      data-testid="conv-message"
      data-role={m.role}
    >
      <header className="conv-msg-head">
        <span className="conv-role">{m.role}</span>
        {m.name && <span className="muted"> {m.name}</span>}
        {m.finishReason && <span className="muted"> · finish: {m.finishReason}</span>}
        <button className="conv-copy" onClick={copy} aria-label={`Copy ${m.role} message`}>
          {copied ? 'copied' : 'copy'}
        </button>
      </header>
      {m.parts.length === 0 ? (
        <p className="muted">(empty)</p>
      ) : (
        m.parts.map((p, i) => <PartView key={i} part={p} />)
      )}
    </article>
  )
}

export function ConversationSection({
  span,
  events,
}: {
  span: Span
  events: ReadonlyArray<TraceEvent>
}) {
  const conv = useMemo(() => readConversation(span.attributes, events), [span, events])
  const agents = useAppStore((s) => s.agents)
  // drawn again when the user's prices change: the cost below reads them
  useAppStore((s) => s.pricesVersion)
  if (!conv) return null
  const u = conv.usage
  const totals = u ? addUsage(emptyTotals(), u, activePrices()) : null
  const model =
    conv.requestModel && conv.responseModel && conv.requestModel !== conv.responseModel
      ? `${conv.requestModel} → ${conv.responseModel}`
      : (conv.responseModel ?? conv.requestModel)
  return (
    <section className="conversation" aria-label="Conversation" data-testid="conversation">
      <h3>Conversation</h3>
      <dl className="conv-facts" data-testid="conv-facts">
        {span.agentId !== null && (
          <>
            <dt>agent</dt>
            {/* in the agent's colour, as on every other view */}
            <dd data-testid="conv-agent" className="row-agent" style={{ marginLeft: 0 }}>
              <span
                className="swatch"
                style={{ background: agentColourVar(agents, span.agentId) }}
              />
              <span style={{ color: agentColourVar(agents, span.agentId) }}>{span.agentId}</span>
            </dd>
          </>
        )}
        {model && (
          <>
            <dt>model</dt>
            <dd data-testid="conv-model">{model}</dd>
          </>
        )}
        {conv.finishReasons.length > 0 && (
          <>
            <dt>finish</dt>
            <dd data-testid="conv-finish">{conv.finishReasons.join(', ')}</dd>
          </>
        )}
        {u && totals && (
          <>
            <dt>tokens</dt>
            <dd data-testid="conv-tokens">
              in {formatTokens(totals.inputTokens)} · out {formatTokens(totals.outputTokens)}
              {u.cacheRead ? ` · cache read ${formatTokens(u.cacheRead)}` : ''}
              {u.cacheWrite ? ` · cache write ${formatTokens(u.cacheWrite)}` : ''}
              {u.reasoning ? ` · reasoning ${formatTokens(u.reasoning)}` : ''}
            </dd>
            <dt>cost</dt>
            <dd data-testid="conv-cost">
              {totals.costUsd !== null ? formatUsd(totals.costUsd) : 'unpriced'}
              {totals.unpricedTokens > 0 &&
                ` · ${formatTokens(totals.unpricedTokens)} tokens unpriced${u.model ? ` (no price for ${u.model})` : ''}`}
            </dd>
          </>
        )}
      </dl>
      {conv.systemInstructions.length > 0 && (
        <MessageView
          m={{
            role: 'system',
            name: null,
            parts: conv.systemInstructions,
            finishReason: null,
            side: 'input',
          }}
        />
      )}
      {conv.messages.map((m, i) => (
        <MessageView key={i} m={m} />
      ))}
      {conv.toolDefinitions.length > 0 && (
        <details className="conv-tools">
          <summary>tools offered ({conv.toolDefinitions.length})</summary>
          <MessageText text={prettyJson(conv.toolDefinitions)} mode="code" />
        </details>
      )}
    </section>
  )
}
