import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import {
  FilterError,
  describeFilter,
  parseDuration,
  parseFilter,
  parseStatus,
  parseTimeSpec,
  sessionMatches,
  spanMatches,
  spanQueryFor,
} from '../../src/main/exchange/filters'

const NOW = Date.parse('2025-06-01T12:00:00Z')

describe('parseTimeSpec', () => {
  it('reads relative durations as "that long ago"', () => {
    expect(parseTimeSpec('15m', NOW)).toBe(NOW - 15 * 60_000)
    expect(parseTimeSpec('24h', NOW)).toBe(NOW - 24 * 3_600_000)
    expect(parseTimeSpec('7d', NOW)).toBe(NOW - 7 * 86_400_000)
    expect(parseTimeSpec('-90s', NOW)).toBe(NOW - 90_000)
    expect(parseTimeSpec('2h ago', NOW)).toBe(NOW - 7_200_000)
    expect(parseTimeSpec('1.5h', NOW)).toBe(NOW - 5_400_000)
    expect(parseTimeSpec('now', NOW)).toBe(NOW)
  })

  it('reads epoch ms and ISO text', () => {
    expect(parseTimeSpec('1717243200000', NOW)).toBe(1717243200000)
    expect(parseTimeSpec(1717243200000, NOW)).toBe(1717243200000)
    expect(parseTimeSpec('2025-01-31T12:00:00Z', NOW)).toBe(Date.parse('2025-01-31T12:00:00Z'))
    expect(parseTimeSpec('2025-01-31T12:00:00.250+02:00', NOW)).toBe(
      Date.parse('2025-01-31T10:00:00.250Z'),
    )
    expect(parseTimeSpec('2025-01-31', NOW)).toBe(Date.parse('2025-01-31'))
  })

  it('names the bad value and the field', () => {
    expect(() => parseTimeSpec('yesterday', NOW, 'since')).toThrow(/invalid since "yesterday"/)
    expect(() => parseTimeSpec('15x', NOW, 'since')).toThrow(FilterError)
    expect(() => parseTimeSpec('2025-13-45', NOW, 'until')).toThrow(/invalid until "2025-13-45"/)
    expect(() => parseTimeSpec('', NOW)).toThrow(/empty/)
    expect(() => parseTimeSpec('1700000000', NOW, 'since')).toThrow(/epoch seconds/)
    expect(() => parseTimeSpec(-5, NOW)).toThrow(FilterError)
  })
})

describe('parseDuration / parseStatus', () => {
  it('parses units and rejects junk', () => {
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('2w')).toBe(14 * 86_400_000)
    expect(parseDuration('h')).toBeNull()
    expect(parseDuration('5 parsecs')).toBeNull()
  })
  it('accepts span statuses and the words other tools use', () => {
    expect(parseStatus('OK')).toBe('ok')
    expect(parseStatus('completed')).toBe('ok')
    expect(parseStatus('failed')).toBe('error')
    expect(parseStatus('unset')).toBe('unset')
    expect(() => parseStatus('meh')).toThrow(/invalid status "meh"/)
  })
})

describe('parseFilter', () => {
  it('builds a filter from raw values, lists from commas and repeats', () => {
    const f = parseFilter(
      {
        sessions: ['s1,s2', 's3'],
        agents: 'a1',
        since: '1h',
        until: 'now',
        status: 'failed',
        spanName: 'llm',
        text: ' Boom ',
      },
      NOW,
    )
    expect(f).toEqual({
      sessions: ['s1', 's2', 's3'],
      agents: ['a1'],
      since: NOW - 3_600_000,
      until: NOW,
      status: 'error',
      spanName: 'llm',
      text: 'Boom',
    })
    expect(describeFilter(f)).toContain('sessions=s1,s2,s3')
    expect(parseFilter({}, NOW)).toEqual({})
    expect(describeFilter({})).toBe('everything')
  })

  it('rejects an inverted range, naming until', () => {
    expect(() => parseFilter({ since: '1h', until: '2h' }, NOW)).toThrow(
      /invalid until "2h": is before since/,
    )
  })

  it('turns into a span query', () => {
    const f = parseFilter({ agents: 'a', status: 'ok', since: '1717243200000' }, NOW)
    expect(spanQueryFor(f, 's')).toEqual({
      order: 'asc',
      sessionId: 's',
      agentIds: ['a'],
      status: 'ok',
      since: 1717243200000,
    })
  })
})

describe('matching', () => {
  const span: Span = {
    sessionId: 's1',
    traceId: 't',
    spanId: 'x',
    parentSpanId: null,
    name: 'tool.call',
    kind: 'internal',
    agentId: 'coder',
    startTime: 1000,
    endTime: 2000,
    durationMs: 1000,
    status: 'error',
    statusMessage: 'Disk FULL',
    attributes: { path: '/tmp/a' },
  }
  it('matches spans in memory with the same rules', () => {
    expect(spanMatches(span, {})).toBe(true)
    expect(spanMatches(span, { sessions: ['s2'] })).toBe(false)
    expect(spanMatches(span, { since: 1001 })).toBe(false)
    expect(spanMatches(span, { agents: ['coder'], status: 'error', spanName: 'tool.call' })).toBe(
      true,
    )
    expect(spanMatches(span, { text: 'disk full' })).toBe(true)
    expect(spanMatches(span, { text: '/tmp/a' })).toBe(true)
    expect(spanMatches(span, { text: 'nothing' })).toBe(false)
  })
  it('matches sessions whose lifetime overlaps the range', () => {
    const s = { id: 's1', startTime: 1000, endTime: 5000, lastActivity: 5000 }
    expect(sessionMatches(s, { since: 4000 })).toBe(true)
    expect(sessionMatches(s, { since: 6000 })).toBe(false)
    expect(sessionMatches(s, { until: 999 })).toBe(false)
    expect(sessionMatches({ ...s, endTime: null }, { since: 4000 })).toBe(true)
    expect(sessionMatches(s, { sessions: ['other'] })).toBe(false)
  })
})
