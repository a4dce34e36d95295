// A deterministic generator of realistic agent-swarm records, shared by benches and tests.
// Sessions run concurrently (their records interleave, as in a live collector), each with a few
// agents whose spans form trees: an `agent.run` root per agent and LLM/tool/task spans under it,
// ≈8 GenAI-style attributes per span, a share with a > 1 KB prompt payload, error spans with
// error records, log events, agent → agent messages and resource metrics.
import type { TraceRecord } from '../src/shared/domain'

export interface SwarmOptions {
  /** PRNG seed: the same options always give the same records */
  seed?: number
  /** total spans to generate */
  spans: number
  spansPerSession?: number
  /** sessions written at the same time (interleaved) */
  concurrentSessions?: number
  agentsPerSession?: number
  /** epoch ms of the first record */
  startTime?: number
  /** ms between consecutive spans of the whole stream */
  spanGapMs?: number
  /** share of spans with a > 1 KB payload (default 0.05) */
  bigPayloadRatio?: number
  /** share of spans that fail, each with an error record (default 0.02) */
  errorRatio?: number
  /** also emit events, messages, metrics, session and agent records (default true) */
  extras?: boolean
}

/** mulberry32: small, fast, deterministic */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SPAN_NAMES = [
  'llm.chat',
  'llm.completion',
  'tool.read_file',
  'tool.write_file',
  'tool.bash',
  'tool.search',
  'task.plan',
  'task.execute',
  'memory.store',
  'memory.retrieve',
  'agent.handoff',
  'retrieval.query',
]
const MODELS = ['claude-sonnet-4', 'gpt-4o', 'gpt-4o-mini', 'llama-3.1-70b']
const ROLES = ['coordinator', 'coder', 'reviewer', 'tester', 'researcher', 'planner']
const WORDS =
  'the agent plans a change reads files writes code runs tests reviews the diff and reports back to the coordinator with a summary of what changed and why it matters for the task at hand'.split(
    ' ',
  )
const FILES = ['src/app.ts', 'src/store.ts', 'README.md', 'test/app.test.ts', 'package.json']

function hex(rand: () => number, bytes: number): string {
  let s = ''
  for (let i = 0; i < bytes; i++) s += ((rand() * 256) | 0).toString(16).padStart(2, '0')
  return s
}

// a fixed vocabulary of ~600 words (English plus made-up identifiers) so prompt text compresses
// like real prompts (≈ 2.5–3.5× with gzip), not like a repeated sentence
const VOCABULARY: string[] = (() => {
  const r = prng(7)
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tas', 'vor', 'qui', 'zen', 'dar', 'pel', 'sto', 'ux']
  const words = [...WORDS]
  while (words.length < 600) {
    let w = ''
    const n = 1 + ((r() * 4) | 0)
    for (let i = 0; i < n; i++) w += syllables[(r() * syllables.length) | 0]
    words.push(r() < 0.2 ? `${w}_${(r() * 1000) | 0}` : w)
  }
  return words
})()

function prose(rand: () => number, minChars: number): string {
  const out: string[] = []
  let n = 0
  while (n < minChars) {
    const w =
      rand() < 0.1 ? String((rand() * 100000) | 0) : VOCABULARY[(rand() * VOCABULARY.length) | 0]
    out.push(w)
    n += w.length + 1
  }
  return out.join(' ')
}

interface LiveSession {
  id: string
  traceId: string
  agents: Array<{ id: string; role: string; rootSpanId: string }>
  written: number
  recentSpanIds: string[]
}

