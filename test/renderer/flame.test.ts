import { describe, expect, it } from 'vitest'
import { aggregateFlame, flameLabel, flameNodeOf, layoutFlame } from '../../src/renderer/lib/flame'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import { span } from './helpers'

describe('flame graph', () => {
  const t = appendSpans(emptyTable(), [
    span('r', null, 0, 100, { name: 'run' }),
    span('l1', 'r', 0, 30, { name: 'llm' }),
    span('l2', 'r', 40, 60, { name: 'llm', status: 'error' }),
    span('t1', 'r', 60, 70, { name: 'tool' }),
    span('r2', null, 200, 250, { name: 'run' }),
    span('l3', 'r2', 200, 250, { name: 'llm' }),
  ])
  const root = aggregateFlame(t, buildSpanTree(t), 0)

  it('merges spans by their path of names and sums time', () => {
    expect(root.total).toBe(150)
    const run = root.children[0]
    expect(run).toMatchObject({ name: 'run', total: 150, count: 2 })
    expect(run.children.map((c) => [c.name, c.total, c.count, c.errors])).toEqual([
      ['llm', 100, 3, 1],
      ['tool', 10, 1, 0],
    ])
    expect(run.self).toBe(40)
  })

  it('counts the spans that end after their parent, parallel ones inside it not', () => {
    const u = appendSpans(emptyTable(), [
      span('p', null, 0, 100, { name: 'parent' }),
      // two parallel children inside the parent: together longer than it, each within it
      span('a', 'p', 0, 90, { name: 'inside' }),
      span('b', 'p', 10, 100, { name: 'inside' }),
      // a child that goes on after its parent ended (Claude-Flow records such)
      span('c', 'p', 50, 400, { name: 'late' }),
    ])
    const r = aggregateFlame(u, buildSpanTree(u), 0)
    const parent = r.children[0]
    const by = new Map(parent.children.map((c) => [c.name, c]))
    expect(by.get('inside')).toMatchObject({ total: 180, outlives: 0 })
    expect(by.get('late')).toMatchObject({ total: 350, outlives: 1 })
    expect(parent.outlives).toBe(0)
  })

  it("finds the box a span was merged into, for the keyboard's selection", () => {
    const tree = buildSpanTree(t)
    const l3 = flameNodeOf(root, t, tree, t.indexOf.get('l3')!)
    expect(l3).toBe(root.children[0].children.find((c) => c.name === 'llm'))
    expect(flameNodeOf(root, t, tree, t.indexOf.get('r')!)).toBe(root.children[0])
  })

  it('lays out boxes proportional to time, parallel children scaled to fit', () => {
    const rects = layoutFlame(root)
    const llm = rects.find((r) => r.node.name === 'llm')!
    expect(llm.depth).toBe(2)
    expect(llm.x1 - llm.x0).toBeCloseTo(100 / 150)
    const t2 = appendSpans(emptyTable(), [
      span('p', null, 0, 10, { name: 'p' }),
      span('c1', 'p', 0, 10, { name: 'a' }),
      span('c2', 'p', 0, 10, { name: 'b' }),
    ])
    const r2 = layoutFlame(aggregateFlame(t2, buildSpanTree(t2), 0))
    const kids = r2.filter((r) => r.depth === 2)
    expect(kids.reduce((s, r) => s + r.x1 - r.x0, 0)).toBeCloseTo(1)
  })

  it("takes off a child's time only where it overlaps its parent's span", () => {
    // coordination 0–500 ms; tasks 600–900 (after it) and 400–700 (100 ms inside): 400 ms own
    const t3 = appendSpans(emptyTable(), [
      span('p', null, 0, 500, { name: 'coordination' }),
      span('a', 'p', 600, 900, { name: 'task' }),
      span('b', 'p', 400, 700, { name: 'task' }),
      // merged into the same box, tasks only after it: all 500 ms its own
      span('p2', null, 1000, 1500, { name: 'coordination' }),
      span('c', 'p2', 1600, 4300, { name: 'task' }),
    ])
    const coord = aggregateFlame(t3, buildSpanTree(t3), 0).children[0]
    expect(coord).toMatchObject({ name: 'coordination', total: 1000, self: 400 + 500 })
    expect(coord.children[0]).toMatchObject({ name: 'task', total: 3300, self: 3300 })
  })

  it('labels a narrow box with its whole time or none of it, then cuts the name with …', () => {
    const px = (s: string): number => s.length * 6
    expect(flameLabel('task 10', '34.8s', 100, px)).toBe('task 10 34.8s')
    // 66 px used to give 'task 10 34.' — a time without its unit
    expect(flameLabel('task 10', '34.8s', 66, px)).toBe('task 10')
    expect(flameLabel('retrieval.query', '2.1s', 40, px)).toBe('retri…')
    expect(flameLabel('llm.chat', '1s', 5, px)).toBe('')
  })
})
