// A native store filled by the official OpenTelemetry JS SDK through the real collector: one
// agent run with LLM calls in the current GenAI convention (attributes and the details
// event), the older indexed convention, an unpriced model and a 200 KB prompt.
import path from 'node:path'
import { context, trace } from '@opentelemetry/api'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { openStore } from '../../src/main/store/traceStore'
import { startCollector } from '../../src/main/collector'

export const GENAI_SESSION = 'review-run'

/** What the user typed: line breaks, quotes, Markdown, and HTML that must stay text. */
export const REVIEW_PROMPT = [
  'Review this diff — keep "quotes" as typed.',
  'Second line right below.',
  '',
  '| file | change |',
  '| --- | --- |',
  '| a.ts | +3 |',
  '',
  '- first point',
  '- second point',
  '',
  '```ts',
  'const a = 1',
  '```',
  '<img src=x onerror="document.title=\'pwned\'"> <b>not bold</b>',
].join('\n')

export interface GenAiFixture {
  db: string
  spans: {
    current: string
    legacy: string
    unpriced: string
    big: string
    details: string
    root: string
    readFile: string
    runTests: string
  }
  bigPromptChars: number
}

export async function writeGenAiFixture(dir: string): Promise<GenAiFixture> {
  const db = path.join(dir, 'genai.db')
  const store = openStore(db)
  const collector = await startCollector({ store, port: 0 })
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'review-swarm' }),
    spanProcessors: [
      new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` })),
    ],
  })
  const tracer = provider.getTracer('review', '1.0.0')
  const conv = { 'gen_ai.conversation.id': GENAI_SESSION }
  const root = tracer.startSpan('invoke_agent reviewer', {
    attributes: {
      ...conv,
      'gen_ai.agent.name': 'reviewer',
      'gen_ai.operation.name': 'invoke_agent',
    },
  })
  const ctx = trace.setSpan(context.active(), root)
  const child = (name: string, attributes: Record<string, string | number | string[]>) =>
    tracer.startSpan(
      name,
      { attributes: { ...conv, 'gen_ai.agent.name': 'reviewer', ...attributes } },
      ctx,
    )

  const current = child('chat gpt-4o', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
    'gen_ai.usage.input_tokens': 1200,
    'gen_ai.usage.output_tokens': 300,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You review code.' }]),
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: REVIEW_PROMPT }] },
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: 'call_7',
            name: 'read_file',
            arguments: { path: 'src/a.ts', lines: [1, 20] },
          },
        ],
      },
      {
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: 'call_7', response: 'const a = 1\nexport {}' }],
      },
    ]),
    'gen_ai.output.messages': JSON.stringify([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Looks good.\nShip it.' }],
        finish_reason: 'stop',
      },
    ]),
  })
  current.end()

  const legacy = child('chat claude', {
    'gen_ai.system': 'anthropic',
    'gen_ai.request.model': 'anthropic/claude-3-5-sonnet-20241022',
    'gen_ai.usage.prompt_tokens': 2000,
    'gen_ai.usage.completion_tokens': 100,
    'gen_ai.prompt.0.role': 'system',
    'gen_ai.prompt.0.content': 'Be brief.',
    'gen_ai.prompt.1.role': 'user',
    'gen_ai.prompt.1.content': 'Find the tests\nthat cover a.ts',
    'gen_ai.completion.0.role': 'assistant',
    'gen_ai.completion.0.finish_reason': 'tool_use',
    'gen_ai.completion.0.tool_calls.0.id': 'toolu_1',
    'gen_ai.completion.0.tool_calls.0.name': 'grep',
    'gen_ai.completion.0.tool_calls.0.arguments': '{"pattern":"a.ts","path":"test/"}',
  })
  legacy.end()

  const details = child('chat gemini', {
    'gen_ai.request.model': 'gemini-2.5-flash',
    'gen_ai.usage.input_tokens': 400,
    'gen_ai.usage.output_tokens': 50,
  })
  details.addEvent('gen_ai.client.inference.operation.details', {
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: 'Summarise the review' }] },
    ]),
    'gen_ai.output.messages': JSON.stringify([
      { role: 'assistant', parts: [{ type: 'text', content: 'All good.' }], finish_reason: 'stop' },
    ]),
  })
  details.end()

  const unpriced = child('chat local', {
    'gen_ai.request.model': 'local-llama-3',
    'gen_ai.usage.input_tokens': 500,
    'gen_ai.usage.output_tokens': 100,
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: 'hello' }] },
    ]),
  })
  unpriced.end()

  // tool calls as spans (execute_tool), one by a second agent: the Conversation tab lists them
  const readFile = child('execute_tool read_file', {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'read_file',
    'gen_ai.tool.call.id': 'call_7',
    'gen_ai.tool.call.arguments': '{"path":"src/a.ts","lines":[1,20]}',
    'gen_ai.tool.call.result': 'const a = 1\nexport {}',
  })
  readFile.end()
  const runTests = tracer.startSpan(
    'execute_tool run_tests',
    {
      attributes: {
        ...conv,
        'gen_ai.agent.name': 'tester',
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'run_tests',
        'gen_ai.tool.call.arguments': '{"filter":"a.ts"}',
      },
    },
    ctx,
  )
  runTests.end()

  // ~200 KB of Markdown: paragraphs, lists and code, as a long pasted context looks
  const block = [
    '## Section',
    'Some text with `code` and **bold** words that goes on for a while.',
    'A second line kept as typed.',
    '',
    '- item one',
    '- item two',
    '',
    '```js',
    'function f(x) { return x * 2 }',
    '```',
    '',
  ].join('\n')
  const bigPrompt = block.repeat(Math.ceil(200_000 / block.length))
  const big = child('chat big context', {
    'gen_ai.request.model': 'gpt-4.1',
    'gen_ai.usage.input_tokens': 50_000,
    'gen_ai.usage.output_tokens': 10,
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: bigPrompt }] },
    ]),
  })
  big.end()
  root.end()
  // two more runs, so the sessions list has something to sort: one dear, one without LLM calls
  const plan = tracer.startSpan('invoke_agent planner', {
    attributes: { 'gen_ai.conversation.id': 'plan-run', 'gen_ai.agent.name': 'planner' },
  })
  tracer
    .startSpan(
      'chat claude-sonnet-4-5',
      {
        attributes: {
          'gen_ai.conversation.id': 'plan-run',
          'gen_ai.agent.name': 'planner',
          'gen_ai.request.model': 'claude-sonnet-4-5-20250929',
          'gen_ai.usage.input_tokens': 180_000,
          'gen_ai.usage.cache_read.input_tokens': 150_000,
          'gen_ai.usage.output_tokens': 4_000,
        },
      },
      trace.setSpan(context.active(), plan),
    )
    .end()
  plan.end()
  tracer.startSpan('lint', { attributes: { 'gen_ai.conversation.id': 'lint-run' } }).end()
  await provider.forceFlush()
  await provider.shutdown()
  await collector.close()
  await store.close()
  const id = (s: { spanContext(): { spanId: string } }) => s.spanContext().spanId
  return {
    db,
    spans: {
      current: id(current),
      legacy: id(legacy),
      unpriced: id(unpriced),
      big: id(big),
      details: id(details),
      root: id(root),
      readFile: id(readFile),
      runTests: id(runTests),
    },
    bigPromptChars: bigPrompt.length,
  }
}
