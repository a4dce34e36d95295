import { describe, expect, it } from 'vitest'
import { JsonStreamSplitter, type Shape } from '../../src/main/exchange/jsonStreamSplitter'

type Out = Array<[string, unknown, number]>

function split(
  text: string | Buffer,
  chunkSize: number,
  shape: Shape,
): { values: Out; events: string[]; documents: number } {
  const values: Out = []
  const events: string[] = []
  const s = new JsonStreamSplitter(shape, {
    value: (k, json, line) => values.push([k, JSON.parse(json), line]),
    open: (k, line) => events.push(`open ${k}@${line}`),
    close: (k) => events.push(`close ${k}`),
  })
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text)
  for (let i = 0; i < buf.length; i += chunkSize) s.push(buf.subarray(i, i + chunkSize))
  s.end()
  return { values, events, documents: s.documentCount }
}

/** 1-based line of the first occurrence of `marker` in `text`: what a reader of the file sees. */
const lineOf = (text: string, marker: string): number =>
  text.slice(0, text.indexOf(marker)).split('\n').length

const doc = {
  format: 'tracescope/v1',
  n: 12.5,
  flag: true,
  nothing: null,
  filter: { a: [1, 2, '}]'] },
  constructor: [1, 2],
  sessions: [{ id: 's"1', name: 'a {tricky} [name] \\ "q" \\\\' }, { id: 's2' }],
  empty: [],
  spans: [{ spanId: 'x', attributes: { nested: { deep: [1, { b: '}\\"' }] } } }, [1, 2]],
  tail: 'ü€😀 \\',
}
const TOP: Shape = {
  object: {
    format: { leaf: 'format' },
    n: { leaf: 'n' },
    flag: { leaf: 'flag' },
    sessions: { array: { leaf: 'sessions' } },
    spans: { array: { leaf: 'spans' } },
    tail: { leaf: 'tail' },
  },
}
const SIZES = [1, 2, 3, 5, 7, 64, 100000]

describe('JsonStreamSplitter', () => {
  for (const [label, text] of [
    ['compact', JSON.stringify(doc)],
    ['pretty', JSON.stringify(doc, null, 2)],
  ] as const) {
    it(`hands out the named values with their lines, skipping the rest (${label}, any chunking)`, () => {
      const pretty = label === 'pretty'
      // where a value's own text starts in the document, as JSON.stringify laid it out
      const line = (v: unknown, depth: number): number =>
        lineOf(
          text,
          pretty
            ? JSON.stringify(v, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`)
            : JSON.stringify(v),
        )
      for (const size of SIZES) {
        const { values, documents } = split(text, size, TOP)
        expect(documents).toBe(1)
        expect(values).toEqual([
          ['format', 'tracescope/v1', line('tracescope/v1', 1)],
          ['n', 12.5, line(12.5, 1)],
          ['flag', true, line(true, 1)],
          ['sessions', doc.sessions[0], line(doc.sessions[0], 2)],
          ['sessions', doc.sessions[1], line(doc.sessions[1], 2)],
          ['spans', doc.spans[0], line(doc.spans[0], 2)],
          ['spans', doc.spans[1], line(doc.spans[1], 2)],
          ['tail', doc.tail, line(doc.tail, 1)],
        ])
        if (pretty) expect(new Set(values.map((v) => v[2])).size).toBe(values.length)
      }
    })
  }

  it('walks down to the innermost array, with open/close of named containers', () => {
    const shape: Shape = {
      name: 'doc',
      object: {
        rs: {
          array: {
            name: 'r',
            object: { res: { leaf: 'res' }, ss: { array: { leaf: 'item' } } },
          },
        },
      },
    }
    const one = {
      rs: [{ res: { a: 1 }, other: { deep: ['x'] }, ss: [{ i: 1 }, { i: 2 }] }, { ss: [] }],
    }
    const text = `${JSON.stringify(one)}\n\n${JSON.stringify({ rs: [{ ss: [{ i: 3 }] }] })}\n`
    for (const size of SIZES) {
      const { values, events, documents } = split(text, size, shape)
      expect(documents).toBe(2)
      expect(values).toEqual([
        ['res', { a: 1 }, 1],
        ['item', { i: 1 }, 1],
        ['item', { i: 2 }, 1],
        ['item', { i: 3 }, 3],
      ])
      expect(events).toEqual([
        'open doc@1',
        'open r@1',
        'close r',
        'open r@1',
        'close r',
        'close doc',
        'open doc@3',
        'open r@3',
        'close r',
        'close doc',
      ])
    }
  })

  it('finds string ends whatever backslash runs straddle a chunk boundary', () => {
    // strings ending in 1..6 backslashes (escaped pairs) and escaped quotes, at every offset
    const items = Array.from({ length: 12 }, (_, i) => ({
      v: `${'\\'.repeat(i % 7)}"${'\\'.repeat((i * 3) % 5)}`,
      w: '}]{[',
    }))
    const text = JSON.stringify({ list: items })
    for (let size = 1; size <= 40; size++) {
      const { values } = split(text, size, { object: { list: { array: { leaf: 'i' } } } })
      expect(values.map((v) => v[1])).toEqual(items)
    }
  })

  it('reads one value longer than many chunks, and skips a byte-order mark', () => {
    const long = { s: 'x'.repeat(300_000), n: Array.from({ length: 20_000 }, (_, i) => i) }
    const text = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ v: long })),
    ])
    const { values } = split(text, 64 * 1024, { object: { v: { leaf: 'v' } } })
    expect(values).toEqual([['v', long, 1]])
  })

  it('reports a broken structure with its line, and a cut-short document', () => {
    const shape: Shape = { object: { a: { array: { leaf: 'a' } } } }
    const text = JSON.stringify({ a: [{ x: 1 }] }, null, 2)
    expect(() => split(text.slice(0, -3), 7, shape)).toThrow(
      /JSON ends early at line 6 .*cut short/,
    )
    expect(() => split('[1,2]', 10, shape)).toThrow(/line 1 .*expected an object/)
    expect(() => split('{"a":\n{"b":1}}', 10, shape)).toThrow(/line 2 .*expected an array/)
    expect(() => split('{"a":[{"x":1}\n\n {"y":2}]}', 10, shape)).toThrow(
      /line 3 \(byte 16\): expected "," or "]"/,
    )
    expect(() => split('{"a":[]} x', 10, shape)).toThrow(/line 1 .*expected an object/)
  })
})
