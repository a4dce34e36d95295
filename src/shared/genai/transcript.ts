// A session as a transcript: its LLM calls and tool calls in time order, each with its agent.
// Every LLM call re-sends the conversation so far, so a call shows only the messages its
// agent's previous call did not already show (its input after the shared prefix, and its
// output); the count of the ones left out is kept so the view can say so.
import type { Attributes, Span, TraceEvent } from '../domain'
import { textOf } from './attributeAccess'
import { readConversation } from './conversation'
import type { Conversation, Message } from './conversationTypes'
import type { PriceTable } from './pricing'
import { tokenUsage } from './usage'
import { addUsage, emptyTotals, type UsageTotals } from './usageTotals'

export type TranscriptEntry =
  | {
      kind: 'llm'
      spanId: string
      agentId: string | null
      time: number
      name: string
      conversation: Conversation | null
      /** the messages to show: the ones this agent's previous call had not shown */
      messages: Message[]
      /** input messages left out because the previous call already showed them */
      repeated: number
      model: string | null
      usage: UsageTotals | null
    }
  | {
      kind: 'tool'
      spanId: string
      agentId: string | null
      time: number
      name: string
      toolName: string
      arguments: string | null
      result: string | null
    }

function toolOf(a: Attributes): string | null {
  const op = textOf(a['gen_ai.operation.name'])
  const name = textOf(a['gen_ai.tool.name']) ?? textOf(a['tool.name'])
  if (op === 'execute_tool') return name ?? 'tool'
  return name
}

/** Two messages are the same message when role and every part are equal. */
function key(m: Message): string {
  return `${m.role}\u0000${JSON.stringify(m.parts)}`
}

/**
 * The transcript of `spans` (any order); `events` are the session's span events (for the
 * conventions that put messages on events). Spans that are neither LLM calls (a conversation
 * or token counts) nor tool calls are left out.
 */
export function buildTranscript(
  spans: ReadonlyArray<Span>,
  events: ReadonlyArray<TraceEvent>,
  table: PriceTable,
): TranscriptEntry[] {
  const eventsBySpan = new Map<string, TraceEvent[]>()
  for (const e of events) {
    if (!e.spanId) continue
    const list = eventsBySpan.get(e.spanId)
    if (list) list.push(e)
    else eventsBySpan.set(e.spanId, [e])
  }
  const ordered = [...spans].sort((a, b) => a.startTime - b.startTime)
  /** per agent: the messages its last call showed (input then output) */
  const shown = new Map<string, string[]>()
  /** per agent: the system instructions its last call showed */
  const system = new Map<string, string>()
  const out: TranscriptEntry[] = []
  for (const s of ordered) {
    const a = s.attributes
    const conversation = readConversation(a, eventsBySpan.get(s.spanId) ?? [])
    const u = conversation?.usage ?? tokenUsage(a)
    if (conversation || u) {
      const agent = s.agentId ?? ''
      const before = shown.get(agent) ?? []
      const input = conversation?.messages.filter((m) => m.side === 'input') ?? []
      const output = conversation?.messages.filter((m) => m.side === 'output') ?? []
      let same = 0
      while (same < input.length && same < before.length && key(input[same]) === before[same])
        same++
      shown.set(agent, [...input, ...output].map(key))
      // system instructions are shown on an agent's first call and whenever they change
      const instructions: Message[] = []
      if (conversation?.systemInstructions.length) {
        const text = JSON.stringify(conversation.systemInstructions)
        if (system.get(agent) !== text)
          instructions.push({
            role: 'system',
            name: null,
            parts: conversation.systemInstructions,
            finishReason: null,
            side: 'input',
          })
        system.set(agent, text)
      }
      out.push({
        kind: 'llm',
        spanId: s.spanId,
        agentId: s.agentId ?? null,
        time: s.startTime,
        name: s.name,
        conversation,
        messages: [...instructions, ...input.slice(same), ...output],
        repeated: same,
        model: conversation?.responseModel ?? conversation?.requestModel ?? u?.model ?? null,
        usage: u ? addUsage(emptyTotals(), u, table) : null,
      })
      continue
    }
    const toolName = toolOf(a)
    if (toolName !== null)
      out.push({
        kind: 'tool',
        spanId: s.spanId,
        agentId: s.agentId ?? null,
        time: s.startTime,
        name: s.name,
        toolName,
        arguments: textOf(a['gen_ai.tool.call.arguments']) ?? textOf(a['tool.arguments']),
        result: textOf(a['gen_ai.tool.call.result']) ?? textOf(a['tool.result']),
      })
  }
  return out
}
