// A native store with everything the viewer shows: sessions of each status, a span tree with
// agents, events, errors (two alike, one different), metrics, memory, tasks and messages.
// Written through the real store (openStore), like the app's collector would.
import path from 'node:path'
import type { TraceRecord } from '../../src/shared/domain'
import { openStore } from '../../src/main/store/traceStore'

export const SWARM = 'research-swarm-1'
export const LIVE = 'live-run-7'
export const ERROR_SPAN = 'span-tool-fail'
export const T0 = Date.UTC(2026, 10, 21, 9, 0, 0)

function hex(n: number, width = 16): string {
  return n.toString(16).padStart(width, '0')
}

export function swarmRecords(): TraceRecord[] {
  const r: TraceRecord[] = []
  const traceId = hex(0xabc, 32)
  r.push({
    kind: 'session',
    id: SWARM,
    name: 'Research swarm',
    status: 'completed',
    startTime: T0,
    endTime: T0 + 60_000,
    // only on the session: find in a session must still find it
    attributes: { 'deployment.region': 'fjord-west' },
  })
  const agents = [
    ['planner', 'Planner'],
    ['researcher', 'Researcher'],
    ['coder', 'Coder'],
  ]
  for (const [id, name] of agents)
    r.push({
      kind: 'agent',
      id,
      name,
      sessionId: SWARM,
      type: 'llm',
      status: 'completed',
      startTime: T0,
      endTime: T0 + 60_000,
    })
  r.push({
    kind: 'span',
    sessionId: SWARM,
    traceId,
    spanId: 'span-root',
    name: 'swarm.run',
    agentId: 'planner',
    startTime: T0,
    endTime: T0 + 60_000,
    status: 'ok',
    attributes: {
      'gen_ai.agent.name': 'Planner',
      goal: 'compare vector databases',
      payload: { steps: [1, 2, 3], notes: 'x'.repeat(600) },
    },
  })
  let n = 0
  for (let step = 0; step < 6; step++) {
    const stepId = `span-step-${step}`
    const s0 = T0 + step * 9000 + 500
    const agent = agents[(step % 2) + 1][0]
    r.push({
      kind: 'span',
      sessionId: SWARM,
      traceId,
      spanId: stepId,
      parentSpanId: 'span-root',
      name: `plan.step ${step}`,
      agentId: agent,
      startTime: s0,
      endTime: s0 + 8000,
      status: 'ok',
    })
    for (let k = 0; k < 4; k++) {
      const c0 = s0 + k * 1900 + 100
      const name = k % 2 === 0 ? 'llm.chat' : 'tool.search'
      r.push({
        kind: 'span',
        sessionId: SWARM,
        traceId,
        spanId: `span-${step}-${k}`,
        parentSpanId: stepId,
        name,
        agentId: agent,
        startTime: c0,
        endTime: c0 + 1500,
        status: 'ok',
        attributes: { 'gen_ai.usage.input_tokens': 120 + n, 'gen_ai.usage.output_tokens': 40 + k },
      })
      r.push({
        kind: 'event',
        sessionId: SWARM,
        spanId: `span-${step}-${k}`,
        time: c0 + 700,
        name: 'token.stream',
        level: 'info',
        message: 'first token',
      })
      n++
    }
  }
  r.push({
    kind: 'span',
    sessionId: SWARM,
    traceId,
    spanId: ERROR_SPAN,
    parentSpanId: 'span-step-2',
    name: 'tool.fetch_page',
    agentId: 'researcher',
    startTime: T0 + 18_600,
    endTime: T0 + 19_900,
    status: 'error',
    statusMessage: 'HTTP 503 from upstream',
  })
  r.push({
    kind: 'error',
    id: 'err-1',
    sessionId: SWARM,
    spanId: ERROR_SPAN,
    agentId: 'researcher',
    time: T0 + 19_900,
    type: 'FetchError',
    message: 'HTTP 503 after 1200ms',
    stack: 'FetchError: HTTP 503\n    at fetchPage (tools.ts:42)\n    at run (agent.ts:10)',
  })
  r.push({
    kind: 'error',
    id: 'err-2',
    sessionId: SWARM,
    spanId: 'span-4-1',
    agentId: 'researcher',
    time: T0 + 38_000,
    type: 'FetchError',
    message: 'HTTP 503 after 900ms',
  })
  r.push({
    kind: 'error',
    id: 'err-3',
    sessionId: SWARM,
    spanId: 'span-5-0',
    agentId: 'coder',
    time: T0 + 47_000,
    type: 'ValidationError',
    message: 'schema mismatch in tool output',
  })
  // spawn edges come from cross-agent parentage; messages are explicit
  for (let m = 0; m < 5; m++)
    r.push({
      kind: 'message',
      id: `msg-${m}`,
      sessionId: SWARM,
      senderAgentId: 'planner',
      receiverAgentId: m % 2 ? 'coder' : 'researcher',
      type: 'task',
      time: T0 + m * 9000 + 400,
      payload: { step: m },
    })
  for (let t = 0; t < 60; t++) {
    const time = T0 + t * 1000
    r.push({
      kind: 'metric',
      sessionId: SWARM,
      agentId: null,
      time,
      name: 'cpu.percent',
      value: 30 + 20 * Math.sin(t / 6),
    })
    r.push({
      kind: 'metric',
      sessionId: SWARM,
      agentId: null,
      time,
      name: 'tokens.total',
      value: t * 180,
    })
  }
  for (let t = 0; t < 6; t++)
    r.push({
      kind: 'task',
      id: `task-${t}`,
      sessionId: SWARM,
      agentId: agents[(t % 2) + 1][0],
      name: `step ${t}`,
      status: 'completed',
      startTime: T0 + t * 9000,
      endTime: T0 + t * 9000 + 8000,
      tokensUsed: 900 + t,
    })
  r.push({
    kind: 'memory',
    sessionId: SWARM,
    namespace: 'research',
    key: 'findings',
    value: { best: 'sqlite', candidates: ['sqlite', 'duckdb'] },
    time: T0 + 50_000,
    expiresAt: null,
  })
  r.push({
    kind: 'memory',
    sessionId: SWARM,
    namespace: 'scratch',
    key: 'cursor',
    value: 42,
    time: T0 + 51_000,
    expiresAt: Date.now() + 3_600_000,
  })
  return r
}

