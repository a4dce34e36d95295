// A conversation as plain text: for copying a message, and for diffing two runs' prompts and
// completions line by line (src/shared/compare/messageDiff.ts).
import type { Conversation, Message } from './conversationTypes'

/** Pretty JSON for arguments and results; text stays text. */
export function prettyJson(v: unknown): string {
  if (typeof v === 'string') return v
  try {
    return JSON.stringify(v, null, 2) ?? String(v)
  } catch {
    return String(v)
  }
}

/** A message's parts as plain text. */
export function messageText(m: Message): string {
  return m.parts
    .map((p) => {
      switch (p.type) {
        case 'text':
        case 'reasoning':
          return p.content
        case 'tool_call':
          return `${p.name}(${prettyJson(p.arguments)})`
        case 'tool_call_response':
          return prettyJson(p.response)
        default:
          return prettyJson(p.value)
      }
    })
    .join('\n\n')
}

/** The whole call, one block per message headed by its role, system instructions first. */
export function conversationText(c: Conversation): string {
  const blocks: string[] = []
  if (c.systemInstructions.length)
    blocks.push(
      `[system]\n${messageText({ role: 'system', name: null, parts: c.systemInstructions, finishReason: null, side: 'input' })}`,
    )
  for (const m of c.messages)
    blocks.push(
      `[${m.side === 'output' ? 'completion' : 'prompt'} · ${m.role}${m.name ? ` ${m.name}` : ''}]\n${messageText(m)}`,
    )
  return blocks.join('\n\n') + '\n'
}
