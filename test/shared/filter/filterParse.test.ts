import { describe, expect, it } from 'vitest'
import {
  FilterSyntaxError,
  MAX_FILTER_LENGTH,
  MAX_LITERAL,
  parseFilter,
  parseFilterOrThrow,
  type FilterNode,
} from '../../../src/shared/filter'

function ast(text: string): FilterNode | null {
  const r = parseFilter(text)
  if (!r.ok) throw r.error
  return r.ast
}

function error(text: string): FilterSyntaxError {
  const r = parseFilter(text)
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`)
  return r.error
}

/** the tree without positions, for readable expectations */
function shape(n: FilterNode | null): unknown {
  return JSON.parse(JSON.stringify(n, (k, v) => (k === 'at' ? undefined : v)))
}

describe('parseFilter', () => {
  it('reads every field of the issue example, side by side meaning and', () => {
    const n = ast(
      'agent:coder status:error duration>2s name:tool.* model:gpt-4o tokens>1000 "free text" attr.http.status_code>=500',
    )
    expect(shape(n)).toEqual({
      type: 'and',
      items: [
        { type: 'match', field: 'agent', pattern: 'coder' },
        { type: 'status', status: 'error' },
        { type: 'compare', field: 'duration', op: '>', value: 2000 },
        { type: 'match', field: 'name', pattern: 'tool.*' },
        { type: 'match', field: 'model', pattern: 'gpt-4o' },
        { type: 'compare', field: 'tokens', op: '>', value: 1000 },
        { type: 'text', value: 'free text' },
        { type: 'compare', field: 'attr', key: 'http.status_code', op: '>=', value: 500 },
      ],
    })
  })

  it('binds not tighter than and, and tighter than or; parentheses group', () => {
    expect(shape(ast('a or b and not c'))).toEqual({
      type: 'or',
      items: [
        { type: 'text', value: 'a' },
        {
          type: 'and',
          items: [
            { type: 'text', value: 'b' },
            { type: 'not', item: { type: 'text', value: 'c' } },
          ],
        },
      ],
    })
    expect(shape(ast('(status:error OR status:unset) AND -agent:planner'))).toEqual({
      type: 'and',
      items: [
        {
          type: 'or',
          items: [
            { type: 'status', status: 'error' },
            { type: 'status', status: 'unset' },
          ],
        },
        { type: 'not', item: { type: 'match', field: 'agent', pattern: 'planner' } },
      ],
    })
  })

  it('reads != as not around =, status aliases, durations and quoted values', () => {
    expect(shape(ast('agent!=coder'))).toEqual({
      type: 'not',
      item: { type: 'match', field: 'agent', pattern: 'coder' },
    })
    expect(shape(ast('status:failed'))).toEqual({ type: 'status', status: 'error' })
    expect(shape(ast('duration<=1.5m'))).toMatchObject({ op: '<=', value: 90_000 })
    expect(shape(ast('duration>250'))).toMatchObject({ value: 250 })
    expect(shape(ast('name:"tool call (retry)"'))).toMatchObject({ pattern: 'tool call (retry)' })
    expect(shape(ast('"say \\"hi\\""'))).toEqual({ type: 'text', value: 'say "hi"' })
    expect(shape(ast('attr."odd key":x'))).toMatchObject({ field: 'attr', key: 'odd key' })
  })

  it('keeps plain free text as text terms, and an empty filter as null', () => {
    expect(shape(ast('timeout retry'))).toEqual({
      type: 'and',
      items: [
        { type: 'text', value: 'timeout' },
        { type: 'text', value: 'retry' },
      ],
    })
    expect(ast('')).toBeNull()
    expect(ast('   ')).toBeNull()
  })

  it('points at the position and says what was expected', () => {
    let e = error('status:error and')
    expect(e.position).toBe(16)
    expect(e.message).toBe(
      'column 17: expected "not", "-", "(", a field comparison or free text but found the end of the filter',
    )
    e = error('status:bogus')
    expect(e.position).toBe(7)
    expect(e.message).toContain('expected ok, error or unset')
    e = error('(agent:coder')
    expect(e.position).toBe(12)
    expect(e.message).toContain('")"')
    e = error('agnt:coder')
    expect(e.position).toBe(0)
    expect(e.message).toContain('unknown field "agnt"')
    e = error('duration>2x')
    expect(e.position).toBe(9)
    expect(e.message).toContain('a duration like 250ms')
    e = error('name>3')
    expect(e.message).toContain('">" does not apply here')
    e = error('attr.retries>many')
    expect(e.message).toContain('after "attr.retries>" but found "many"')
    e = error('status:')
    expect(e.message).toBe('column 8: expected a value after "status:"')
    expect(() => parseFilterOrThrow('a )')).toThrow(FilterSyntaxError)
  })
})

describe('parseFilter on hostile input', () => {
  it('refuses parentheses nested deeper than 32 before parsing', () => {
    const deep = '('.repeat(100_000) + 'a' + ')'.repeat(100_000)
    const e = error(deep.slice(0, MAX_FILTER_LENGTH))
    expect(e.position).toBe(32)
    expect(e.message).toBe('column 33: parentheses nest deeper than 32 levels')
    expect(ast('('.repeat(32) + 'a' + ')'.repeat(32))).toEqual({ type: 'text', value: 'a', at: 32 })
  })

  it('refuses a chain of not deeper than 32', () => {
    expect(error('not '.repeat(40) + 'a').message).toContain('nests deeper than 32 levels')
  })

  it('refuses text longer than the limit without parsing it', () => {
    const e = error('a'.repeat(5_000_000))
    expect(e.message).toBe(
      `column ${MAX_FILTER_LENGTH + 1}: the filter is 5000000 characters long; at most ${MAX_FILTER_LENGTH} are accepted`,
    )
  })

  it('refuses a huge literal and names its size', () => {
    const e = error(`name:"${'x'.repeat(MAX_LITERAL + 1)}"`)
    expect(e.position).toBe(5)
    expect(e.message).toContain(`a value of ${MAX_LITERAL + 1} characters`)
  })

  it('refuses more than 64 terms', () => {
    expect(error(Array.from({ length: 65 }, (_, i) => `t${i}`).join(' ')).message).toContain(
      'more than 64 terms',
    )
  })

  it('answers unbalanced quotes and stray characters with an error, not an exception', () => {
    expect(error('"open').message).toContain('column 1')
    expect(error(')').position).toBe(0)
    expect(error('\u0000(')).toBeInstanceOf(FilterSyntaxError)
  })
})

describe('parseFilter on random input', () => {
  it('answers 5,000 random token soups with a tree or an error inside the text, never an exception', () => {
    const tokens = ['(', ')', ' ', 'and', 'or', 'not', '-', '"', '\\', ':', '>=', '<', '!=', '*']
    const words = ['status', 'agent', 'name', 'attr.x', 'duration', 'tokens', 'model', 'ok', '2s']
    let seed = 7
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]
    let ok = 0
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 12) }, () =>
        rand() < 0.5 ? pick(tokens) : pick(words),
      ).join(rand() < 0.5 ? '' : ' ')
      const r = parseFilter(text)
      if (r.ok) ok++
      else {
        expect(r.error).toBeInstanceOf(FilterSyntaxError)
        expect(r.error.position).toBeGreaterThanOrEqual(0)
        expect(r.error.position).toBeLessThanOrEqual(text.length)
      }
    }
    // the soup is not all refused: the test also walks the accepting paths
    expect(ok).toBeGreaterThan(200)
  })
})
