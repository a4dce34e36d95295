// One LLM call as a conversation: every convention that carries prompts and completions, read
// into one shape. When a span carries several, the newest convention wins:
//   1. OpenTelemetry GenAI (current): `gen_ai.system_instructions`, `gen_ai.input.messages`,
//      `gen_ai.output.messages`, `gen_ai.tool.definitions`, on the span or on its
//      `gen_ai.client.inference.operation.details` event;
//   2. the per-message events that preceded them: `gen_ai.system|user|assistant|tool.message`,
//      `gen_ai.choice` (and the first `gen_ai.content.prompt|completion` events);
//   3. the indexed attributes before those: `gen_ai.prompt.N.*`, `gen_ai.completion.N.*`;
//   4. OpenInference (Phoenix): `llm.input_messages.N.message.*`, `llm.output_messages.N.*`;
//   5. tools' own fields: a `messages` list, or `prompt` with `response`/`completion` text, at the
//      top level or under `data`/`metadata` (Claude-Flow trace data, MoAI SwarmDB metadata).
import type { Attributes } from '../domain'
import type {
  Convention,
  Conversation,
  ConversationEvent,
  Message,
  Part,
} from './conversationTypes'
import { attr, entry, flatUnder, indexes, parseJsonish, textOf } from './attributeAccess'
import { matchToolResults, messageOf, messagesOf, partsOf } from './messageParts'
import { tokenUsage } from './usage'

export type { Conversation, Message, Part } from './conversationTypes'

const DETAILS_EVENT = 'gen_ai.client.inference.operation.details'
const ROLE_EVENTS: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
}

interface Read {
  convention: Convention
  system: Part[]
  messages: Message[]
  tools: unknown[]
}

function listOf(v: unknown): unknown[] {
  const parsed = parseJsonish(v)
  return Array.isArray(parsed) ? parsed : parsed === undefined || parsed === null ? [] : [parsed]
}

function readCurrent(attrs: Attributes, events: ConversationEvent[]): Read | null {
  const details = events.find((e) => e.name === DETAILS_EVENT)?.attributes ?? {}
  const get = (k: string): unknown => attr(attrs, k) ?? attr(details, k)
  const input = get('gen_ai.input.messages')
  const output = get('gen_ai.output.messages')
  const system = get('gen_ai.system_instructions')
  if (input === undefined && output === undefined && system === undefined) return null
  return {
    convention: 'otel-genai',
    system: partsOf(system),
    messages: [...messagesOf(input, 'input'), ...messagesOf(output, 'output')],
    tools: listOf(get('gen_ai.tool.definitions')),
  }
}

/** The body of an older GenAI event: on attributes, in `gen_ai.event.content`, or the log body. */
function eventBody(e: ConversationEvent): unknown {
  const a = e.attributes
  const packed = a['gen_ai.event.content'] ?? a['event.body']
  if (packed !== undefined) return parseJsonish(packed)
  if (a.content !== undefined || a.tool_calls !== undefined || a.message !== undefined) return a
  if (e.message) return parseJsonish(e.message)
  return a
}

function readEvents(events: ConversationEvent[]): Read | null {
  const messages: Message[] = []
  for (const e of events) {
    const role = ROLE_EVENTS[e.name]
    if (role) {
      const m = messageOf(eventBody(e), 'input', role)
      if (m) messages.push({ ...m, role: textOf(e.attributes.role) ?? role })
    } else if (e.name === 'gen_ai.choice') {
      const m = messageOf(eventBody(e), 'output', 'assistant')
      if (m) messages.push(m)
    } else if (e.name === 'gen_ai.content.prompt') {
      messages.push(...messagesOf(e.attributes['gen_ai.prompt'], 'input'))
    } else if (e.name === 'gen_ai.content.completion') {
      messages.push(...messagesOf(e.attributes['gen_ai.completion'], 'output'))
    }
  }
  if (messages.length === 0) return null
  return { convention: 'otel-genai-events', system: [], messages, tools: [] }
}

/** `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` → the message shape messageOf reads. */
function indexedMessages(flat: Map<string, unknown>, side: Message['side']): Message[] {
  const out: Message[] = []
  for (const n of indexes(flat)) {
    const e = entry(flat, n)
    const calls = mapUnder(e, 'tool_calls')
    const toolCalls = indexes(calls).map((m) => {
      const c = entry(calls, m)
      return {
        id: c.get('id') ?? null,
        function: {
          name: c.get('name') ?? c.get('function.name'),
          arguments: c.get('arguments') ?? c.get('function.arguments'),
        },
      }
    })
    const m = messageOf(
      {
        role: e.get('role'),
        content: e.get('content'),
        tool_calls: toolCalls,
        tool_call_id: e.get('tool_call_id'),
        finish_reason: e.get('finish_reason'),
        name: e.get('name'),
      },
      side,
    )
    if (m) out.push(m)
  }
  return out
}

