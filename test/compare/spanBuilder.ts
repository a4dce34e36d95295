// Spans for the comparison tests, written out as literal trees: `span('plan', 'p1', null, 0, 100)`.
import type { Span } from '../../src/shared/domain'

export function span(
  name: string,
  spanId: string,
  parentSpanId: string | null,
  startTime: number,
  durationMs: number,
  more: Partial<Span> = {},
): Span {
  return {
    sessionId: 's',
    traceId: 't',
    spanId,
    parentSpanId,
    name,
    kind: 'internal',
    agentId: null,
    startTime,
    endTime: startTime + durationMs,
    durationMs,
    status: 'ok',
    statusMessage: null,
    attributes: {},
    ...more,
  }
}
