// A big synthetic session for the UI benchmark and the docs' screenshots: a root, up to 199
// tasks of 10 steps each, and leaves filling up to `total` spans over ten minutes
// (one span in 997 fails).
import type { TraceRecord } from '../src/shared/domain'

export function* bigSession(
  sessionId: string,
  total: number,
  t0 = Date.now() - 3_600_000,
): Generator<TraceRecord> {
  yield {
    kind: 'session',
    id: sessionId,
    name: `${total.toLocaleString()}-span swarm`,
    status: 'completed',
    startTime: t0,
    endTime: t0 + 600_000,
  }
  yield {
    kind: 'span',
    sessionId: sessionId,
    spanId: 'r',
    name: 'swarm.run',
    startTime: t0,
    endTime: t0 + 600_000,
    status: 'ok',
  }
  const tasks = Math.min(199, Math.max(1, Math.floor(total / 500)))
  const steps = tasks * 10
  let leaves = total - 1 - tasks - steps
  let n = 0
  for (let t = 0; t < tasks; t++) {
    const ts = t0 + (t * 600_000) / tasks
    const agent = `agent-${t % 40}`
    yield {
      kind: 'span',
      sessionId: sessionId,
      spanId: `t${t}`,
      parentSpanId: 'r',
      name: `task ${t % 17}`,
      agentId: agent,
      startTime: ts,
      endTime: ts + 2900,
      status: 'ok',
    }
    for (let s = 0; s < 10; s++) {
      const ss = ts + s * 290
      yield {
        kind: 'span',
        sessionId: sessionId,
        spanId: `t${t}s${s}`,
        parentSpanId: `t${t}`,
        name: s % 2 ? 'llm.chat' : 'tool.call',
        agentId: agent,
        startTime: ss,
        endTime: ss + 280,
        status: 'ok',
      }
      const here = Math.ceil(leaves / (steps - t * 10 - s))
      for (let l = 0; l < here; l++) {
        const ls = ss + (l * 280) / here
        yield {
          kind: 'span',
          sessionId: sessionId,
          spanId: `l${n++}`,
          parentSpanId: `t${t}s${s}`,
          name: `op.${l % 23}`,
          agentId: agent,
          startTime: ls,
          endTime: ls + 280 / here,
          status: n % 997 === 0 ? 'error' : 'ok',
        }
      }
      leaves -= here
    }
  }
}
