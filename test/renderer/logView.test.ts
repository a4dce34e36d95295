// The Logs tab's merging and filters.
import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../src/shared/domain'
import { filterLines, lineAgents, mergeLines, NO_FILTER } from '../../src/renderer/lib/logView'

const line = (id: string, time: number, over: Partial<TraceEvent> = {}): TraceEvent => ({
  id,
  sessionId: 's',
  spanId: null,
  agentId: null,
  time,
  name: 'log',
  level: 'info',
  message: `line ${id}`,
  attributes: {},
  ...over,
})

describe('mergeLines', () => {
  it('puts pages (newest first, overlapping) in time order, each line once', () => {
    const a = mergeLines([], [line('3', 30), line('2', 20), line('1', 10)])
    expect(a.map((l) => l.id)).toEqual(['1', '2', '3'])
    const b = mergeLines(a, [line('4', 40), line('3', 30)])
    expect(b.map((l) => l.id)).toEqual(['1', '2', '3', '4'])
    // a late line (earlier time) goes to its place
    expect(mergeLines(b, [line('0', 5)]).map((l) => l.id)).toEqual(['0', '1', '2', '3', '4'])
  })
  it('returns the same list when nothing changed, replaces a rewritten line', () => {
    const a = mergeLines([], [line('1', 10)])
    expect(mergeLines(a, [line('1', 10)])).toBe(a)
    const b = mergeLines(a, [line('1', 10, { level: 'error' })])
    expect(b).not.toBe(a)
    expect(b[0].level).toBe('error')
  })
})

describe('filterLines', () => {
  const lines = [
    line('1', 1, { level: 'ERROR', agentId: 'coder', spanId: 'a', message: 'Tests failed' }),
    line('2', 2, { level: 'warning', agentId: 'planner' }),
    line('3', 3, { level: 'debug', agentId: 'coder', spanId: 'b' }),
    line('4', 4, { level: null, name: 'tool.start', message: null }),
  ]
  it('by level tone, agent, span and text (name or message, any case)', () => {
    expect(filterLines(lines, NO_FILTER)).toBe(lines)
    expect(filterLines(lines, { ...NO_FILTER, tone: 'error' }).map((l) => l.id)).toEqual(['1'])
    expect(filterLines(lines, { ...NO_FILTER, tone: 'warn' }).map((l) => l.id)).toEqual(['2'])
    expect(filterLines(lines, { ...NO_FILTER, agentId: 'coder' }).map((l) => l.id)).toEqual([
      '1',
      '3',
    ])
    expect(filterLines(lines, { ...NO_FILTER, spanId: 'b' }).map((l) => l.id)).toEqual(['3'])
    expect(filterLines(lines, { ...NO_FILTER, text: 'tests F' }).map((l) => l.id)).toEqual(['1'])
    expect(filterLines(lines, { ...NO_FILTER, text: 'TOOL.' }).map((l) => l.id)).toEqual(['4'])
  })
  it('lists the agents that wrote lines', () => {
    expect(lineAgents(lines)).toEqual(['coder', 'planner'])
  })
})

describe('mergeLines while a session loads', () => {
  it('puts an older page above the lines there, overlapping lines once', () => {
    const newest = mergeLines([], [line('5', 50), line('4', 40)])
    const both = mergeLines(newest, [line('4', 40), line('3', 30), line('2', 20)])
    expect(both.map((l) => l.id)).toEqual(['2', '3', '4', '5'])
    const all = mergeLines(both, [line('1', 10)])
    expect(all.map((l) => l.id)).toEqual(['1', '2', '3', '4', '5'])
  })
})
