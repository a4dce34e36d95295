// Messages and parts in the JSON shapes the conventions use: OpenTelemetry GenAI `parts`
// (text / tool_call / tool_call_response / reasoning / …), and the OpenAI-style
// `{ role, content, tool_calls: [{ id, function: { name, arguments } }] }` that the older
// GenAI events and many tools' own fields carry.
import type { Message, Part } from './conversationTypes'
import { parseJsonish, textOf } from './attributeAccess'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Arguments shown as data: JSON text is parsed so the viewer can pretty-print it. */
export function argumentsOf(v: unknown): unknown {
  return parseJsonish(v)
}

/** One OpenTelemetry GenAI part, or any part-like object. */
export function partOf(p: unknown): Part | null {
  if (typeof p === 'string') return p ? { type: 'text', content: p } : null
  if (!isObj(p)) return null
  const type = textOf(p.type) ?? (p.tool_call_id !== undefined ? 'tool_call_response' : 'text')
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text': {
      const content = textOf(p.content) ?? textOf(p.text)
      return content === null ? null : { type: 'text', content }
    }
    case 'reasoning':
    case 'thinking': {
      const content = textOf(p.content) ?? textOf(p.text) ?? textOf(p.thinking)
      return content === null ? null : { type: 'reasoning', content }
    }
    case 'tool_call':
    case 'function':
    case 'tool_use': {
      const fn = isObj(p.function) ? p.function : p
      return {
        type: 'tool_call',
        id: textOf(p.id),
        name: textOf(fn.name) ?? '(unnamed tool)',
        arguments: argumentsOf(fn.arguments ?? p.input ?? null),
      }
    }
    case 'tool_call_response':
    case 'tool_result':
      return {
        type: 'tool_call_response',
        id: textOf(p.id) ?? textOf(p.tool_call_id) ?? textOf(p.tool_use_id),
        response: argumentsOf(p.response ?? p.result ?? p.content ?? null),
        callName: null,
      }
    default:
      return { type: 'other', kind: type, value: p }
  }
}

export function partsOf(v: unknown): Part[] {
  const parsed = parseJsonish(v)
  if (parsed === null || parsed === undefined) return []
  const list = Array.isArray(parsed) ? parsed : [parsed]
  return list.map(partOf).filter((p): p is Part => p !== null)
}

/** OpenAI-style tool calls: `[{ id, type: 'function', function: { name, arguments } }]`. */
export function toolCallsOf(v: unknown): Part[] {
  const parsed = parseJsonish(v)
  if (!Array.isArray(parsed)) return []
  return parsed.map((c) => partOf({ ...(isObj(c) ? c : {}), type: 'tool_call' })!)
}

/**
 * A message in either shape. `parts` (OpenTelemetry GenAI) wins; otherwise `content` (text or
 * a list of parts), `tool_calls` and `tool_call_id` are read.
 */
export function messageOf(m: unknown, side: Message['side'], roleHint?: string): Message | null {
  const parsed = parseJsonish(m)
  if (typeof parsed === 'string')
    return {
      role: roleHint ?? 'user',
      name: null,
      parts: partsOf(parsed),
      finishReason: null,
      side,
    }
  if (!isObj(parsed)) return null
  // `gen_ai.choice` wraps the message: { index, finish_reason, message: { … } }
  const inner = isObj(parsed.message) ? parsed.message : parsed
  const role = textOf(inner.role) ?? roleHint ?? (side === 'output' ? 'assistant' : 'user')
  let parts: Part[]
  if (Array.isArray(inner.parts)) parts = partsOf(inner.parts)
  else {
    parts = []
    const toolCallId = textOf(inner.tool_call_id) ?? textOf(inner.id)
    if (role === 'tool' && inner.content !== undefined) {
      parts.push({
        type: 'tool_call_response',
        id: toolCallId,
        response: argumentsOf(inner.content),
        callName: null,
      })
    } else parts.push(...partsOf(inner.content))
    parts.push(...toolCallsOf(inner.tool_calls))
  }
  return {
    role,
    name: textOf(inner.name),
    parts,
    finishReason: textOf(parsed.finish_reason) ?? textOf(inner.finish_reason),
    side,
  }
}

export function messagesOf(v: unknown, side: Message['side']): Message[] {
  const parsed = parseJsonish(v)
  const list = Array.isArray(parsed)
    ? parsed
    : parsed === undefined || parsed === null
      ? []
      : [parsed]
  return list.map((m) => messageOf(m, side)).filter((m): m is Message => m !== null)
}

/** Gives each tool result the name of the call it answers (matched by id, else by order). */
export function matchToolResults(messages: Message[]): void {
  const calls = new Map<string, string>()
  const unanswered: string[] = []
  for (const m of messages)
    for (const p of m.parts) {
      if (p.type === 'tool_call') {
        if (p.id) calls.set(p.id, p.name)
        else unanswered.push(p.name)
      } else if (p.type === 'tool_call_response' && p.callName === null) {
        p.callName = (p.id ? calls.get(p.id) : unanswered.shift()) ?? null
      }
    }
}
