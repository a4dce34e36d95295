import { describe, expect, it } from 'vitest'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import {
  collapseFromDepth,
  collapseTarget,
  expandToReveal,
  layoutRows,
  searchSpans,
  visibleRowRange,
} from '../../src/renderer/timeline/rowLayout'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { idsAt, sampleTable, span } from './helpers'

describe('row layout', () => {
  it('lays rows out depth-first and hides collapsed descendants', () => {
    const t = sampleTable()
    const tree = buildSpanTree(t)
    const all = layoutRows(tree, new Set(), t.ids)
    expect(idsAt(t, all.rows).slice(0, 5)).toEqual(['root', 'b', 'a', 'a1', 'x'])
    const collapsed = layoutRows(tree, new Set(['a']), t.ids)
    expect(idsAt(t, collapsed.rows)).not.toContain('a1')
    expect(collapsed.rowOf[t.indexOf.get('a1')!]).toBe(-1)
    expect(collapsed.rowOf[t.indexOf.get('a')!]).toBe(2)
  })

  it('gives rows only to the spans `keep` accepts, still in tree order through the others', () => {
    const t = sampleTable()
    const tree = buildSpanTree(t)
    const all = layoutRows(tree, new Set(), t.ids)
    const keep = new Set(['a1', 'b', 'x'])
    const some = layoutRows(tree, new Set(), t.ids, (i) => keep.has(t.ids[i]))
    expect(idsAt(t, some.rows)).toEqual(idsAt(t, all.rows).filter((n) => keep.has(n)))
    expect(some.rowOf[t.indexOf.get('a')!]).toBe(-1)
    // a collapsed span still hides what is under it, kept or not
    const hidden = layoutRows(tree, new Set(['a']), t.ids, (i) => keep.has(t.ids[i]))
    expect(idsAt(t, hidden.rows)).not.toContain('a1')
  })

  it('expands ancestors to reveal a search hit', () => {
    const t = sampleTable()
    const tree = buildSpanTree(t)
    const hits = searchSpans(t, 'A1')
    expect(idsAt(t, hits)).toEqual(['a1'])
    const before = new Set(['root', 'a'])
    const after = expandToReveal(tree, before, t.ids, hits[0])
    expect(after).not.toBe(before)
    expect(after.has('root')).toBe(false)
    expect(after.has('a')).toBe(false)
    const untouched = new Set(['b'])
    expect(expandToReveal(tree, untouched, t.ids, hits[0])).toBe(untouched)
  })

  it('picks what [ collapses', () => {
    const t = sampleTable()
    const tree = buildSpanTree(t)
    const a = t.indexOf.get('a')!
    const a1 = t.indexOf.get('a1')!
    expect(collapseTarget(tree, new Set(), t.ids, a)).toBe(a)
    expect(collapseTarget(tree, new Set(), t.ids, a1)).toBe(a)
    expect(collapseTarget(tree, new Set(['a']), t.ids, a)).toBe(t.indexOf.get('root'))
    expect([...collapseFromDepth(tree, t.ids, 1)]).toEqual(['a'])
  })

  it('computes the visible row range with overscan', () => {
    expect(visibleRowRange(0, 100, 20, 1000, 2)).toEqual({ first: 0, last: 7 })
    expect(visibleRowRange(2000, 100, 20, 1000, 2)).toEqual({ first: 98, last: 107 })
    expect(visibleRowRange(19_990, 100, 20, 1000, 2).last).toBe(999)
  })

  it('handles 100,000 spans quickly', () => {
    const spans = [span('s0', null, 0, 1e6)]
    for (let i = 1; i < 100_000; i++)
      spans.push(span(`s${i}`, `s${Math.floor((i - 1) / 10)}`, i, i + 5))
    const t = appendSpans(emptyTable(), spans)
    const t0 = performance.now()
    const tree = buildSpanTree(t)
    const rows = layoutRows(tree, new Set(), t.ids)
    const ms = performance.now() - t0
    expect(rows.rows.length).toBe(100_000)
    expect(ms).toBeLessThan(2000)
  })
})
