// Span records for the service bench: OTLP-like ids, a few attributes, parents, agents.
export interface SpanRecordLike {
  kind: 'span'
  sessionId: string
  traceId: string
  spanId: string
  parentSpanId: string | null
  name: string
  agentId: string
  startTime: number
  endTime: number
  status: 'ok' | 'error'
  attributes: Record<string, unknown>
}

const TRACE = 'f'.repeat(32)
const NAMES = ['llm.call', 'tool.search', 'tool.write', 'plan', 'review', 'agent.run', 'memory.get']

export function spanBatch(sessionId: string, start: number, n: number): SpanRecordLike[] {
  const base = Date.UTC(2025, 0, 1)
  const out: SpanRecordLike[] = new Array(n)
  for (let k = 0; k < n; k++) {
    const i = start + k
    out[k] = {
      kind: 'span',
      sessionId,
      traceId: TRACE,
      spanId: i.toString(16).padStart(16, '0'),
      parentSpanId: i % 10 === 0 ? null : (i - (i % 10)).toString(16).padStart(16, '0'),
      name: NAMES[i % NAMES.length],
      agentId: `agent-${i % 8}`,
      startTime: base + i * 2,
      endTime: base + i * 2 + 15,
      status: i % 97 === 0 ? 'error' : 'ok',
      attributes: { 'gen_ai.usage.input_tokens': i % 500, 'tool.name': NAMES[i % NAMES.length] },
    }
  }
  return out
}
