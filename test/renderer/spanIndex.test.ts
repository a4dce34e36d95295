// spanIndex: span id → table row, as the table appends rows.
import { describe, expect, it } from 'vitest'
import { SpanIndex } from '../../src/renderer/timeline/spanIndex'

/** a table's ids and its index, grown the way spanTable grows them */
function indexed(ids: readonly string[], capacity = 8): { all: string[]; index: SpanIndex } {
  const all: string[] = []
  const index = new SpanIndex(all, capacity)
  for (const id of ids) if (index.getOrAdd(id) < 0) all.push(id)
  return { all, index }
}

describe('SpanIndex', () => {
  it('finds every id at its row, whatever its form, as it grows from a small start', () => {
    const ids = [
      '',
      'a',
      'é✓',
      '0123456789abcdef',
      '4bf92f3577b34da6a3ce929d0e0e4736',
      'x'.repeat(1000),
      ...Array.from({ length: 50_000 }, (_, i) => `l${i}`),
      ...Array.from({ length: 20_000 }, (_, i) => (i * 2654435761).toString(16).padStart(16, '0')),
    ]
    const { all, index } = indexed(ids)
    expect(index.size).toBe(new Set(ids).size)
    expect(all.length).toBe(index.size)
    expect(all.filter((id, row) => index.get(id) !== row)).toEqual([])
    for (const absent of ['l50000', 'b', 'é', '0123456789abcdeF', 'x'.repeat(999)])
      expect(index.get(absent)).toBeUndefined()
  })

  it('answers the row of an id it holds instead of adding it again', () => {
    const { all, index } = indexed(['a', 'b', 'c'])
    expect(index.getOrAdd('b')).toBe(1)
    expect(index.size).toBe(3)
    expect(index.getOrAdd('d')).toBe(-1)
    all.push('d')
    expect(index.get('d')).toBe(3)
  })

  it('keeps its rows when room is reserved ahead, before and after rows came', () => {
    const { all, index } = indexed(['a', 'b'], 2)
    index.reserve(100_000)
    for (let i = 0; i < 1000; i++) if (index.getOrAdd(`r${i}`) < 0) all.push(`r${i}`)
    index.reserve(10)
    expect(index.get('a')).toBe(0)
    expect(index.get('b')).toBe(1)
    expect(index.get('r999')).toBe(1001)
    expect(index.size).toBe(1002)
  })
})
