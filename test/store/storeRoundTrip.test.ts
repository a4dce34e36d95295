import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
afterEach(async () => t?.cleanup())

describe('trace store round trip', () => {
  it('stores every record kind and reads it back through the queries', async () => {
    t = openTempStore()
    const big = 'prompt '.repeat(400)
    const records: TraceRecord[] = [
      {
        kind: 'session',
        id: 'run-1',
        name: 'Refactor run',
        status: 'running',
        startTime: T0,
        attributes: { team: 'a' },
      },
      {
        kind: 'agent',
        id: 'coder',
        sessionId: 'run-1',
        name: 'Coder',
        type: 'coder',
        status: 'active',
      },
      {
        kind: 'span',
        sessionId: 'run-1',
        traceId: '0123456789abcdef0123456789abcdef',
        spanId: '00000000000000a1',
        name: 'agent.run',
        spanKind: 'internal',
        agentId: 'coder',
        startTime: T0 + 10,
        endTime: T0 + 5000,
        status: 'ok',
        attributes: { 'gen_ai.agent.name': 'coder', prompt: big },
      },
      {
        kind: 'span',
        sessionId: 'run-1',
        spanId: 'tool-call-7',
        parentSpanId: '00000000000000a1',
        name: 'tool.bash',
        spanKind: 'client',
        agentId: 'tester',
        startTime: T0 + 100,
        endTime: T0 + 300,
        status: 'error',
        statusMessage: 'exit 2',
      },
      {
        kind: 'event',
        sessionId: 'run-1',
        spanId: 'tool-call-7',
        time: T0 + 150,
        name: 'log',
        level: 'error',
        message: 'npm test failed',
      },
      {
        kind: 'error',
        id: 'e1',
        sessionId: 'run-1',
        spanId: 'tool-call-7',
        agentId: 'tester',
        time: T0 + 300,
        type: 'ToolError',
        message: 'exit 2',
        stack: 'at run (x.ts:1)',
      },
      {
        kind: 'message',
        sessionId: 'run-1',
        senderAgentId: 'coder',
        receiverAgentId: 'tester',
        time: T0 + 50,
        type: 'request',
        payload: { text: 'run the tests' },
      },
      {
        kind: 'task',
        id: 'task-1',
        sessionId: 'run-1',
        agentId: 'coder',
        name: 'refactor',
        status: 'done',
        startTime: T0,
        endTime: T0 + 4000,
        tokensUsed: 1234,
      },
      {
        kind: 'metric',
        sessionId: 'run-1',
        agentId: 'coder',
        time: T0 + 20,
        name: 'cpu.percent',
        value: 42.5,
      },
      {
        kind: 'memory',
        sessionId: 'run-1',
        namespace: 'plan',
        key: 'step',
        value: { n: 3 },
        time: T0,
        expiresAt: null,
      },
    ]
    const result = await t.store.write(records)
    expect(result).toEqual({ written: records.length, rejected: [] })

    const session = t.store.getSession('run-1')!
    expect(session).toMatchObject({
      id: 'run-1',
      name: 'Refactor run',
      status: 'running',
      startTime: T0,
      spanCount: 2,
      errorCount: 1,
      unresolvedErrorCount: 1,
      agentCount: 2,
      attributes: { team: 'a' },
      lastActivity: T0 + 5000,
      live: false,
    })
    const spans = t.store.listSpans({ sessionId: 'run-1', order: 'asc' }).items
    expect(spans.map((s) => s.spanId)).toEqual(['00000000000000a1', 'tool-call-7'])
    expect(spans[0]).toMatchObject({
      traceId: '0123456789abcdef0123456789abcdef',
      kind: 'internal',
      agentId: 'coder',
      durationMs: 4990,
      attributes: { prompt: big },
    })
    expect(spans[1]).toMatchObject({
      parentSpanId: '00000000000000a1',
      status: 'error',
      statusMessage: 'exit 2',
      kind: 'client',
    })

    const detail = t.store.getSpan('run-1', 'tool-call-7')!
    expect(detail.parent).toEqual({ spanId: '00000000000000a1', name: 'agent.run' })
    expect(detail.events.map((e) => e.message)).toEqual(['npm test failed'])
    expect(detail.errors.map((e) => e.id)).toEqual(['e1'])
    expect(t.store.getSpan('run-1', '00000000000000a1')!.children.map((c) => c.spanId)).toEqual([
      'tool-call-7',
    ])

    const graph = t.store.sessionGraph('run-1')
    expect(graph.agents.map((a) => [a.id, a.spanCount, a.errorCount]).sort()).toEqual([
      ['coder', 1, 0],
      ['tester', 1, 1],
    ])
    expect(graph.edges.map((e) => `${e.type}:${e.from}>${e.to}`).sort()).toEqual([
      'message:coder>tester',
      'spawn:coder>tester',
    ])

    expect(t.store.listEvents({ sessionId: 'run-1', level: 'error' }).items).toHaveLength(1)
    expect(t.store.listErrors({ resolved: false }).items.map((e) => e.stack)).toEqual([
      'at run (x.ts:1)',
    ])
  })

  it('a start record then an end record of the same span is one span, updated', async () => {
    t = openTempStore()
    const base = {
      kind: 'span' as const,
      sessionId: 's',
      spanId: 'abcd',
      name: 'llm.chat',
      startTime: T0,
    }
    await t.store.write({ ...base, attributes: { phase: 'start' } })
    await t.store.write({ ...base, endTime: T0 + 250, status: 'ok' })
    const spans = t.store.listSpans({ sessionId: 's' }).items
    expect(spans).toHaveLength(1)
    expect(spans[0]).toMatchObject({
      endTime: T0 + 250,
      durationMs: 250,
      status: 'ok',
      attributes: { phase: 'start' },
    })
    expect(t.store.getSession('s')!.spanCount).toBe(1)
  })

  it('stores hex ids as bytes and big payloads gzip-compressed, and reads both back', async () => {
    t = openTempStore()
    const big = { text: 'lorem ipsum dolor '.repeat(200) }
    await t.store.write([
      {
        kind: 'span',
        sessionId: 's',
        spanId: '00112233aabbccdd',
        name: 'n',
        startTime: T0,
        attributes: big,
      },
      {
        kind: 'span',
        sessionId: 's',
        spanId: 'Not-Hex',
        name: 'n',
        startTime: T0 + 1,
        attributes: { small: 1 },
      },
    ])
    const raw = new Database(t.file, { readonly: true })
    const rows = raw
      .prepare(
        'SELECT typeof(span_id) AS idType, length(span_id) AS idLen, typeof(attributes) AS attrType, length(attributes) AS attrLen FROM spans ORDER BY start_time',
      )
      .all() as Array<{ idType: string; idLen: number; attrType: string; attrLen: number }>
    raw.close()
    expect(rows[0]).toMatchObject({ idType: 'blob', idLen: 8, attrType: 'blob' })
    expect(rows[0].attrLen).toBeLessThan(JSON.stringify(big).length / 5)
    expect(rows[1]).toMatchObject({ idType: 'text', attrType: 'text' })
    const spans = t.store.listSpans({ sessionId: 's', order: 'asc' }).items
    expect(spans.map((s) => s.spanId)).toEqual(['00112233aabbccdd', 'Not-Hex'])
    expect(spans[0].attributes).toEqual(big)
  })

  it('marks a session live while it runs and wrote within the quiet time (5 min)', async () => {
    t = openTempStore()
    const now = Date.now()
    await t.store.write([
      { kind: 'span', sessionId: 'live', spanId: 'a1', name: 'x', startTime: now - 1000 },
      // two minutes quiet: still running by the session-status rule, so still live
      { kind: 'span', sessionId: 'waiting', spanId: 'a1', name: 'x', startTime: now - 120_000 },
      { kind: 'span', sessionId: 'stale', spanId: 'a1', name: 'x', startTime: now - 400_000 },
      { kind: 'span', sessionId: 'done', spanId: 'a1', name: 'x', startTime: now - 1000 },
      { kind: 'session', id: 'done', status: 'completed', endTime: now },
    ])
    expect(t.store.getSession('live')!.live).toBe(true)
    expect(t.store.getSession('waiting')!.status).toBe('running')
    expect(t.store.getSession('waiting')!.live).toBe(true)
    expect(t.store.getSession('stale')!.live).toBe(false)
    expect(t.store.getSession('done')!.live).toBe(false)
  })

  it('resolves an error with a note and keeps the unresolved count right', async () => {
    t = openTempStore()
    await t.store.write([
      { kind: 'error', sessionId: 's', time: T0, type: 'E', message: 'one' },
      { kind: 'error', sessionId: 's', time: T0 + 1, type: 'E', message: 'two' },
      // the same error again: errors without id get a content-derived id, so it is not doubled
      { kind: 'error', sessionId: 's', time: T0 + 1, type: 'E', message: 'two' },
    ])
    expect(t.store.getSession('s')).toMatchObject({ errorCount: 2, unresolvedErrorCount: 2 })
    const [newest] = t.store.listErrors({ sessionId: 's' }).items
    const resolved = t.store.resolveError(newest.id, 'fixed in v2')!
    expect(resolved).toMatchObject({
      resolved: true,
      resolutionNote: 'fixed in v2',
      message: 'two',
    })
    expect(resolved.resolvedAt).toBeGreaterThan(0)
    t.store.resolveError(newest.id, 'note changed')
    expect(t.store.getSession('s')!.unresolvedErrorCount).toBe(1)
    expect(t.store.listErrors({ resolved: false }).items.map((e) => e.message)).toEqual(['one'])
    expect(t.store.listErrors({ resolved: true }).items[0].resolutionNote).toBe('note changed')
    expect(t.store.resolveError('no-such-error', 'x')).toBeNull()
  })
})
