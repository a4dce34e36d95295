// readConversation over every convention, in the forms the attributes are really stored in:
// flat OTLP keys (through the OTLP mapper itself), nested objects from the library's tracer,
// JSON text, and span events.
import { describe, expect, it } from 'vitest'
import { readConversation } from '../../src/shared/genai/conversation'
import { otlpTracesToRecords } from '../../src/main/otlp/otlpTraces'
import type { Attributes } from '../../src/shared/domain'

const PROMPT = 'Review this diff:\n\n```ts\nconst a = 1\n```\nThanks — "quoted"'

/** Attributes as the OTLP mapper stores them for a span sent with these OTLP values. */
function viaOtlp(
  values: Record<string, unknown>,
  events: Array<{ name: string; attributes: Record<string, unknown> }> = [],
) {
  const kv = (o: Record<string, unknown>) =>
    Object.entries(o).map(([key, v]) => ({
      key,
      value:
        typeof v === 'number'
          ? Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v }
          : Array.isArray(v)
            ? { arrayValue: { values: v.map((s) => ({ stringValue: String(s) })) } }
            : { stringValue: String(v) },
    }))
  const request = {
    resourceSpans: [
      {
        resource: { attributes: kv({ 'service.name': 'svc' }) },
        scopeSpans: [
          {
            scope: { name: 't' },
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                name: 'chat',
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000001000000000',
                attributes: kv(values),
                events: events.map((e) => ({
                  name: e.name,
                  timeUnixNano: '1700000000500000000',
                  attributes: kv(e.attributes),
                })),
              },
            ],
          },
        ],
      },
    ],
  }
  const { records } = otlpTracesToRecords(request)
  const span = records.find((r) => r.kind === 'span') as { attributes: Attributes }
  const evs = records.filter((r) => r.kind === 'event') as Array<{
    name: string
    attributes: Attributes
    message?: string | null
  }>
  return { attrs: span.attributes, events: evs }
}

