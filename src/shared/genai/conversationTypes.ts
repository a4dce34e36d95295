// The conversation of one LLM call, whatever convention carried it. Shared by the viewer,
// the CLI and exporters; built by `conversation.ts`.
import type { TokenUsage } from './usage'

export type Role = 'system' | 'user' | 'assistant' | 'tool'

export type Part =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id: string | null; name: string; arguments: unknown }
  | {
      type: 'tool_call_response'
      id: string | null
      response: unknown
      /** name of the call this answers, when a tool_call with the same id is in the conversation */
      callName: string | null
    }
  /** any other part (blob, uri, file…): its type and its fields as sent */
  | { type: 'other'; kind: string; value: unknown }

export interface Message {
  /** system / user / assistant / tool, or the sender's own word when it used another */
  role: Role | string
  name: string | null
  parts: Part[]
  finishReason: string | null
  /** request (input) or response (output) side of the call */
  side: 'input' | 'output'
}

export type Convention =
  'otel-genai' | 'otel-genai-indexed' | 'otel-genai-events' | 'openinference' | 'tool-fields'

export interface Conversation {
  /** which convention the messages came from (the newest one present wins) */
  convention: Convention
  systemInstructions: Part[]
  messages: Message[]
  /** `gen_ai.tool.definitions` as sent (function name, description, parameters…) */
  toolDefinitions: unknown[]
  requestModel: string | null
  responseModel: string | null
  /** finish reasons of the response, in choice order */
  finishReasons: string[]
  usage: TokenUsage | null
}

/** A span event as the conversation reader needs it (TraceEvent fits). */
export interface ConversationEvent {
  name: string
  attributes: Record<string, unknown>
  message?: string | null
}
