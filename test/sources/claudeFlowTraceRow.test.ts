import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { extraTraceColumns, traceRowToSpan } from '../../src/main/sources/claudeFlowTraceRow'

describe('claudeFlowTraceRow', () => {
  it("keeps columns Claude-Flow's schema does not have, whatever their case", () => {
    expect(extraTraceColumns(['id', 'Session_Id', 'type', 'model', 'cost_usd'])).toEqual([
      'model',
      'cost_usd',
    ])
  })

  it('reads a failed task trace with a gzipped payload and a duration', () => {
    const data = gzipSync(Buffer.from(JSON.stringify({ error: { message: 'lint failed' } })))
    const span = traceRowToSpan(
      {
        id: 'tr-9',
        session_id: 'sess-1',
        agent_id: 'coder',
        type: 'task_fail',
        phase: 'error',
        timestamp: 1_767_000_000_000,
        parent: 'tr-1',
        correlation_id: 'c-9',
        data,
        metadata: '{"attempt":2}',
        performance: '{"duration":1500}',
        status_code: 'error',
        err_message: null,
        x0: 'gpt-4o',
      },
      ['model'],
    )
    expect(span).toEqual({
      sessionId: 'sess-1',
      traceId: 'sess-1',
      spanId: 'tr-9',
      parentSpanId: 'tr-1',
      name: 'task_fail',
      kind: 'task_fail',
      agentId: 'coder',
      startTime: 1_767_000_000_000,
      endTime: 1_767_000_001_500,
      durationMs: 1500,
      status: 'error',
      statusMessage: 'lint failed',
      attributes: {
        phase: 'error',
        correlationId: 'c-9',
        data: { error: { message: 'lint failed' } },
        metadata: { attempt: 2 },
        performance: { duration: 1500 },
        model: 'gpt-4o',
      },
    })
  })

  it('a trace without a duration is still open, and an ok one has no status message', () => {
    const span = traceRowToSpan(
      {
        id: 'a',
        session_id: 's',
        type: 'task_start',
        timestamp: 5,
        status_code: 'unset',
        err_message: 'x',
      },
      [],
    )
    expect(span).toMatchObject({
      endTime: null,
      durationMs: null,
      status: 'unset',
      statusMessage: null,
      agentId: null,
      parentSpanId: null,
    })
  })
})
