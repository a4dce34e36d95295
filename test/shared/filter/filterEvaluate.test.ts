import { describe, expect, it } from 'vitest'
import type { Span } from '../../../src/shared/domain'
import { evaluateFilter, parseFilterOrThrow } from '../../../src/shared/filter'

function span(over: Partial<Span> = {}): Span {
  return {
    sessionId: 's1',
    traceId: 't',
    spanId: 'a',
    parentSpanId: null,
    name: 'tool.search',
    kind: 'internal',
    agentId: 'coder-1',
    startTime: 1000,
    endTime: 4000,
    durationMs: 3000,
    status: 'error',
    statusMessage: 'upstream timeout',
    attributes: {
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 900,
      'gen_ai.usage.output_tokens': 300,
      'http.status_code': 503,
      retry: { count: '2' },
    },
    ...over,
  }
}

const matches = (text: string, s: Span = span()): boolean =>
  evaluateFilter(parseFilterOrThrow(text), s)

describe('evaluateFilter', () => {
  it('matches the issue example on a span that has all of it', () => {
    expect(
      matches(
        'agent:coder* status:error duration>2s name:tool.* model:gpt-4o tokens>1000 "upstream" attr.http.status_code>=500',
      ),
    ).toBe(true)
  })

  it('compares each field', () => {
    expect(matches('agent:coder')).toBe(false) // whole value, * for the rest
    expect(matches('agent:coder-1')).toBe(true)
    expect(matches('status:ok')).toBe(false)
    expect(matches('duration>3s')).toBe(false)
    expect(matches('duration>=3s')).toBe(true)
    expect(matches('duration=3000')).toBe(true)
    expect(matches('name:tool.s*')).toBe(true)
    expect(matches('name:Tool.*')).toBe(false) // case-sensitive, like the store's names
    expect(matches('tokens=1200')).toBe(true)
    expect(matches('tokens<1000')).toBe(false)
    expect(matches('model:gpt-4o-mini')).toBe(false)
    expect(matches('attr.http.status_code:503')).toBe(true)
    expect(matches('attr.http.status_code:5*')).toBe(true)
    expect(matches('attr.retry.count>1')).toBe(true) // nested objects, numeric text
    expect(matches('attr.missing:*')).toBe(false)
    expect(matches('attr.http.status_code:*')).toBe(true)
    expect(matches('TIMEOUT')).toBe(true) // free text is case-insensitive
  })

  it('treats a missing value as not matching, so not and != select it', () => {
    const running = span({ agentId: null, endTime: null, durationMs: null, attributes: {} })
    expect(matches('agent:coder-1', running)).toBe(false)
    expect(matches('agent!=coder-1', running)).toBe(true)
    expect(matches('not duration>1s', running)).toBe(true)
    expect(matches('tokens>0', running)).toBe(false)
    expect(matches('-model:*', running)).toBe(true)
  })

  it('combines with and, or, not and parentheses', () => {
    expect(matches('status:ok or agent:coder-1')).toBe(true)
    expect(matches('status:ok or (agent:coder-1 and -name:tool.*)')).toBe(false)
    expect(matches('not (status:ok or duration<1s)')).toBe(true)
    expect(evaluateFilter(null, span())).toBe(true)
  })

  it('matches a pathological pattern against a long value without backtracking', () => {
    const s = span({ name: 'a'.repeat(100_000) })
    expect(matches(`name:${'*a'.repeat(40)}b`, s)).toBe(false)
    expect(matches(`name:${'*a'.repeat(40)}`, s)).toBe(true)
  })
})