describe('readConversation', () => {
  it('reads the current OpenTelemetry GenAI attributes with parts, tool calls and results', () => {
    const { attrs } = viaOtlp({
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.system_instructions': JSON.stringify([
        { type: 'text', content: 'You are a reviewer.' },
      ]),
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: PROMPT }] },
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'call_1', name: 'read_file', arguments: { path: 'a.ts' } },
          ],
        },
        {
          role: 'tool',
          parts: [{ type: 'tool_call_response', id: 'call_1', response: 'const a = 1' }],
        },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', content: 'The diff is small.' },
            { type: 'text', content: 'Looks good.' },
          ],
          finish_reason: 'stop',
        },
      ]),
      'gen_ai.tool.definitions': JSON.stringify([{ type: 'function', name: 'read_file' }]),
    })
    const c = readConversation(attrs)!
    expect(c.convention).toBe('otel-genai')
    expect(c.systemInstructions).toEqual([{ type: 'text', content: 'You are a reviewer.' }])
    expect(c.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant'])
    expect(c.messages[0].parts[0]).toEqual({ type: 'text', content: PROMPT })
    expect(c.messages[1].parts[0]).toEqual({
      type: 'tool_call',
      id: 'call_1',
      name: 'read_file',
      arguments: { path: 'a.ts' },
    })
    expect(c.messages[2].parts[0]).toMatchObject({
      type: 'tool_call_response',
      id: 'call_1',
      callName: 'read_file',
      response: 'const a = 1',
    })
    expect(c.messages[3].parts.map((p) => p.type)).toEqual(['reasoning', 'text'])
    expect(c.messages[3].side).toBe('output')
    expect(c.finishReasons).toEqual(['tool_calls'])
    expect(c.requestModel).toBe('gpt-4o')
    expect(c.responseModel).toBe('gpt-4o-2024-08-06')
    expect(c.usage).toMatchObject({ input: 120, output: 30 })
    expect(c.toolDefinitions).toEqual([{ type: 'function', name: 'read_file' }])
  })

  it('reads the current attributes from the inference details event', () => {
    const { attrs, events } = viaOtlp({ 'gen_ai.request.model': 'claude-sonnet-4' }, [
      {
        name: 'gen_ai.client.inference.operation.details',
        attributes: {
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            {
              role: 'assistant',
              parts: [{ type: 'text', content: 'hello' }],
              finish_reason: 'end_turn',
            },
          ]),
        },
      },
    ])
    const c = readConversation(attrs, events)!
    expect(c.convention).toBe('otel-genai')
    expect(c.messages.map((m) => [m.role, m.parts[0]])).toEqual([
      ['user', { type: 'text', content: 'hi' }],
      ['assistant', { type: 'text', content: 'hello' }],
    ])
    expect(c.finishReasons).toEqual(['end_turn'])
  })

  it('reads the older indexed gen_ai.prompt / gen_ai.completion attributes with tool calls', () => {
    const { attrs } = viaOtlp({
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'Be brief.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': PROMPT,
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.finish_reason': 'tool_calls',
      'gen_ai.completion.0.tool_calls.0.id': 'c9',
      'gen_ai.completion.0.tool_calls.0.name': 'search',
      'gen_ai.completion.0.tool_calls.0.arguments': '{"q":"diff"}',
      'gen_ai.usage.prompt_tokens': 50,
      'gen_ai.usage.completion_tokens': 7,
    })
    const c = readConversation(attrs)!
    expect(c.convention).toBe('otel-genai-indexed')
    expect(c.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant'])
    expect(c.messages[1].parts).toEqual([{ type: 'text', content: PROMPT }])
    expect(c.messages[2].parts).toEqual([
      { type: 'tool_call', id: 'c9', name: 'search', arguments: { q: 'diff' } },
    ])
    expect(c.finishReasons).toEqual(['tool_calls'])
    // the mapper adds the current names; the older ones are not counted a second time
    expect(c.usage).toMatchObject({ input: 50, output: 7 })
  })

  it('reads the older per-message events and gen_ai.choice, matching tool results', () => {
    const { attrs, events } = viaOtlp({ 'gen_ai.request.model': 'gpt-4o-mini' }, [
      { name: 'gen_ai.system.message', attributes: { content: 'Be brief.' } },
      { name: 'gen_ai.user.message', attributes: { content: 'weather?' } },
      {
        name: 'gen_ai.assistant.message',
        attributes: {
          tool_calls: JSON.stringify([
            {
              id: 't1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
            },
          ]),
        },
      },
      { name: 'gen_ai.tool.message', attributes: { id: 't1', content: '{"temp":3}' } },
      {
        name: 'gen_ai.choice',
        attributes: {
          'gen_ai.event.content': JSON.stringify({
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: 'It is 3 °C.' },
          }),
        },
      },
    ])
    const c = readConversation(attrs, events)!
    expect(c.convention).toBe('otel-genai-events')
    expect(c.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
    ])
    expect(c.messages[2].parts[0]).toMatchObject({
      name: 'get_weather',
      arguments: { city: 'Oslo' },
    })
    expect(c.messages[3].parts[0]).toMatchObject({
      type: 'tool_call_response',
      id: 't1',
      callName: 'get_weather',
      response: { temp: 3 },
    })
    expect(c.messages[4]).toMatchObject({ side: 'output', finishReason: 'stop' })
    expect(c.finishReasons).toEqual(['stop'])
  })

  it('prefers the current convention when older ones are present too', () => {
    const { attrs } = viaOtlp({
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': 'old',
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'new' }] },
      ]),
    })
    const c = readConversation(attrs)!
    expect(c.convention).toBe('otel-genai')
    expect(c.messages).toHaveLength(1)
    expect(c.messages[0].parts[0]).toEqual({ type: 'text', content: 'new' })
  })

  it('reads OpenInference messages, content lists, tool calls and token counts', () => {
    const { attrs } = viaOtlp({
      'llm.model_name': 'claude-3-5-sonnet-20241022',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Be brief.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.contents.0.message_content.type': 'text',
      'llm.input_messages.1.message.contents.0.message_content.text': 'line 1\nline 2',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'tu_1',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'grep',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"pattern":"x"}',
      'llm.token_count.prompt': 900,
      'llm.token_count.completion': 40,
      'llm.token_count.prompt_details.cache_read': 800,
    })
    const c = readConversation(attrs)!
    expect(c.convention).toBe('openinference')
    expect(c.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant'])
    expect(c.messages[1].parts).toEqual([{ type: 'text', content: 'line 1\nline 2' }])
    expect(c.messages[2].parts[0]).toEqual({
      type: 'tool_call',
      id: 'tu_1',
      name: 'grep',
      arguments: { pattern: 'x' },
    })
    expect(c.responseModel).toBe('claude-3-5-sonnet-20241022')
    expect(c.usage).toMatchObject({
      input: 900,
      output: 40,
      cacheRead: 800,
      model: 'claude-3-5-sonnet-20241022',
    })
  })

  it('reads nested objects as the library tracer stores them', () => {
    const attrs: Attributes = {
      gen_ai: {
        request: { model: 'gpt-4.1' },
        prompt: [{ role: 'user', content: 'nested prompt' }],
        completion: [{ role: 'assistant', content: 'nested answer', finish_reason: 'stop' }],
        usage: { input_tokens: 11, output_tokens: 3 },
      },
    }
    const c = readConversation(attrs)!
    expect(c.convention).toBe('otel-genai-indexed')
    expect(c.messages.map((m) => m.parts[0])).toEqual([
      { type: 'text', content: 'nested prompt' },
      { type: 'text', content: 'nested answer' },
    ])
    expect(c.requestModel).toBe('gpt-4.1')
    expect(c.usage).toMatchObject({ input: 11, output: 3 })
    // messages as a real array value under the flat key (no JSON text)
    const d = readConversation({
      'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'array' }] }],
    })!
    expect(d.messages[0].parts[0]).toEqual({ type: 'text', content: 'array' })
  })

  it('reads tools’ own prompt fields under data or metadata', () => {
    const c = readConversation({
      data: JSON.stringify({ prompt: 'Plan the task', response: 'Done' }),
    })!
    expect(c.convention).toBe('tool-fields')
    expect(c.messages.map((m) => [m.role, m.parts[0]])).toEqual([
      ['user', { type: 'text', content: 'Plan the task' }],
      ['assistant', { type: 'text', content: 'Done' }],
    ])
    const m = readConversation({ metadata: { messages: [{ role: 'user', content: 'hi' }] } })!
    expect(m.messages[0].parts[0]).toEqual({ type: 'text', content: 'hi' })
  })

  it('returns null for a span with no LLM content and keeps bad JSON as text', () => {
    expect(readConversation({ 'http.method': 'GET' })).toBeNull()
    const c = readConversation({ 'gen_ai.input.messages': '[not json' })!
    expect(c.messages[0].parts[0]).toEqual({ type: 'text', content: '[not json' })
  })
})
