// A validated record with its payloads already encoded: what the writer queue holds and the
// batch writer binds. Dictionary ids and session row ids are resolved inside the transaction.
import type { TokenUsage } from '../../shared/genai/usage'
import type { QueuedPayload } from './payloadCodec'

type Id = string | Buffer

export type PreparedRecord =
  | {
      kind: 'session'
      id: string
      name: string | null
      status: string | null
      startTime: number | null
      endTime: number | null
      attributes: QueuedPayload
    }
  | {
      kind: 'span'
      sessionId: string
      spanId: Id
      traceId: Id | null
      parentId: Id | null
      name: string
      spanKind: string | null
      agentId: string | null
      startTime: number
      endTime: number | null
      status: number
      statusMessage: string | null
      attributes: QueuedPayload
      /** the span's token counts, read before its attributes are encoded */
      usage: TokenUsage | null
      links: QueuedPayload
    }
  | {
      kind: 'event'
      sessionId: string
      id: string | null
      spanId: Id | null
      agentId: string | null
      time: number
      name: string
      level: string | null
      message: string | null
      attributes: QueuedPayload
    }
  | {
      kind: 'error'
      id: string | null
      sessionId: string | null
      spanId: Id | null
      agentId: string | null
      time: number
      type: string
      message: string
      stack: QueuedPayload
      recoveryAction: string | null
      resolved: boolean
      resolutionNote: string | null
      resolvedAt: number | null
    }
  | {
      kind: 'agent'
      id: string
      name: string
      sessionId: string | null
      type: string | null
      status: string | null
      startTime: number | null
      endTime: number | null
      attributes: QueuedPayload
    }
  | {
      kind: 'message'
      id: string | null
      sessionId: string | null
      senderAgentId: string
      receiverAgentId: string | null
      type: string | null
      payload: QueuedPayload
      time: number
      deliveryStatus: string | null
      responseTo: string | null
    }
  | {
      kind: 'task'
      id: string
      sessionId: string | null
      agentId: string | null
      name: string | null
      status: string | null
      startTime: number | null
      endTime: number | null
      tokensUsed: number | null
      attributes: QueuedPayload
    }
  | {
      kind: 'metric'
      sessionId: string | null
      agentId: string | null
      time: number
      name: string
      value: number
      attributes: QueuedPayload
    }
  | {
      kind: 'memory'
      sessionId: string
      namespace: string
      key: string
      value: QueuedPayload
      time: number
      expiresAt: number | null
    }
