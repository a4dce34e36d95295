// The span-columns encoding of the contract: dictionaries, NaN for open spans.
import { describe, expect, it } from 'vitest'
import type { Span } from '../../../src/shared/domain'
import {
  columnParentId,
  columnSpanId,
  columnsToSpans,
  spansToColumns,
} from '../../../src/shared/contract/spanColumns'
import {
  decodeWire,
  decodeWireFrame,
  encodeWire,
  encodeWireFrame,
} from '../../../src/shared/contract/wire'

const span = (i: number, over: Partial<Span> = {}): Span => ({
  sessionId: i % 2 ? 's-odd' : 's-even',
  traceId: 't1',
  spanId: `id${i}`,
  parentSpanId: i ? 'id0' : null,
  name: ['a', 'b', 'c'][i % 3],
  kind: 'internal',
  agentId: i % 4 ? `agent${i % 4}` : null,
  startTime: 1_700_000_000_000.125 + i,
  endTime: 1_700_000_000_010 + i,
  durationMs: 9.875,
  status: (['unset', 'ok', 'error'] as const)[i % 3],
  statusMessage: i % 3 === 2 ? 'boom' : null,
  attributes: { dropped: true },
  ...over,
})

describe('span columns', () => {
  it('round-trip every field but attributes, with shared dictionaries', () => {
    const spans = [
      ...Array.from({ length: 9 }, (_, i) => span(i)),
      span(9, { endTime: null, durationMs: null }),
    ]
    const cols = spansToColumns(spans, 'next')
    expect(cols.names).toEqual(['a', 'b', 'c'])
    expect(cols.sessions).toEqual(['s-even', 's-odd'])
    expect(cols.statusMessages).toEqual(['boom'])
    expect(Number.isNaN(cols.endTime[9])).toBe(true)
    const back = columnsToSpans(cols)
    expect(back.map(({ attributes: _a, durationMs: _d, ...rest }) => rest)).toEqual(
      spans.map(({ attributes: _a, durationMs: _d, ...rest }) => rest),
    )
    expect(back[9].durationMs).toBeNull()
    expect(cols.nextCursor).toBe('next')
  })

  it('carries span and parent ids as one string each, of any length, null parents included', () => {
    const spans = [
      span(0, { spanId: 'root', parentSpanId: null, sessionId: 's1' }),
      span(1, { spanId: 'a-much-longer-id-0123456789', parentSpanId: 'root', sessionId: 's1' }),
      span(2, { spanId: 'x', parentSpanId: 'root', sessionId: 's2' }),
      span(3, { spanId: 'y', parentSpanId: null, sessionId: 's1' }),
      span(4, { spanId: 'z', parentSpanId: 'on-another-page', sessionId: 's1' }),
    ]
    const cols = spansToColumns(spans, null)
    expect(cols.spanIds).toBe('roota-much-longer-id-0123456789xyz')
    expect(cols.parentIds).toBe('rootrooton-another-page')
    expect(Array.from(cols.parentIdEnd)).toEqual([0, 4, 8, 8, 23])
    expect(spans.map((_, i) => columnSpanId(cols, i))).toEqual(spans.map((s) => s.spanId))
    expect(spans.map((_, i) => columnParentId(cols, i))).toEqual(spans.map((s) => s.parentSpanId))
    // and the same after the browser transport's JSON
    const wired = decodeWire(
      encodeWire({ t: 'result', id: 1, envelope: { ok: true, value: cols } }),
    )
    const again = (wired as { envelope: { value: typeof cols } }).envelope.value
    expect(columnsToSpans(again)).toEqual(columnsToSpans(cols))
  })

  it('an empty page', () => {
    const cols = spansToColumns([], null)
    expect(cols.count).toBe(0)
    expect(columnsToSpans(cols)).toEqual([])
  })

  it('a span page through a binary frame is the same page', () => {
    const cols = spansToColumns(
      Array.from({ length: 50 }, (_, i) => span(i)),
      'next',
    )
    const frame = encodeWireFrame({ t: 'result', id: 1, envelope: { ok: true, value: cols } })
    const back = (decodeWireFrame(frame as Uint8Array) as { envelope: { value: typeof cols } })
      .envelope.value
    expect(columnsToSpans(back)).toEqual(columnsToSpans(cols))
    expect(back.nextCursor).toBe('next')
  })
})
