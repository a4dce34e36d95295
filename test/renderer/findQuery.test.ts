import { describe, expect, it } from 'vitest'
import { readFindQuery } from '../../src/renderer/lib/findQuery'

describe('readFindQuery', () => {
  it('keeps words, quoted or not, as the full-text find', () => {
    expect(readFindQuery('schema mismatch')).toEqual({ kind: 'text', text: 'schema mismatch' })
    expect(readFindQuery('"HTTP 503"')).toEqual({ kind: 'text', text: 'HTTP 503' })
    expect(readFindQuery('')).toEqual({ kind: 'text', text: '' })
  })

  it('passes anything with a field, or, not or parentheses on as a filter', () => {
    expect(readFindQuery(' status:error duration>2s ')).toEqual({
      kind: 'filter',
      where: 'status:error duration>2s',
    })
    expect(readFindQuery('timeout or retry')).toEqual({ kind: 'filter', where: 'timeout or retry' })
    expect(readFindQuery('-retry').kind).toBe('filter')
  })

  it('says where an expression went wrong', () => {
    expect(readFindQuery('agent:coder and')).toEqual({
      kind: 'error',
      position: 15,
      message:
        'column 16: expected "not", "-", "(", a field comparison or free text but found the end of the filter',
    })
  })
})
