// Counts in the CLI's sentences ("1 session", not "1 sessions").
import { describe, expect, it } from 'vitest'
import { count } from '../../src/cli/format'

describe('count', () => {
  it('uses the singular for exactly one and groups thousands', () => {
    expect(count(1, 'session')).toBe('1 session')
    expect(count(0, 'error')).toBe('0 errors')
    expect(count(2, 'log record')).toBe('2 log records')
    expect(count(1_234_567, 'span')).toBe('1,234,567 spans')
  })
})
