// One agent, one identity: an invoke_agent span carrying gen_ai.agent.id and its children
// carrying only gen_ai.agent.name are one agent — in the store's agent graph, per-agent filters
// and token totals — whichever batch arrives first; the SDK tracer reads the same attributes.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { otlpTracesToRecords } from '../../src/main/otlp'
import { openStore } from '../../src/main/store/traceStore'
import { createTracer, openStore as openSdkStore } from '../../src/lib'
import { agentIdentity, namesOfIds } from '../../src/shared/agentIdentity'
import { tempDir } from '../fixtures/seedWriters'
import { otlpRequest } from './otlpRequest'

const { dir, cleanup } = tempDir('ts-agent-id-')
afterAll(() => cleanup())

const T = Date.UTC(2025, 4, 1, 9, 0, 0)
const conv = { 'gen_ai.conversation.id': 'conv-9' }
const invoke = {
  spanId: 'a000000000000001',
  name: 'invoke_agent planner',
  start: T,
  end: T + 9_000,
  attrs: { ...conv, 'gen_ai.agent.id': 'asst_7f3', 'gen_ai.agent.name': 'planner' },
}
const chat = (i: number, input: number, output: number) => ({
  spanId: `b00000000000000${i}`,
  parentSpanId: invoke.spanId,
  name: 'chat gpt-4o',
  start: T + i * 1_000,
  end: T + i * 1_000 + 800,
  attrs: {
    ...conv,
    'gen_ai.agent.name': 'planner',
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': output,
  },
})

describe('agent identity', () => {
  it.each([
    ['children first (they end first)', true],
    ['the invoke_agent span first', false],
  ])('%s: one planner, no spawn arrow, every token on it', async (_label, childrenFirst) => {
    const store = openStore(path.join(dir, `graph-${childrenFirst}.db`))
    try {
      const children = otlpRequest([chat(1, 500, 120), chat(2, 900, 153)])
      const parent = otlpRequest([invoke])
      for (const req of childrenFirst ? [children, parent] : [parent, children]) {
        const { records, rejected } = otlpTracesToRecords(req)
        expect(rejected).toEqual([])
        await store.write(records)
      }
      const g = store.sessionGraph('conv-9')
      expect(g.agents.map((a) => [a.id, a.spanCount])).toEqual([['planner', 3]])
      expect(g.edges).toEqual([])
      const agents = store.listAgents({ sessionId: 'conv-9' }).items
      expect(agents.map((a) => [a.id, a.attributes['gen_ai.agent.id']])).toEqual([
        ['planner', 'asst_7f3'],
      ])
      expect(store.getSession('conv-9')?.agentCount).toBe(1)
      expect(store.listSpans({ sessionId: 'conv-9', agentIds: ['planner'] }).items).toHaveLength(3)
      const tokens = store
        .listMetrics({ sessionId: 'conv-9', limit: 100 })
        .items.filter((m) => m.name.startsWith('gen_ai.usage.'))
      expect(new Set(tokens.map((m) => m.agentId))).toEqual(new Set(['planner']))
      expect(tokens.reduce((n, m) => n + m.value, 0)).toBe(1_673)
    } finally {
      await store.close()
    }
  })

  it('a span that names its agent by id alone joins the agent its batch names', () => {
    const byId = { 'gen_ai.agent.id': 'asst_7f3' }
    const names = namesOfIds([invoke.attrs, byId])
    expect(agentIdentity(byId, names)).toMatchObject({ key: 'planner', declaredId: 'asst_7f3' })
    expect(agentIdentity(byId)?.key).toBe('asst_7f3')
    expect(agentIdentity({ 'resource.service.name': 'svc' })).toMatchObject({
      key: 'svc',
      type: 'service',
    })
  })

  it('the SDK tracer files a span under the GenAI agent its attributes name', async () => {
    const storage = openSdkStore(path.join(dir, 'sdk.db'))
    try {
      const tracer = createTracer(storage, { sessionId: 'sdk-run' })
      await tracer.withSpan(
        'invoke_agent planner',
        async () => {
          tracer.startSpan('chat', { 'gen_ai.agent.name': 'planner' }).end()
          tracer.startSpan('tool').end() // inherits its parent's agent
        },
        { 'gen_ai.agent.id': 'asst_7f3', 'gen_ai.agent.name': 'planner' },
      )
      await tracer.flush()
      const spans = storage.store.listSpans({ sessionId: 'sdk-run', limit: 10 }).items
      expect(spans.map((s) => s.agentId)).toEqual(['planner', 'planner', 'planner'])
    } finally {
      await storage.close()
    }
  })
})
