// spanTable: the session's spans as columns; what the live tail must read again.
import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import { spansToColumns } from '../../src/shared/contract/spanColumns'
import {
  appendColumns,
  appendSpans,
  earliestOpenLeafStart,
  emptyTable,
  reserveRows,
  type SpanTable,
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

/** what a table says of its spans, row by row */
function rowsOf(t: SpanTable) {
  return t.ids.map((id, i) => ({
    id,
    row: t.indexOf.get(id),
    parent: t.parentIds[i],
    parentRow: t.parentRow[i],
    name: t.names[i],
    start: t.start[i],
    end: t.end[i],
    status: t.status[i],
  }))
}

describe('appendColumns', () => {
  // runs of siblings, a parent that comes a page later, one that never comes, a span whose
  // parent is itself, a span read again with another parent and end
  const pages: Span[][] = [
    [
      span('c1', 'late', 5, 6),
      span('root', null, 0, null),
      span('a', 'root', 1, 2),
      span('b', 'root', 2, 3),
      span('a1', 'a', 3, 4),
      span('a2', 'a', 3, 4),
      span('b1', 'b', 4, 5),
      span('self', 'self', 4, 5),
      span('lost', 'never', 4, 5),
    ],
    [
      span('late', 'root', 0.5, 9),
      span('c2', 'late', 6, 7),
      span('a', 'b', 1, 2.5),
      span('root', null, 0, 10),
      span('b2', 'b', 7, 8),
    ],
  ]

  it('gives the table appendSpans gives, ids, parents and times', () => {
    let bySpans = emptyTable(2)
    let byColumns = emptyTable(2)
    for (const page of pages) {
      bySpans = appendSpans(bySpans, page)
      byColumns = appendColumns(byColumns, spansToColumns(page, null))
    }
    expect(byColumns.count).toBe(12)
    expect(rowsOf(byColumns)).toEqual(rowsOf(bySpans))
    const row = (id: string) => byColumns.indexOf.get(id)!
    expect(byColumns.parentRow[row('c1')]).toBe(row('late'))
    expect(byColumns.parentRow[row('a')]).toBe(row('b'))
    expect(byColumns.parentRow[row('self')]).toBe(-2)
    expect(byColumns.parentRow[row('lost')]).toBe(-2)
    expect(byColumns.parentRow[row('root')]).toBe(-1)
  })

  it('holds the same after room for the session was reserved', () => {
    const t = emptyTable(2)
    reserveRows(t, 5000)
    let byColumns = t
    for (const page of pages) byColumns = appendColumns(byColumns, spansToColumns(page, null))
    let bySpans = emptyTable(2)
    for (const page of pages) bySpans = appendSpans(bySpans, page)
    expect(rowsOf(byColumns)).toEqual(rowsOf(bySpans))
    expect(byColumns.start.length).toBeGreaterThanOrEqual(5000)
  })
})
