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

  it('forgets old spans of sessions it does not track completely, and bounds complete ones', () => {
    const seen = new SeenSpans()
    seen.add(span('open', '1', 10))
    seen.add(span('open', '2', 100))
    seen.add(span('full', '1', 10))
    seen.add(span('kept', '1', 10))
    seen.markComplete('full')
    seen.markComplete('kept')
    seen.prune(50, 10)
    expect(seen.tracked).toBe(3)
    expect(seen.count('open')).toBe(1)
    expect(seen.add(span('open', '2', 100))).toBe(false) // still remembered: inside the window
    expect(seen.count('full')).toBe(1)
    seen.prune(50, 2, 'kept') // over the bound: only the --session one stays complete
    expect(seen.isComplete('full')).toBe(false)
    expect(seen.isComplete('kept')).toBe(true)
    expect(seen.count('full')).toBe(0)
    expect(seen.count('kept')).toBe(1)
  })
})
