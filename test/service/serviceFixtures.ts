// A native store with a bit of everything, written through the real store, plus the app core
// wired the way `serve` wires it (in-process or worker service) for contract tests.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TraceRecord } from '../../src/shared/domain'
import { openStore } from '../../src/main/store/traceStore'

export interface SeededStore {
  path: string
  sessionId: string
  spanIds: string[]
  errorSpanId: string
  errorId: string
  agentIds: string[]
  baseTime: number
}

export function tempDir(prefix = 'tracescope-svc-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

export function spanRecords(
  sessionId: string,
  n: number,
  base: number,
  prefix = 'sp',
): TraceRecord[] {
  const out: TraceRecord[] = []
  for (let i = 0; i < n; i++) {
    out.push({
      kind: 'span',
      sessionId,
      traceId: 'a'.repeat(32),
      spanId: `${prefix}${i}`,
      parentSpanId: i === 0 ? null : `${prefix}0`,
      name: `step-${i % 7}`,
      agentId: i % 2 ? 'agent-b' : 'agent-a',
      startTime: base + i,
      endTime: base + i + 3,
      status: 'ok',
      attributes: { i },
    })
  }
  return out
}

export async function seedNativeStore(file: string, spans = 40): Promise<SeededStore> {
  const base = Date.UTC(2025, 0, 1)
  const sessionId = 'sess-1'
  const store = openStore(file)
  const records: TraceRecord[] = [
    { kind: 'session', id: sessionId, name: 'first run', startTime: base },
    { kind: 'agent', id: 'agent-a', name: 'planner', sessionId },
    { kind: 'agent', id: 'agent-b', name: 'coder', sessionId },
    ...spanRecords(sessionId, spans, base),
    {
      kind: 'span',
      sessionId,
      spanId: 'boom',
      parentSpanId: 'sp0',
      name: 'tool-call',
      agentId: 'agent-b',
      startTime: base + 100,
      endTime: base + 120,
      status: 'error',
      statusMessage: 'tool failed',
    },
    {
      kind: 'error',
      id: 'err-1',
      sessionId,
      spanId: 'boom',
      time: base + 120,
      type: 'ToolError',
      message: 'tool failed',
    },
    {
      kind: 'event',
      sessionId,
      spanId: 'sp1',
      time: base + 2,
      name: 'log',
      level: 'info',
      message: 'hello',
    },
    {
      kind: 'message',
      id: 'm1',
      sessionId,
      senderAgentId: 'agent-a',
      receiverAgentId: 'agent-b',
      time: base + 5,
      payload: { ask: 'code' },
    },
    {
      kind: 'task',
      id: 't1',
      sessionId,
      agentId: 'agent-b',
      name: 'write code',
      status: 'done',
      startTime: base,
      endTime: base + 50,
    },
    { kind: 'metric', sessionId, agentId: 'agent-a', time: base + 10, name: 'cpu', value: 0.5 },
    {
      kind: 'memory',
      sessionId,
      namespace: 'ns',
      key: 'k',
      value: { v: 1 },
      time: base,
      expiresAt: null,
    },
  ]
  const result = await store.write(records)
  if (result.rejected.length > 0)
    throw new Error(`fixture rejected: ${JSON.stringify(result.rejected)}`)
  await store.close()
  return {
    path: file,
    sessionId,
    spanIds: [...Array.from({ length: spans }, (_, i) => `sp${i}`), 'boom'],
    errorSpanId: 'boom',
    errorId: 'err-1',
    agentIds: ['agent-a', 'agent-b'],
    baseTime: base,
  }
}
