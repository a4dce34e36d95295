// Paging of other tools' files: opaque cursors bound to their file, and page sizes.
import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, pageSize } from '../../src/main/sources/pagedQuery'
import { SourceQueryError } from '../../src/main/sources/sourceErrors'

describe('pagedQuery', () => {
  it('cursors round-trip and foreign ones are refused by name', () => {
    expect(decodeCursor('f.db', encodeCursor([12, 'a']), 2)).toEqual([12, 'a'])
    expect(() => decodeCursor('f.db', 'nonsense', 2)).toThrow(SourceQueryError)
    expect(() => decodeCursor('f.db', encodeCursor([1]), 2)).toThrow(/does not belong/)
    expect(pageSize(undefined)).toBe(500)
    expect(pageSize(1e9)).toBe(5000)
    expect(pageSize(0)).toBe(1)
  })
})