/** Older finished sessions, so the list has something to sort. */
function otherSessions(): TraceRecord[] {
  const r: TraceRecord[] = []
  for (let i = 0; i < 5; i++) {
    const id = `batch-job-${i}`
    const start = T0 - (i + 1) * 3_600_000
    r.push({
      kind: 'session',
      id,
      name: `Nightly batch ${i}`,
      status: i === 3 ? 'failed' : 'completed',
      startTime: start,
      endTime: start + (i + 1) * 10_000,
    })
    for (let k = 0; k <= i; k++)
      r.push({
        kind: 'span',
        sessionId: id,
        spanId: `b${i}-${k}`,
        parentSpanId: k ? `b${i}-0` : null,
        name: `stage.${k}`,
        startTime: start + k * 100,
        endTime: start + k * 100 + 5_000,
        status: i === 3 && k === 0 ? 'error' : 'ok',
      })
  }
  return r
}

export function liveSpan(i: number, now = Date.now()): TraceRecord {
  return {
    kind: 'span',
    sessionId: LIVE,
    spanId: `live-${i}`,
    parentSpanId: i === 0 ? null : 'live-0',
    name: i === 0 ? 'live.root' : `live.work ${i}`,
    agentId: 'worker',
    startTime: now - 50,
    endTime: i === 0 ? null : now,
    status: 'ok',
  }
}

export async function writeViewerFixture(dir: string): Promise<string> {
  const file = path.join(dir, 'viewer.db')
  const store = openStore(file)
  const now = Date.now()
  const res = await store.write([
    ...swarmRecords(),
    ...otherSessions(),
    { kind: 'session', id: LIVE, name: 'Live run', status: 'running', startTime: now - 1000 },
    liveSpan(0, now),
    liveSpan(1, now),
  ])
  await store.close()
  if (res.rejected.length > 0)
    throw new Error(`fixture rejected: ${JSON.stringify(res.rejected.slice(0, 3))}`)
  return file
}
