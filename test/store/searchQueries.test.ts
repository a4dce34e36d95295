// Full-text hits say where they are: the span a hit is or happened in, and its agent.
import { afterEach, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
afterEach(async () => t?.cleanup())

const records: TraceRecord[] = [
  { kind: 'session', id: 'run-1', name: 'Run', startTime: T0 },
  {
    kind: 'span',
    sessionId: 'run-1',
    spanId: 'root',
    name: 'swarm.run',
    agentId: 'planner',
    startTime: T0,
    endTime: T0 + 1000,
    status: 'ok',
  },
  {
    kind: 'span',
    sessionId: 'run-1',
    spanId: 'fetch',
    parentSpanId: 'root',
    name: 'tool.fetch_page',
    agentId: 'researcher',
    startTime: T0 + 100,
    endTime: T0 + 900,
    status: 'error',
    statusMessage: 'upstream said 503',
  },
  {
    kind: 'error',
    id: 'e1',
    sessionId: 'run-1',
    spanId: 'fetch',
    time: T0 + 900,
    type: 'FetchError',
    message: 'upstream 503 again',
  },
  {
    // stamped before its span started (another writer's clock): still placed in its span
    kind: 'error',
    id: 'e2',
    sessionId: 'run-1',
    spanId: 'fetch',
    time: T0 + 50,
    type: 'EarlyError',
    message: 'upstream too early',
  },
  {
    kind: 'event',
    sessionId: 'run-1',
    spanId: 'root',
    time: T0 + 500,
    name: 'log',
    message: 'waiting on upstream',
  },
]

describe('search hits', () => {
  it('carry the span name and agent of the span they are in', async () => {
    t = openTempStore()
    await t.store.write(records)
    await t.store.flush()
    const hits = t.store.search({ text: 'upstream' }).items
    const by = (type: string) => hits.find((h) => h.type === type)!
    expect(by('span')).toMatchObject({ spanName: 'tool.fetch_page', agentId: 'researcher' })
    expect(by('error')).toMatchObject({
      spanId: 'fetch',
      spanName: 'tool.fetch_page',
      agentId: 'researcher',
    })
    expect(hits.find((h) => h.id === 'e2')).toMatchObject({ spanName: 'tool.fetch_page' })
    expect(by('event')).toMatchObject({ spanId: 'root', spanName: 'swarm.run', agentId: 'planner' })
  })
})
