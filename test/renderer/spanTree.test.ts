import { describe, expect, it } from 'vitest'
import { appendColumns, appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { spansToColumns } from '../../src/shared/contract/spanColumns'
import { buildSpanTree, childrenOf } from '../../src/renderer/timeline/spanTree'
import {
  collapseFromDepth,
  collapseTarget,
  expandToReveal,
  layoutRows,
  searchSpans,
  visibleRowRange,
} from '../../src/renderer/timeline/rowLayout'
import { span } from './helpers'

function table() {
  // root ─┬─ a ── a1
  //       └─ b           (b starts before a: children are in start order)
  // orphan x (parent missing), loop p ⇄ q
  return appendSpans(emptyTable(2), [
    span('root', null, 0, 100),
    span('a', 'root', 20, 50),
    span('a1', 'a', 25, 30),
    span('b', 'root', 10, 90, { status: 'error' }),
    span('x', 'missing', 5, 6),
    span('p', 'q', 70, 71),
    span('q', 'p', 72, 73),
  ])
}

const names = (t: ReturnType<typeof table>, rows: ArrayLike<number>) =>
  Array.from(rows, (i) => t.ids[i])

describe('span table', () => {
  it('grows past its capacity and updates a span seen again', () => {
    let t = table()
    expect(t.count).toBe(7)
    expect(t.status[t.indexOf.get('b')!]).toBe(2)
    t = appendSpans(t, [span('a1', 'a', 25, 40, { status: 'ok' })])
    expect(t.count).toBe(7)
    expect(t.end[t.indexOf.get('a1')!]).toBe(40)
    t = appendSpans(t, [span('open', 'root', 95, null)])
    expect(Number.isNaN(t.end[t.indexOf.get('open')!])).toBe(true)
  })
})

describe('span tree', () => {
  it('links parents and children in start order, with depths', () => {
    const t = table()
    const tree = buildSpanTree(t)
    const root = t.indexOf.get('root')!
    expect(names(t, childrenOf(tree, root))).toEqual(['b', 'a'])
    expect(tree.depth[t.indexOf.get('a1')!]).toBe(2)
    expect(tree.parent[t.indexOf.get('a1')!]).toBe(t.indexOf.get('a'))
  })

  it('turns missing parents and loops into orphan roots', () => {
    const t = table()
    const tree = buildSpanTree(t)
    expect(tree.orphan[t.indexOf.get('x')!]).toBe(1)
    expect(tree.orphan[t.indexOf.get('root')!]).toBe(0)
    // the loop p ⇄ q is cut at one place so both still appear exactly once
    const rows = layoutRows(tree, new Set(), t.ids)
    expect(rows.rows.length).toBe(7)
    expect(names(t, tree.roots)[0]).toBe('root')
    expect(names(t, tree.roots)).toContain('x')
  })
})

describe('span tree across pages', () => {
  it('links a parent that arrives in a later page, and follows a parent id changed in place', () => {
    // pages in start order: a child that starts with its parent may sort before it
    let t = appendSpans(emptyTable(2), [span('c1', 'p', 10, 20), span('c2', 'p', 11, 12)])
    expect(buildSpanTree(t).orphan[t.indexOf.get('c1')!]).toBe(1)
    t = appendColumns(t, spansToColumns([span('p', null, 10, 30), span('q', null, 12, 40)], null))
    let tree = buildSpanTree(t)
    expect(names(t, childrenOf(tree, t.indexOf.get('p')!))).toEqual(['c1', 'c2'])
    expect(tree.orphan[t.indexOf.get('c1')!]).toBe(0)
    expect(names(t, tree.roots)).toEqual(['p', 'q'])
    // c2 read again with another parent
    t = appendSpans(t, [span('c2', 'q', 11, 12)])
    tree = buildSpanTree(t)
    expect(names(t, childrenOf(tree, t.indexOf.get('p')!))).toEqual(['c1'])
    expect(names(t, childrenOf(tree, t.indexOf.get('q')!))).toEqual(['c2'])
    expect(tree.depth[t.indexOf.get('c2')!]).toBe(1)
  })

  it('cuts a loop that a chain leads into once, and keeps every span on a row', () => {
    // x → a → b → c → a: the loop a, b, c comes after x in the table
    const t = appendSpans(emptyTable(2), [
      span('x', 'a', 0, 1),
      span('a', 'c', 1, 2),
      span('b', 'a', 2, 3),
      span('c', 'b', 3, 4),
      span('self', 'self', 4, 5),
    ])
    const tree = buildSpanTree(t)
    expect(Array.from(tree.orphan).reduce((n, o) => n + o, 0)).toBe(2)
    expect(tree.orphan[t.indexOf.get('self')!]).toBe(1)
    expect(layoutRows(tree, new Set(), t.ids).rows.length).toBe(5)
    expect(names(t, tree.roots)).toHaveLength(2)
  })
})

describe('row layout', () => {
  it('lays rows out depth-first and hides collapsed descendants', () => {
    const t = table()
    const tree = buildSpanTree(t)
    const all = layoutRows(tree, new Set(), t.ids)
    expect(names(t, all.rows).slice(0, 5)).toEqual(['root', 'b', 'a', 'a1', 'x'])
    const collapsed = layoutRows(tree, new Set(['a']), t.ids)
    expect(names(t, collapsed.rows)).not.toContain('a1')
    expect(collapsed.rowOf[t.indexOf.get('a1')!]).toBe(-1)
    expect(collapsed.rowOf[t.indexOf.get('a')!]).toBe(2)
  })

  it('gives rows only to the spans `keep` accepts, still in tree order through the others', () => {
    const t = table()
    const tree = buildSpanTree(t)
    const all = layoutRows(tree, new Set(), t.ids)
    const keep = new Set(['a1', 'b', 'x'])
    const some = layoutRows(tree, new Set(), t.ids, (i) => keep.has(t.ids[i]))
    expect(names(t, some.rows)).toEqual(names(t, all.rows).filter((n) => keep.has(n)))
    expect(some.rowOf[t.indexOf.get('a')!]).toBe(-1)
    // a collapsed span still hides what is under it, kept or not
    const hidden = layoutRows(tree, new Set(['a']), t.ids, (i) => keep.has(t.ids[i]))
    expect(names(t, hidden.rows)).not.toContain('a1')
  })

  it('expands ancestors to reveal a search hit', () => {
    const t = table()
    const tree = buildSpanTree(t)
    const hits = searchSpans(t, 'A1')
    expect(names(t, hits)).toEqual(['a1'])
    const before = new Set(['root', 'a'])
    const after = expandToReveal(tree, before, t.ids, hits[0])
    expect(after).not.toBe(before)
    expect(after.has('root')).toBe(false)
    expect(after.has('a')).toBe(false)
    const untouched = new Set(['b'])
    expect(expandToReveal(tree, untouched, t.ids, hits[0])).toBe(untouched)
  })

  it('picks what [ collapses', () => {
    const t = table()
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
