import { describe, expect, it } from 'vitest'
import { containsTerm, markPieces, searchTerms } from '../../src/renderer/lib/textMarks'

describe('textMarks', () => {
  it('splits a query into distinct lower-case terms', () => {
    expect(searchTerms('  HTTP 503  http ')).toEqual(['http', '503'])
    expect(searchTerms('')).toEqual([])
  })

  it('marks every occurrence of each term, case-insensitively, and keeps the text whole', () => {
    const pieces = markPieces('HTTP 503 after http retry', ['http', '503'])
    expect(pieces).toEqual([
      { text: 'HTTP', mark: true },
      { text: ' ', mark: false },
      { text: '503', mark: true },
      { text: ' after ', mark: false },
      { text: 'http', mark: true },
      { text: ' retry', mark: false },
    ])
    expect(pieces.map((p) => p.text).join('')).toBe('HTTP 503 after http retry')
  })

  it('leaves text without a match as one piece, and markup as plain text', () => {
    expect(markPieces('<b>bold</b>', ['nothing'])).toEqual([{ text: '<b>bold</b>', mark: false }])
    expect(markPieces('<img src=x onerror=alert(1)>', ['img'])).toEqual([
      { text: '<', mark: false },
      { text: 'img', mark: true },
      { text: ' src=x onerror=alert(1)>', mark: false },
    ])
    expect(markPieces('', ['a'])).toEqual([])
  })

  it('says whether any term occurs', () => {
    expect(containsTerm('Schema mismatch', ['mismatch'])).toBe(true)
    expect(containsTerm('Schema mismatch', ['vector'])).toBe(false)
  })
})
