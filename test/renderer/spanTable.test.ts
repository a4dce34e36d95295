// spanTable: the session's spans as columns; what the live tail must read again.
import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import {
  appendSpans,
  earliestOpenLeafStart,
  emptyTable,
} from '../../src/renderer/timeline/spanTable'
import { sampleTable, span as spanWith } from './helpers'

const span = (
  spanId: string,
  parentSpanId: string | null,
  start: number,
  end: number | null,
): Span => ({
  sessionId: 's',
  traceId: 't',
  spanId,
  parentSpanId,
  name: spanId,
  kind: 'internal',
  agentId: null,
  startTime: start,
  endTime: end,
  durationMs: end === null ? null : end - start,
  status: end === null ? 'unset' : 'ok',
  statusMessage: null,
  attributes: {},
})

describe('earliestOpenLeafStart', () => {
  it('is the earliest open span without open children: the open root does not widen it', () => {
    const t = appendSpans(emptyTable(8), [
      span('root', null, 0, null),
      span('a', 'root', 10, 20),
      span('b', 'root', 30, null),
      span('b1', 'b', 40, null),
      span('c', 'root', 50, null),
    ])
    // root and b have an open child; the open leaves are b1 (40) and c (50)
    expect(earliestOpenLeafStart(t)).toBe(40)
  })

  it('is the root itself once every child ended, and Infinity when nothing is open', () => {
    const t = appendSpans(emptyTable(4), [span('root', null, 0, null), span('a', 'root', 10, 20)])
    expect(earliestOpenLeafStart(t)).toBe(0)
    const done = appendSpans(t, [span('root', null, 0, 30)])
    expect(earliestOpenLeafStart(done)).toBe(Infinity)
  })
})

describe('span table', () => {
  it('grows past its capacity and updates a span seen again', () => {
    let t = sampleTable()
    expect(t.count).toBe(7)
    expect(t.status[t.indexOf.get('b')!]).toBe(2)
    t = appendSpans(t, [spanWith('a1', 'a', 25, 40, { status: 'ok' })])
    expect(t.count).toBe(7)
    expect(t.end[t.indexOf.get('a1')!]).toBe(40)
    t = appendSpans(t, [spanWith('open', 'root', 95, null)])
    expect(Number.isNaN(t.end[t.indexOf.get('open')!])).toBe(true)
  })
})