/** Yields records in write order; exactly `spans` span records, plus extras. */
export function* swarmRecords(opts: SwarmOptions): Generator<TraceRecord> {
  const rand = prng(opts.seed ?? 42)
  const perSession = opts.spansPerSession ?? 1000
  const concurrent = opts.concurrentSessions ?? 20
  const agentsPer = opts.agentsPerSession ?? 5
  const gap = opts.spanGapMs ?? 5
  const bigRatio = opts.bigPayloadRatio ?? 0.05
  const errorRatio = opts.errorRatio ?? 0.02
  const extras = opts.extras ?? true
  let t = opts.startTime ?? Date.UTC(2026, 0, 1)
  let sessionSeq = 0
  const live: LiveSession[] = []

  function* open(): Generator<TraceRecord, LiveSession> {
    const id = `swarm-${String(sessionSeq++).padStart(6, '0')}`
    const s: LiveSession = { id, traceId: hex(rand, 16), agents: [], written: 0, recentSpanIds: [] }
    if (extras)
      yield {
        kind: 'session',
        id,
        name: `swarm run ${sessionSeq}`,
        status: 'running',
        startTime: t,
      }
    for (let a = 0; a < agentsPer; a++) {
      const role = ROLES[a % ROLES.length]
      s.agents.push({ id: `${id}-${role}-${a}`, role, rootSpanId: hex(rand, 8) })
      if (extras) {
        yield {
          kind: 'agent',
          id: `${id}-${role}-${a}`,
          sessionId: id,
          name: `${role} ${a}`,
          type: role,
          status: 'active',
          startTime: t,
        }
      }
    }
    return s
  }

  for (let i = 0; i < opts.spans; i++) {
    // a new session only while the remaining spans still need one
    while (live.length < concurrent && sessionSeq * perSession < opts.spans)
      live.push(yield* open())
    const slot = i % live.length
    const s = live[slot]
    const agent = s.agents[(rand() * s.agents.length) | 0]
    t += gap
    const first = s.written < s.agents.length
    const spanId = first ? s.agents[s.written].rootSpanId : hex(rand, 8)
    const owner = first ? s.agents[s.written] : agent
    const name = first ? 'agent.run' : SPAN_NAMES[(rand() * SPAN_NAMES.length) | 0]
    const failed = !first && rand() < errorRatio
    const duration = first ? perSession * gap : 1 + rand() * 2000
    const input = (rand() * 4000) | 0
    const attributes: Record<string, unknown> = {
      'gen_ai.system': 'swarm',
      'gen_ai.request.model': MODELS[(rand() * MODELS.length) | 0],
      'gen_ai.operation.name': name.startsWith('llm') ? 'chat' : 'execute_tool',
      'gen_ai.agent.name': owner.role,
      'gen_ai.usage.input_tokens': input,
      'gen_ai.usage.output_tokens': (input * rand()) | 0,
      'code.filepath': FILES[(rand() * FILES.length) | 0],
      'swarm.task_id': `task-${(rand() * 1000) | 0}`,
    }
    if (rand() < bigRatio) attributes['gen_ai.prompt'] = prose(rand, 1200 + ((rand() * 2000) | 0))
    const parent = first
      ? null
      : rand() < 0.7 || s.recentSpanIds.length === 0
        ? owner.rootSpanId
        : s.recentSpanIds[(rand() * s.recentSpanIds.length) | 0]
    yield {
      kind: 'span',
      sessionId: s.id,
      traceId: s.traceId,
      spanId,
      parentSpanId: parent,
      name,
      spanKind: name.startsWith('llm') ? 'client' : 'internal',
      agentId: owner.id,
      startTime: t,
      endTime: t + duration,
      status: failed ? 'error' : 'ok',
      statusMessage: failed ? 'tool returned a non-zero exit code' : null,
      attributes,
    }
    s.recentSpanIds.push(spanId)
    if (s.recentSpanIds.length > 16) s.recentSpanIds.shift()
    if (extras) {
      if (failed) {
        yield {
          kind: 'error',
          sessionId: s.id,
          spanId,
          agentId: owner.id,
          time: t + duration,
          type: 'ToolError',
          message: `exit code ${1 + ((rand() * 3) | 0)} from ${attributes['code.filepath']}`,
          stack: 'Error: exit code\n    at runTool (swarm/tools.ts:42:11)',
        }
      }
      if (rand() < 0.1) {
        yield {
          kind: 'event',
          sessionId: s.id,
          spanId,
          agentId: owner.id,
          time: t + 1,
          name: 'log',
          level: 'info',
          message: prose(rand, 40),
        }
      }
      if (rand() < 0.05) {
        const to = s.agents[(rand() * s.agents.length) | 0]
        yield {
          kind: 'message',
          sessionId: s.id,
          senderAgentId: owner.id,
          receiverAgentId: to.id,
          type: 'request',
          time: t,
          payload: { text: prose(rand, 60) },
        }
      }
      if (i % 100 === 0) {
        yield {
          kind: 'metric',
          sessionId: s.id,
          agentId: owner.id,
          time: t,
          name: 'cpu.percent',
          value: rand() * 100,
        }
      }
    }
    s.written++
    if (s.written >= perSession) {
      if (extras) yield { kind: 'session', id: s.id, status: 'completed', endTime: t + 1 }
      live.splice(slot, 1)
    }
  }
}

/** All records at once (tests and small runs). */
export function swarm(opts: SwarmOptions): TraceRecord[] {
  return [...swarmRecords(opts)]
}
