// The line and the JSON object `tail` prints for each record kind.
import { describe, expect, it } from 'vitest'
import {
  errorRecord,
  eventRecord,
  messageRecord,
  metricRecord,
  spanRecord,
  tailJson,
  tailLine,
  taskRecord,
} from '../../src/main/tail/tailRecord'

const T = Date.UTC(2026, 11, 2, 9, 14, 2, 117)

describe('tail lines', () => {
  it('give time, kind, session, agent and the short text of each kind', () => {
    const span = spanRecord({
      sessionId: 'run-42',
      traceId: 't',
      spanId: 's',
      parentSpanId: null,
      name: 'tool.pytest',
      kind: 'client',
      agentId: 'coder',
      startTime: T,
      endTime: T + 413,
      durationMs: 413,
      status: 'error',
      statusMessage: null,
      attributes: {},
    })
    expect(tailLine(span)).toBe('09:14:02.117 span    run-42       [coder] tool.pytest 413.0ms ✗')
    const event = eventRecord({
      id: 'e1',
      sessionId: 'run-42',
      spanId: null,
      agentId: null,
      time: T,
      name: 'log',
      level: 'info',
      message: 'running\nthe   suite',
      attributes: {},
    })
    // one line in a terminal: whitespace folded
    expect(tailLine(event)).toBe('09:14:02.117 event   run-42       running the suite (info)')
    const error = errorRecord({
      id: 'x',
      sessionId: null,
      spanId: null,
      agentId: null,
      time: T,
      type: 'TestFailure',
      message: '3 tests failed',
      stack: null,
      recoveryAction: null,
      resolved: true,
      resolutionNote: null,
      resolvedAt: null,
    })
    expect(tailLine(error)).toBe(
      '09:14:02.117 error   -            3 tests failed (resolved) ✗ TestFailure',
    )
    const message = messageRecord({
      id: 'm',
      sessionId: 'run-42',
      senderAgentId: 'planner',
      receiverAgentId: 'coder',
      type: null,
      payload: { content: 'write it' },
      time: T,
      deliveryStatus: null,
      responseTo: null,
    })
    expect(message.text).toBe('write it')
    expect(tailLine(message)).toContain('[planner] write it → coder')
    const task = taskRecord({
      id: 'task-1',
      sessionId: 'run-42',
      agentId: null,
      name: null,
      status: 'running',
      startTime: null,
      endTime: T,
      durationMs: null,
      tokensUsed: null,
      attributes: {},
    })
    expect(task.time).toBe(T)
    expect(tailLine(task)).toContain('task-1 (running)')
    const metric = metricRecord({
      sessionId: 'run-42',
      agentId: null,
      time: T,
      name: 'cpu',
      value: 2,
    })
    expect(metric.text).toBe('cpu = 2')
  })

  it('--json: kind and text first, a span keeps its own kind as spanKind', () => {
    const span = spanRecord(
      {
        sessionId: 'run-42',
        traceId: 't',
        spanId: 's',
        parentSpanId: null,
        name: 'plan',
        kind: 'internal',
        agentId: null,
        startTime: T,
        endTime: null,
        durationMs: null,
        status: 'unset',
        statusMessage: null,
        attributes: {},
      },
      true,
    )
    const json = tailJson(span)
    expect(Object.keys(json).slice(0, 3)).toEqual(['kind', 'text', 'updated'])
    expect(json).toMatchObject({ kind: 'span', text: 'plan', spanKind: 'internal', spanId: 's' })
  })
})
