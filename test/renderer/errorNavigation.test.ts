import { describe, expect, it } from 'vitest'
import { errorPosition, errorRows, stepError } from '../../src/renderer/lib/errorNavigation'
import { layoutRows } from '../../src/renderer/timeline/rowLayout'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import { span } from './helpers'

// table order differs from tree order: 'late' is a child of the first root
const t = appendSpans(emptyTable(), [
  span('r1', null, 0, 100),
  span('r2', null, 200, 300),
  span('bad2', 'r2', 210, 220, { status: 'error' }),
  span('late', 'r1', 50, 60),
  span('bad1', 'r1', 10, 20, { status: 'error' }),
])
const order = layoutRows(buildSpanTree(t), new Set(), t.ids).rowOf
const idx = (id: string) => t.indexOf.get(id)!

describe('errorNavigation', () => {
  it('collects failed spans and spans with error records, in tree order', () => {
    const rows = errorRows(t, new Set(['late']), order)
    expect(rows.map((i) => t.ids[i])).toEqual(['bad1', 'late', 'bad2'])
    expect(errorRows(t, new Set(), order).map((i) => t.ids[i])).toEqual(['bad1', 'bad2'])
  })

  it('steps forward and back from the selection, wrapping around', () => {
    const rows = errorRows(t, new Set(['late']), order)
    const step = (from: string | undefined, d: 1 | -1) => {
      const r = stepError(rows, order, from === undefined ? undefined : idx(from), d)
      return r === null ? null : t.ids[r]
    }
    expect(step(undefined, 1)).toBe('bad1')
    expect(step(undefined, -1)).toBe('bad2')
    expect(step('bad1', 1)).toBe('late')
    expect(step('bad2', 1)).toBe('bad1')
    expect(step('bad1', -1)).toBe('bad2')
    // from a span that is not an error: the nearest one that way
    expect(step('r2', 1)).toBe('bad2')
    expect(step('r2', -1)).toBe('late')
    expect(stepError([], order, undefined, 1)).toBeNull()
  })

  it('says where the selection is among the errors', () => {
    const rows = errorRows(t, new Set(), order)
    expect(errorPosition(rows, idx('bad2'))).toBe(2)
    expect(errorPosition(rows, idx('r1'))).toBe(0)
    expect(errorPosition(rows, undefined)).toBe(0)
  })
})
