import { describe, expect, it } from 'vitest'
import { groupErrors, normalizeMessage } from '../../src/renderer/lib/errorGroups'
import type { TraceError } from '../../src/shared/domain'

describe('error groups', () => {
  const err = (
    id: string,
    message: string,
    resolved: boolean,
    time: number,
    type = 'Timeout',
  ): TraceError => ({
    id,
    sessionId: 's',
    spanId: null,
    agentId: null,
    time,
    type,
    message,
    stack: null,
    recoveryAction: null,
    resolved,
    resolutionNote: null,
    resolvedAt: null,
  })

  it('groups messages that differ only by numbers and ids; unresolved first', () => {
    expect(normalizeMessage('timeout after 3012ms on "x"')).toBe(
      normalizeMessage('timeout after 12ms on "y"'),
    )
    const groups = groupErrors([
      err('1', 'timeout after 3012ms', true, 5),
      err('2', 'timeout after 20ms', false, 1),
      err('3', 'disk full', true, 9, 'IOError'),
    ])
    expect(groups.map((g) => [g.type, g.count, g.unresolved])).toEqual([
      ['Timeout', 2, 1],
      ['IOError', 1, 0],
    ])
    expect(groups[0].errors[0].id).toBe('2')
  })
})
