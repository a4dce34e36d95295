import type { Span } from '../../src/shared/domain'

export function span(
  id: string,
  parent: string | null,
  start: number,
  end: number | null,
  extra: Partial<Span> = {},
): Span {
  return {
    sessionId: 's1',
    traceId: 't1',
    spanId: id,
    parentSpanId: parent,
    name: extra.name ?? id,
    kind: 'internal',
    agentId: null,
    startTime: start,
    endTime: end,
    durationMs: end == null ? null : end - start,
    status: 'unset',
    statusMessage: null,
    attributes: {},
    ...extra,
  }
}
