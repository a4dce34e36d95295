import { describe, expect, it } from 'vitest'
import { JsonStreamSplitter } from '../../src/main/exchange/jsonStreamSplitter'

function split(
  text: string,
  chunkSize: number,
): { items: Array<[string, unknown]>; values: Array<[string, unknown]> } {
  const items: Array<[string, unknown]> = []
  const values: Array<[string, unknown]> = []
  const s = new JsonStreamSplitter({
    item: (k, json) => items.push([k, JSON.parse(json)]),
    value: (k, json) => values.push([k, JSON.parse(json)]),
  })
  for (let i = 0; i < text.length; i += chunkSize) s.push(text.slice(i, i + chunkSize))
  s.end()
  return { items, values }
}

const doc = {
  format: 'tracescope/v1',
  n: 12.5,
  flag: true,
  nothing: null,
  filter: { a: [1, 2, '}]'] },
  sessions: [{ id: 's"1', name: 'a {tricky} [name] \\ "q"' }, { id: 's2' }],
  empty: [],
  spans: [{ spanId: 'x', attributes: { nested: { deep: [1, { b: '}' }] } } }, [1, 2]],
  tail: 'ü€😀',
}

describe('JsonStreamSplitter', () => {
  for (const [label, text] of [
    ['compact', JSON.stringify(doc)],
    ['pretty', JSON.stringify(doc, null, 2)],
  ] as const) {
    it(`hands out every array element and top-level value (${label}, any chunking)`, () => {
      for (const size of [1, 2, 3, 7, 64, 100000]) {
        const { items, values } = split(text, size)
        expect(items).toEqual([
          ['sessions', doc.sessions[0]],
          ['sessions', doc.sessions[1]],
          ['spans', doc.spans[0]],
          ['spans', doc.spans[1]],
        ])
        expect(values).toEqual([
          ['format', 'tracescope/v1'],
          ['n', 12.5],
          ['flag', true],
          ['nothing', null],
          ['filter', doc.filter],
          ['tail', doc.tail],
        ])
      }
    })
  }

  it('reports truncation and junk with a position', () => {
    const text = JSON.stringify(doc)
    expect(() => split(text.slice(0, text.length - 10), 50)).toThrow(/ends early .*truncated/)
    expect(() => split('[1,2]', 10)).toThrow(/expected a JSON object/)
    expect(() => split('{"a":[1,2]}', 10)).toThrow(/expected objects in "a"/)
    expect(() => split('{"a":1} x', 10)).toThrow(/unexpected text after the end/)
  })
})
