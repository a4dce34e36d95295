import { describe, expect, it } from 'vitest'
import { isLog, levelTone, logLineOfError } from '../../src/renderer/lib/logLines'
import type { TraceError, TraceEvent } from '../../src/shared/domain'

const ev = (id: string, time: number, level: string | null, message: string): TraceEvent => ({
  id,
  sessionId: 's',
  spanId: 'run:s',
  agentId: null,
  time,
  name: 'log',
  level,
  message,
  attributes: {},
})
const err = (id: string, time: number, message: string): TraceError => ({
  id,
  sessionId: 's',
  spanId: 'run:s',
  agentId: null,
  time,
  type: 'ConnectionError',
  message,
  stack: null,
  recoveryAction: null,
  resolved: false,
  resolutionNote: null,
  resolvedAt: null,
})

describe('logLines', () => {
  const lines = [
    ev('1', 10, 'info', 'start'),
    ev('2', 20, 'error', 'failed'),
    ev('3', 20, 'info', 'x'),
  ]

  it('finds the line an error was written as: same id first', () => {
    expect(logLineOfError(err('2', 99, 'other'), lines)).toBe(1)
  })

  it('else a line at the same moment with an error level or the same message', () => {
    expect(logLineOfError(err('e', 20, 'nothing alike'), lines)).toBe(1)
    expect(logLineOfError(err('e', 10, 'start'), lines)).toBe(0)
    expect(logLineOfError(err('e', 30, 'failed'), lines)).toBe(-1)
  })

  it('gives each level a tone and knows a log from plain events', () => {
    expect(levelTone('CRITICAL')).toBe('error')
    expect(levelTone('warning')).toBe('warn')
    expect(levelTone('debug')).toBe('debug')
    expect(levelTone('notice')).toBe('info')
    expect(levelTone(null)).toBeNull()
    expect(isLog(lines)).toBe(true)
    expect(isLog([ev('1', 1, null, 'x')])).toBe(false)
  })
})
