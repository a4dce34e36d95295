import { describe, expect, it } from 'vitest'
import { splitMarkdown } from '../../src/renderer/lib/markdownChunks'

describe('splitMarkdown', () => {
  it('keeps short text whole', () => {
    expect(splitMarkdown('a\n\nb', 100)).toEqual(['a\n\nb'])
  })

  it('cuts at blank lines once a piece reaches the target, losing nothing', () => {
    const text = Array.from({ length: 50 }, (_, i) => `paragraph ${i}\nline two`).join('\n\n')
    const chunks = splitMarkdown(text, 100)
    expect(chunks.length).toBeGreaterThan(5)
    expect(chunks.join('')).toBe(text)
    for (const c of chunks.slice(0, -1)) expect(c.endsWith('\n\n') || c.endsWith('\n')).toBe(true)
  })

  it('never cuts inside a code fence, even at a blank line', () => {
    const code = '```ts\n' + 'x()\n\n'.repeat(100) + '```\n'
    const text = 'intro\n\n' + code + '\nafter\n\n' + 'tail '.repeat(50)
    const chunks = splitMarkdown(text, 50)
    expect(chunks.join('')).toBe(text)
    expect(chunks.some((c) => c.includes(code))).toBe(true)
    // a longer closing fence closes; a different fence character does not
    const tilde = '~~~\n```\n\nnot closed\n\n~~~~\nout\n\n' + 'z'.repeat(60) + '\n\nend'
    expect(splitMarkdown(tilde, 10)[0]).toContain('~~~~\nout')
  })
})
