import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import { SeenSpans } from '../../src/main/tail'

const span = (
  sessionId: string,
  spanId: string,
  startTime: number,
  endTime: number | null = null,
  status: Span['status'] = 'unset',
): Span => ({
  sessionId,
  traceId: 't',
  spanId,
  parentSpanId: null,
  name: 'n',
  kind: 'internal',
  agentId: null,
  startTime,
  endTime,
  durationMs: null,
  status,
  statusMessage: null,
  attributes: {},
})

describe('SeenSpans', () => {
  it('dedupes by (session, span), re-admits a span that ended or failed, tracks the watermark', () => {
    const seen = new SeenSpans()
    expect(seen.add(span('a', '1', 10))).toBe(true)
    expect(seen.add(span('a', '1', 10))).toBe(false)
    expect(seen.add(span('b', '1', 5))).toBe(true) // same span id in another session is another span
    expect(seen.add(span('a', '1', 10, 20))).toBe(true) // it ended
    expect(seen.add(span('a', '1', 10, 20, 'error'))).toBe(true)
    expect(seen.add(span('a', '1', 10, 20, 'error'))).toBe(false)
    expect(seen.watermark).toBe(10)
    expect(seen.count('a')).toBe(1)
    expect(seen.count('zzz')).toBe(0)
    expect(seen.isComplete('a')).toBe(false)
    seen.markComplete('a')
    expect(seen.isComplete('a')).toBe(true)
  })
})
