// Deterministic trace records whose ids encode where they came from, so a checker can tell
// from the database alone which batch each row belongs to.
import type { TraceRecord } from '../../src/shared/domain'

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')

/** 16 lower-case hex chars (stored as 8 bytes): run(4) batch(6) index(6). */
export function spanIdOf(run: number, batch: number, index: number): string {
  return hex(run, 4) + hex(batch, 6) + hex(index, 6)
}

export function parseSpanId(id: string): { run: number; batch: number; index: number } {
  return {
    run: parseInt(id.slice(0, 4), 16),
    batch: parseInt(id.slice(4, 10), 16),
    index: parseInt(id.slice(10, 16), 16),
  }
}

const BIG = 'x'.repeat(3000)

/**
 * One batch: `spans` spans (a chain of parents, every 20th with a >1 KB payload so the compressed
 * path runs too), one event per 10 spans, and one error.
 */
export function crashBatch(run: number, batch: number, spans: number, base: number): TraceRecord[] {
  const sessionId = `crash-${run}`
  const traceId = hex(run, 16) + hex(batch, 16)
  const out: TraceRecord[] = []
  for (let i = 0; i < spans; i++) {
    const spanId = spanIdOf(run, batch, i)
    const start = base + batch * 1000 + i
    out.push({
      kind: 'span',
      sessionId,
      traceId,
      spanId,
      parentSpanId: i === 0 ? null : spanIdOf(run, batch, i - 1),
      name: `step ${i % 7}`,
      agentId: `agent-${i % 3}`,
      startTime: start,
      endTime: start + 5,
      status: i % 50 === 49 ? 'error' : 'ok',
      attributes: {
        batch,
        i,
        'gen_ai.operation.name': 'chat',
        ...(i % 20 === 0 ? { big: BIG } : {}),
      },
    })
    if (i % 10 === 0) {
      out.push({
        kind: 'event',
        id: `ev-${spanId}`,
        sessionId,
        spanId,
        time: start + 1,
        name: 'log',
        level: 'info',
        message: `batch ${batch} span ${i}`,
      })
    }
  }
  out.push({
    kind: 'error',
    id: `err-${spanIdOf(run, batch, 0)}`,
    sessionId,
    spanId: spanIdOf(run, batch, 0),
    time: base + batch * 1000,
    type: 'TortureError',
    message: `batch ${batch}`,
  })
  return out
}

/** Records of a realistic load: sessions × spans with ~8 attributes. */
export function loadSpan(session: number, n: number, base: number): TraceRecord {
  const start = base + n * 2
  return {
    kind: 'span',
    sessionId: `load-${session}`,
    traceId: hex(session, 32),
    spanId: hex(session, 6) + hex(n, 10),
    parentSpanId: n % 10 === 0 ? null : hex(session, 6) + hex(n - (n % 10), 10),
    name: `tool.call ${n % 13}`,
    agentId: `agent-${n % 5}`,
    startTime: start,
    endTime: start + (n % 97),
    status: n % 101 === 0 ? 'error' : 'ok',
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': n % 1000,
      'gen_ai.usage.output_tokens': n % 300,
      'tool.name': `tool-${n % 13}`,
      step: n,
      retry: n % 3,
      model: 'local-7b',
      ok: n % 101 !== 0,
    },
  }
}
