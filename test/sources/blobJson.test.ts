// JSON payloads in other tools' columns: plain or gzip, bounded, and plain values out.
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  MAX_STRING_CHARS,
  UNDECODED,
  capStrings,
  decodeJsonish,
  decodeObject,
  plainValue,
} from '../../src/main/sources/blobJson'

describe('blobJson', () => {
  it('decodes plain and gzip JSON blobs and bounds what inflates too far', () => {
    const obj = { prompt: 'x'.repeat(2000) }
    expect(decodeJsonish(gzipSync(Buffer.from(JSON.stringify(obj))))).toEqual(obj)
    expect(decodeJsonish(Buffer.from('{"a":1}'))).toEqual({ a: 1 })
    expect(decodeJsonish('not json')).toBe('not json')
    expect(decodeObject('[1,2]')).toEqual({ value: [1, 2] })
    const bomb = gzipSync(Buffer.alloc(2_000_000, 0x20))
    expect(decodeJsonish(bomb, 1_000_000)).toEqual({
      [UNDECODED]: 'gzip payload larger than 1000000 bytes',
    })
    expect(decodeJsonish(Buffer.from([0x1f, 0x8b, 0, 0]))).toEqual({
      [UNDECODED]: 'damaged gzip payload',
    })
  })

  it('cuts very long strings and deep nesting inside payloads', () => {
    const long = 'y'.repeat(MAX_STRING_CHARS * 2)
    const out = decodeJsonish(JSON.stringify({ a: [long], b: 'short' })) as {
      a: string[]
      b: string
    }
    expect(out.b).toBe('short')
    expect(out.a[0].length).toBeLessThan(long.length)
    expect(out.a[0]).toMatch(new RegExp(`truncated, ${long.length} characters\\)$`))
    let deep: unknown = 'leaf'
    for (let i = 0; i < 50; i++) deep = { d: deep }
    expect(JSON.stringify(capStrings(deep))).toContain('nested too deep')
  })

  it('plainValue turns column values into what JSON and structured clone both carry', () => {
    expect(plainValue(Buffer.from('{"a":1}'))).toEqual({ a: 1 })
    expect(plainValue(gzipSync(Buffer.from('"hi"')))).toBe('hi')
    expect(plainValue(Buffer.from([0, 1, 2, 255]))).toBe('<blob 4 bytes>')
    expect(plainValue(12n)).toBe('12')
    expect(plainValue(undefined)).toBeNull()
  })
})
