import { describe, expect, it } from 'vitest'
import { jsonEntries } from '../../src/renderer/lib/jsonView'

describe('folded JSON', () => {
  it('summarises branches and cuts long strings; parses JSON held in strings', () => {
    const e = jsonEntries({ a: [1, 2, 3], b: { x: 1 }, c: 'x'.repeat(500), d: '{"k":1}', n: null })
    expect(e.map((x) => [x.key, x.type])).toEqual([
      ['a', 'array'],
      ['b', 'object'],
      ['c', 'string'],
      ['d', 'object'],
      ['n', 'null'],
    ])
    expect(e[0].summary).toBe('[3 items]')
    expect(e[2].truncated).toBe(true)
    expect(e[2].summary.length).toBeLessThan(210)
    expect(e[3].summary).toContain('JSON text')
  })
})
