// The transcript of a session (transcript.ts): calls in time order, a call's messages without
// the ones its agent's previous call already showed, tool calls, and spans that are neither.
import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import { SHIPPED_PRICES } from '../../src/shared/genai/pricing'
import { buildTranscript } from '../../src/shared/genai/transcript'

function span(spanId: string, startTime: number, agentId: string | null, attributes: object): Span {
  return {
    sessionId: 's',
    traceId: 't',
    spanId,
    parentSpanId: null,
    name: spanId,
    startTime,
    endTime: startTime + 1,
    agentId,
    attributes,
  } as unknown as Span
}

const msgs = (...m: Array<[string, string]>) =>
  JSON.stringify(m.map(([role, content]) => ({ role, parts: [{ type: 'text', content }] })))

describe('buildTranscript', () => {
  const spans = [
    // out of order on purpose: the transcript sorts by start time
    span('c2', 30, 'coder', {
      'gen_ai.input.messages': msgs(['user', 'fix it'], ['assistant', 'done?'], ['user', 'yes']),
      'gen_ai.output.messages': msgs(['assistant', 'shipped']),
    }),
    span('c1', 10, 'coder', {
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be terse.' }]),
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 1_000_000,
      'gen_ai.usage.output_tokens': 0,
      'gen_ai.input.messages': msgs(['user', 'fix it']),
      'gen_ai.output.messages': msgs(['assistant', 'done?']),
    }),
    span('p1', 20, 'planner', {
      'gen_ai.input.messages': msgs(['user', 'fix it']),
    }),
    span('t1', 25, 'coder', {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'grep',
      'gen_ai.tool.call.arguments': '{"q":"x"}',
    }),
    span('other', 5, null, { 'http.method': 'GET' }),
  ]

  it('orders the calls by time and leaves out spans that are neither', () => {
    const t = buildTranscript(spans, [], SHIPPED_PRICES)
    expect(t.map((e) => [e.kind, e.spanId])).toEqual([
      ['llm', 'c1'],
      ['llm', 'p1'],
      ['tool', 't1'],
      ['llm', 'c2'],
    ])
  })

  it('shows a call only the messages its agent’s previous call did not', () => {
    const t = buildTranscript(spans, [], SHIPPED_PRICES)
    const c2 = t.find((e) => e.spanId === 'c2')!
    if (c2.kind !== 'llm') throw new Error('c2 is an LLM call')
    expect(c2.repeated).toBe(2)
    expect(c2.messages.map((m) => [m.role, m.parts[0]])).toEqual([
      ['user', { type: 'text', content: 'yes' }],
      ['assistant', { type: 'text', content: 'shipped' }],
    ])
    // another agent's call repeats nothing of the coder's
    const p1 = t.find((e) => e.spanId === 'p1')!
    expect(p1.kind === 'llm' && p1.repeated).toBe(0)
  })

  it('shows system instructions on an agent’s first call only, while they stay the same', () => {
    const t = buildTranscript(spans, [], SHIPPED_PRICES)
    const c1 = t[0]
    expect(c1.kind === 'llm' && c1.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
    ])
    const c2 = t[3]
    expect(c2.kind === 'llm' && c2.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
  })

  it('prices a call and reads a tool call’s arguments', () => {
    const t = buildTranscript(spans, [], SHIPPED_PRICES)
    const c1 = t[0]
    expect(c1.kind === 'llm' && c1.model).toBe('gpt-4o')
    expect(c1.kind === 'llm' && c1.usage?.costUsd).toBeCloseTo(2.5, 10)
    const tool = t[2]
    expect(tool).toMatchObject({ kind: 'tool', toolName: 'grep', arguments: '{"q":"x"}' })
  })
})
