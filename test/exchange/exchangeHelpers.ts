// Shared by the exchange tests: a store with every record kind, and readers of export files.
import fs from 'node:fs'
import { PassThrough } from 'node:stream'
import type { TraceRecord } from '../../src/shared/domain'
import type { TraceQueries } from '../../src/shared/queries'
import { exportTraces, type ExportFormat } from '../../src/main/exchange/exportTraces'
import type { TraceFilter } from '../../src/main/exchange/filters'
import {
  KIND_OF_KEY,
  canonicalRecord,
  recordFromLine,
  recordFromObject,
} from '../../src/main/exchange/records'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceStore } from '../../src/main/store/storeApi'

/** A valid 16-hex OTLP span id (built as text: such ids exceed 2^53). */
export const hexSpanId = (i: number): string => `b7ad6b71692033${i.toString(16).padStart(2, '0')}`

export const T0 = Date.parse('2025-05-01T10:00:00Z')

/** Two sessions with spans (foreign-style and hex ids), agents, events, errors, messages, tasks, metrics, memory. */
export function richRecords(): TraceRecord[] {
  const r: TraceRecord[] = []
  for (const [k, sid] of ['run-alpha', 'run-beta'].entries()) {
    const base = T0 + k * 60_000
    r.push({
      kind: 'session',
      id: sid,
      name: `Run ${k}`,
      status: k ? 'failed' : 'completed',
      startTime: base,
      endTime: base + 9000,
      attributes: { team: 'x', k },
    })
    r.push({
      kind: 'agent',
      id: 'planner',
      name: 'Planner',
      type: 'llm',
      sessionId: sid,
      status: 'done',
      startTime: base,
      endTime: base + 9000,
      attributes: { model: 'm1' },
    })
    r.push({
      kind: 'agent',
      id: 'coder',
      name: 'Coder',
      type: 'llm',
      sessionId: sid,
      startTime: base + 50,
      attributes: {},
    })
    const trace = k ? 'trace-text-id' : '0af7651916cd43dd8448eb211c80319c'
    for (let i = 0; i < 12; i++) {
      const hex = k === 0
      const id = hex ? hexSpanId(i) : `span-${i}`
      const parentIdx = i === 0 ? null : Math.floor((i - 1) / 2)
      const parent = parentIdx === null ? null : hex ? hexSpanId(parentIdx) : `span-${parentIdx}`
      r.push({
        kind: 'span',
        sessionId: sid,
        traceId: trace,
        spanId: id,
        parentSpanId: parent,
        name: ['plan', 'tool.call', 'llm.chat'][i % 3],
        spanKind: i % 3 === 2 ? 'client' : 'internal',
        agentId: i === 11 ? null : i % 2 ? 'coder' : 'planner',
        startTime: base + i * 100 + 0.25,
        endTime: i === 10 && k === 1 ? null : base + i * 100 + 50 + i,
        status: i === 5 ? 'error' : i % 4 === 0 ? 'unset' : 'ok',
        statusMessage: i === 5 ? 'tool failed: ENOENT' : null,
        attributes: {
          i,
          'gen_ai.usage.input_tokens': 10 * i,
          nested: { a: [1, 'two', true] },
          ratio: 0.5,
          big: i === 3 ? 'y'.repeat(3000) : 'n',
        },
      })
      if (i === 5) {
        r.push({
          kind: 'event',
          id: `${sid}-ev-${i}`,
          sessionId: sid,
          spanId: id,
          agentId: 'coder',
          time: base + i * 100 + 20,
          name: 'retry',
          level: 'warning',
          message: 'retrying once',
          attributes: { attempt: 2 },
        })
        r.push({
          kind: 'error',
          id: `${sid}-err-${i}`,
          sessionId: sid,
          spanId: id,
          agentId: 'coder',
          time: base + i * 100 + 40,
          type: 'ToolError',
          message: 'tool failed: ENOENT',
          stack: 'Error: ENOENT\n  at tool (x.ts:1)',
          recoveryAction: 'retry',
          resolved: false,
        })
      }
    }
    r.push({
      kind: 'event',
      id: `${sid}-log`,
      sessionId: sid,
      time: base + 5,
      name: 'log',
      level: 'info',
      message: 'session started',
      attributes: {},
    })
    r.push({
      kind: 'error',
      id: `${sid}-loose`,
      sessionId: sid,
      time: base + 7000,
      type: 'Timeout',
      message: 'no heartbeat',
      resolved: true,
      resolutionNote: 'restarted',
      resolvedAt: base + 8000,
    })
    r.push({
      kind: 'message',
      id: `${sid}-m1`,
      sessionId: sid,
      senderAgentId: 'planner',
      receiverAgentId: 'coder',
      type: 'task',
      payload: { do: 'write code' },
      time: base + 150,
      deliveryStatus: 'delivered',
    })
    r.push({
      kind: 'task',
      id: `${sid}-t1`,
      sessionId: sid,
      agentId: 'coder',
      name: 'write code',
      status: 'done',
      startTime: base + 100,
      endTime: base + 900,
      tokensUsed: 1234,
      attributes: { p: 1 },
    })
    r.push({
      kind: 'metric',
      sessionId: sid,
      agentId: 'coder',
      time: base + 500,
      name: 'cpu',
      value: 0.75,
      attributes: { host: 'h' },
    })
    r.push({
      kind: 'memory',
      sessionId: sid,
      namespace: 'ns',
      key: 'goal',
      value: { text: 'ship it' },
      time: base + 10,
      expiresAt: null,
    })
  }
  return r
}

export async function storeWith(file: string, records: TraceRecord[]): Promise<TraceStore> {
  const store = openStore(file)
  const res = await store.write(records)
  if (res.rejected.length)
    throw new Error(`fixture records rejected: ${JSON.stringify(res.rejected.slice(0, 3))}`)
  return store
}

export async function exportToFile(
  q: TraceQueries,
  format: ExportFormat,
  file: string,
  filter: TraceFilter = {},
): Promise<void> {
  const out = fs.createWriteStream(file)
  await exportTraces(q, filter, format, out)
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  )
}

export async function exportToString(
  q: TraceQueries,
  format: ExportFormat,
  filter: TraceFilter = {},
): Promise<string> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  await exportTraces(q, filter, format, out)
  out.end()
  return Buffer.concat(chunks).toString('utf8')
}

/** Canonical records of an ndjson or json export, sorted: equal arrays = same records. */
export function canonicalOf(text: string, format: 'json' | 'ndjson'): string[] {
  const records: TraceRecord[] = []
  if (format === 'ndjson') {
    text.split('\n').forEach((line, i) => {
      if (line.trim()) records.push(recordFromLine(line, i + 1))
    })
  } else {
    const doc = JSON.parse(text) as Record<string, unknown>
    for (const [key, value] of Object.entries(doc)) {
      const kind = KIND_OF_KEY[key]
      if (!kind) continue
      ;(value as unknown[]).forEach((o, i) =>
        records.push(recordFromObject(kind, o, `${key}[${i}]`)),
      )
    }
  }
  return records.map(canonicalRecord).sort()
}
