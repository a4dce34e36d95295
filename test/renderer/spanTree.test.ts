import { describe, expect, it } from 'vitest'
import { appendColumns, appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { layoutRows } from '../../src/renderer/timeline/rowLayout'
import { spansToColumns } from '../../src/shared/contract/spanColumns'
import { buildSpanTree, childrenOf } from '../../src/renderer/timeline/spanTree'
import { idsAt, sampleTable, span } from './helpers'

describe('span tree', () => {
  it('links parents and children in start order, with depths', () => {
    const t = sampleTable()
    const tree = buildSpanTree(t)
    const root = t.indexOf.get('root')!
    expect(idsAt(t, childrenOf(tree, root))).toEqual(['b', 'a'])
    expect(tree.depth[t.indexOf.get('a1')!]).toBe(2)
    expect(tree.parent[t.indexOf.get('a1')!]).toBe(t.indexOf.get('a'))
  })

  it('turns missing parents and loops into orphan roots', () => {
    const t = sampleTable()
    const tree = buildSpanTree(t)
    expect(tree.orphan[t.indexOf.get('x')!]).toBe(1)
    expect(tree.orphan[t.indexOf.get('root')!]).toBe(0)
    // the loop p ⇄ q is cut at one place so both still appear exactly once
    const rows = layoutRows(tree, new Set(), t.ids)
    expect(rows.rows.length).toBe(7)
    expect(idsAt(t, tree.roots)[0]).toBe('root')
    expect(idsAt(t, tree.roots)).toContain('x')
  })
})

describe('span tree across pages', () => {
  it('links a parent that arrives in a later page, and follows a parent id changed in place', () => {
    // pages in start order: a child that starts with its parent may sort before it
    let t = appendSpans(emptyTable(2), [span('c1', 'p', 10, 20), span('c2', 'p', 11, 12)])
    expect(buildSpanTree(t).orphan[t.indexOf.get('c1')!]).toBe(1)
    t = appendColumns(t, spansToColumns([span('p', null, 10, 30), span('q', null, 12, 40)], null))
    let tree = buildSpanTree(t)
    expect(idsAt(t, childrenOf(tree, t.indexOf.get('p')!))).toEqual(['c1', 'c2'])
    expect(tree.orphan[t.indexOf.get('c1')!]).toBe(0)
    expect(idsAt(t, tree.roots)).toEqual(['p', 'q'])
    // c2 read again with another parent
    t = appendSpans(t, [span('c2', 'q', 11, 12)])
    tree = buildSpanTree(t)
    expect(idsAt(t, childrenOf(tree, t.indexOf.get('p')!))).toEqual(['c1'])
    expect(idsAt(t, childrenOf(tree, t.indexOf.get('q')!))).toEqual(['c2'])
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
    expect(idsAt(t, tree.roots)).toHaveLength(2)
  })
})