function mapUnder(m: Map<string, unknown>, prefix: string): Map<string, unknown> {
  const out = new Map<string, unknown>()
  const p = prefix + '.'
  for (const [k, v] of m) if (k.startsWith(p)) out.set(k.slice(p.length), v)
  return out
}

function readIndexed(attrs: Attributes): Read | null {
  const messages = [
    ...indexedMessages(flatUnder(attrs, 'gen_ai.prompt'), 'input'),
    ...indexedMessages(flatUnder(attrs, 'gen_ai.completion'), 'output'),
  ]
  if (messages.length === 0) return null
  return { convention: 'otel-genai-indexed', system: [], messages, tools: [] }
}

/** OpenInference: `N.message.role|content|name|tool_call_id`, `…contents.K.message_content.*`, `…tool_calls.K.tool_call.*`. */
function openInferenceMessages(flat: Map<string, unknown>, side: Message['side']): Message[] {
  const out: Message[] = []
  for (const n of indexes(flat)) {
    const e = mapUnder(entry(flat, n), 'message')
    const contents = mapUnder(e, 'contents')
    const content =
      e.get('content') ??
      indexes(contents).map((k) => {
        const c = mapUnder(entry(contents, k), 'message_content')
        return { type: c.get('type') ?? 'text', text: c.get('text') }
      })
    const calls = mapUnder(e, 'tool_calls')
    const toolCalls = indexes(calls).map((k) => {
      const c = mapUnder(entry(calls, k), 'tool_call')
      return {
        id: c.get('id') ?? null,
        function: { name: c.get('function.name'), arguments: c.get('function.arguments') },
      }
    })
    const m = messageOf(
      {
        role: e.get('role'),
        content,
        tool_calls: toolCalls,
        tool_call_id: e.get('tool_call_id'),
        name: e.get('name'),
      },
      side,
    )
    if (m) out.push(m)
  }
  return out
}

function readOpenInference(attrs: Attributes): Read | null {
  const messages = [
    ...openInferenceMessages(flatUnder(attrs, 'llm.input_messages'), 'input'),
    ...openInferenceMessages(flatUnder(attrs, 'llm.output_messages'), 'output'),
  ]
  if (messages.length === 0) return null
  const tools = flatUnder(attrs, 'llm.tools')
  return {
    convention: 'openinference',
    system: [],
    messages,
    tools: indexes(tools).map((n) => parseJsonish(entry(tools, n).get('tool.json_schema'))),
  }
}

function readToolFields(attrs: Attributes): Read | null {
  for (const base of [attrs, attrs.data, attrs.metadata, attrs.payload]) {
    const o = parseJsonish(base)
    if (typeof o !== 'object' || o === null || Array.isArray(o)) continue
    const a = o as Attributes
    const list = parseJsonish(a.messages)
    if (
      Array.isArray(list) &&
      list.some((m) => typeof m === 'object' && m !== null && 'role' in m)
    ) {
      const messages = messagesOf(list, 'input')
      if (messages.length) return { convention: 'tool-fields', system: [], messages, tools: [] }
    }
    const prompt = textOf(a.prompt)
    if (prompt !== null) {
      const messages: Message[] = [messageOf({ role: 'user', content: prompt }, 'input')!]
      const reply = textOf(a.response) ?? textOf(a.completion)
      if (reply !== null) messages.push(messageOf({ role: 'assistant', content: reply }, 'output')!)
      return { convention: 'tool-fields', system: [], messages, tools: [] }
    }
  }
  return null
}

function finishReasons(attrs: Attributes, messages: Message[]): string[] {
  const listed = listOf(attr(attrs, 'gen_ai.response.finish_reasons'))
    .map(textOf)
    .filter((s): s is string => s !== null)
  if (listed.length) return listed
  return messages.filter((m) => m.side === 'output' && m.finishReason).map((m) => m.finishReason!)
}

/** The span's conversation, or null when it carries no prompt, completion or instructions. */
export function readConversation(
  attrs: Attributes,
  events: ReadonlyArray<ConversationEvent> = [],
): Conversation | null {
  const evs = events as ConversationEvent[]
  const read =
    readCurrent(attrs, evs) ??
    readEvents(evs) ??
    readIndexed(attrs) ??
    readOpenInference(attrs) ??
    readToolFields(attrs)
  if (!read || (read.messages.length === 0 && read.system.length === 0)) return null
  matchToolResults(read.messages)
  return {
    convention: read.convention,
    systemInstructions: read.system,
    messages: read.messages,
    toolDefinitions: read.tools,
    requestModel: textOf(attr(attrs, 'gen_ai.request.model')),
    responseModel:
      textOf(attr(attrs, 'gen_ai.response.model')) ?? textOf(attr(attrs, 'llm.model_name')),
    finishReasons: finishReasons(attrs, read.messages),
    usage: tokenUsage(attrs),
  }
}
