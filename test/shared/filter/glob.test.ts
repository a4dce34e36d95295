import { describe, expect, it } from 'vitest'
import { globMatch, literalPrefix, toSqlGlob } from '../../../src/shared/filter/glob'

describe('globMatch', () => {
  it('matches * as any run and everything else literally', () => {
    expect(globMatch('tool.*', 'tool.search')).toBe(true)
    expect(globMatch('tool.*', 'tool.')).toBe(true)
    expect(globMatch('tool.*', 'atool.x')).toBe(false)
    expect(globMatch('*.search', 'tool.search')).toBe(true)
    expect(globMatch('a*b*c', 'aXbYc')).toBe(true)
    expect(globMatch('a*b*c', 'aXbY')).toBe(false)
    expect(globMatch('a?c', 'abc')).toBe(false)
    expect(globMatch('a?c', 'a?c')).toBe(true)
    expect(globMatch('', '')).toBe(true)
    expect(globMatch('*', '')).toBe(true)
  })

  it("turns SQLite GLOB's own wildcards literal and finds the literal prefix", () => {
    expect(toSqlGlob('a?[b]*')).toBe('a[?][[]b]*')
    expect(literalPrefix('tool.*x')).toBe('tool.')
    expect(literalPrefix('exact')).toBe('exact')
  })
})

describe('globMatch on long values', () => {
  it('answers a pattern of many stars against a megabyte in one pass per segment', () => {
    const text = 'a'.repeat(1_000_000)
    const pattern = `${'*a'.repeat(240)}*b*`
    expect(pattern.length).toBeLessThanOrEqual(500)
    expect(globMatch(pattern, text)).toBe(false)
    expect(globMatch(`${'*a'.repeat(240)}*`, text)).toBe(true)
    expect(globMatch('a*aa*a', 'aaa')).toBe(false) // prefix and suffix may not overlap
    expect(globMatch('a*a', 'aa')).toBe(true)
  })
})
