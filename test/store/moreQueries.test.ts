import { afterEach, describe, expect, it } from 'vitest'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
afterEach(async () => t?.cleanup())

describe('agents, messages, tasks, memory, metrics', () => {
  it('lists agents of a session with their records merged over the ones spans created', async () => {
    t = openTempStore()
    await t.store.write([
      { kind: 'span', sessionId: 's1', spanId: 'a', name: 'n', agentId: 'coder', startTime: T0 },
      {
        kind: 'agent',
        id: 'coder',
        sessionId: 's1',
        name: 'The Coder',
        type: 'coder',
        status: 'idle',
        attributes: { model: 'm' },
      },
      { kind: 'agent', id: 'lonely', name: 'No session' },
      { kind: 'span', sessionId: 's2', spanId: 'a', name: 'n', agentId: 'coder', startTime: T0 },
    ])
    const s1 = t.store.listAgents({ sessionId: 's1' }).items
    expect(s1).toEqual([
      {
        id: 'coder',
        sessionId: 's1',
        name: 'The Coder',
        type: 'coder',
        status: 'idle',
        startTime: T0,
        endTime: null,
        attributes: { model: 'm' },
      },
    ])
    const all = t.store.listAgents({ limit: 1 })
    expect(all.items).toHaveLength(1)
    const rest = t.store.listAgents({ limit: 10, cursor: all.nextCursor })
    expect([...all.items, ...rest.items].map((a) => `${a.sessionId}/${a.id}`).sort()).toEqual([
      'null/lonely',
      's1/coder',
      's2/coder',
    ])
    expect(t.store.getSession('s2')!.agentCount).toBe(1)
  })

  it('lists agent messages by session and by agent (sent or received), newest first', async () => {
    t = openTempStore()
    await t.store.write([
      {
        kind: 'message',
        id: 'm1',
        sessionId: 's',
        senderAgentId: 'a',
        receiverAgentId: 'b',
        time: T0,
        type: 'request',
        payload: { ask: 'x' },
        deliveryStatus: 'delivered',
      },
      {
        kind: 'message',
        id: 'm2',
        sessionId: 's',
        senderAgentId: 'b',
        receiverAgentId: 'a',
        time: T0 + 5,
        responseTo: 'm1',
        payload: 'done',
      },
      {
        kind: 'message',
        id: 'm3',
        sessionId: 's',
        senderAgentId: 'c',
        receiverAgentId: 'd',
        time: T0 + 9,
      },
    ])
    expect(t.store.listMessages({ sessionId: 's' }).items.map((m) => m.id)).toEqual([
      'm3',
      'm2',
      'm1',
    ])
    const ofA = t.store.listMessages({ agentId: 'a' }).items
    expect(ofA.map((m) => m.id)).toEqual(['m2', 'm1'])
    expect(ofA[1]).toMatchObject({
      senderAgentId: 'a',
      receiverAgentId: 'b',
      type: 'request',
      payload: { ask: 'x' },
      deliveryStatus: 'delivered',
    })
    expect(ofA[0]).toMatchObject({ payload: 'done', responseTo: 'm1' })
    expect(t.store.listMessages({ since: T0 + 1, until: T0 + 6 }).items.map((m) => m.id)).toEqual([
      'm2',
    ])
  })

  it('lists tasks by agent with durations, and an update of a task merges into it', async () => {
    t = openTempStore()
    await t.store.write([
      {
        kind: 'task',
        id: 't1',
        sessionId: 's',
        agentId: 'coder',
        name: 'write code',
        status: 'running',
        startTime: T0,
      },
      {
        kind: 'task',
        id: 't2',
        sessionId: 's',
        agentId: 'tester',
        name: 'test',
        startTime: T0 + 10,
      },
    ])
    await t.store.write({
      kind: 'task',
      id: 't1',
      status: 'done',
      endTime: T0 + 500,
      tokensUsed: 900,
    })
    expect(t.store.listTasks({ agentId: 'coder' }).items).toEqual([
      {
        id: 't1',
        sessionId: 's',
        agentId: 'coder',
        name: 'write code',
        status: 'done',
        startTime: T0,
        endTime: T0 + 500,
        durationMs: 500,
        tokensUsed: 900,
        attributes: {},
      },
    ])
    expect(t.store.listTasks({ sessionId: 's' }).items.map((x) => x.id)).toEqual(['t2', 't1'])
  })

  it('keeps session memory by key with a TTL: expired entries are invisible', async () => {
    t = openTempStore()
    const now = Date.now()
    await t.store.write([
      {
        kind: 'memory',
        sessionId: 's',
        namespace: 'plan',
        key: 'goal',
        value: 'ship it',
        time: now,
        expiresAt: null,
      },
      {
        kind: 'memory',
        sessionId: 's',
        namespace: 'plan',
        key: 'tmp',
        value: { a: 1 },
        time: now,
        expiresAt: now - 1,
      },
      {
        kind: 'memory',
        sessionId: 's',
        namespace: 'cache',
        key: 'soon',
        value: [1, 2],
        time: now,
        expiresAt: now + 60_000,
      },
    ])
    expect(
      t.store
        .listMemory({ sessionId: 's' })
        .items.map((m) => m.key)
        .sort(),
    ).toEqual(['goal', 'soon'])
    expect(t.store.listMemory({ key: 'goal' }).items[0]).toMatchObject({
      value: 'ship it',
      namespace: 'plan',
      expiresAt: null,
    })
    expect(t.store.listMemory({ namespace: 'cache' }).items[0].value).toEqual([1, 2])
    // a write to the same key replaces it
    await t.store.write({
      kind: 'memory',
      sessionId: 's',
      namespace: 'plan',
      key: 'goal',
      value: 'ship it twice',
      time: now + 1,
      expiresAt: null,
    })
    expect(t.store.listMemory({ key: 'goal' }).items.map((m) => m.value)).toEqual(['ship it twice'])
    const report = await t.store.maintain({})
    expect(report.actions.join(' ')).toMatch(/deleted 1 expired/)
  })

  it('returns a metric series in time order, filtered by name, agent and window', async () => {
    t = openTempStore()
    await t.store.write(
      Array.from({ length: 20 }, (_, i) => ({
        kind: 'metric' as const,
        sessionId: 's',
        agentId: i % 2 ? 'a' : 'b',
        time: T0 + i * 1000,
        name: i % 4 === 0 ? 'memory.bytes' : 'cpu.percent',
        value: i,
        attributes: i === 1 ? { host: 'laptop' } : undefined,
      })),
    )
    const cpu = t.store.listMetrics({ name: 'cpu.percent', agentId: 'a', limit: 3 })
    expect(cpu.items.map((m) => m.value)).toEqual([1, 3, 5])
    expect(cpu.items[0].attributes).toEqual({ host: 'laptop' })
    const next = t.store.listMetrics({
      name: 'cpu.percent',
      agentId: 'a',
      limit: 3,
      cursor: cpu.nextCursor,
    })
    expect(next.items.map((m) => m.value)).toEqual([7, 9, 11])
    expect(
      t.store
        .listMetrics({ sessionId: 's', since: T0 + 4000, until: T0 + 6000 })
        .items.map((m) => m.value),
    ).toEqual([4, 5, 6])
  })
})

describe('full-text search and stats', () => {
  it('finds spans, events, errors and messages by words in names, messages and attribute values', async () => {
    t = openTempStore()
    await t.store.write([
      {
        kind: 'span',
        sessionId: 's1',
        spanId: 'aa01',
        name: 'tool.read_file',
        startTime: T0,
        attributes: { path: 'src/quantum.ts' },
      },
      {
        kind: 'span',
        sessionId: 's2',
        spanId: 'aa02',
        name: 'llm.chat',
        startTime: T0 + 1,
        status: 'error',
        statusMessage: 'quantum overflow',
      },
      {
        kind: 'event',
        sessionId: 's1',
        time: T0 + 2,
        name: 'log',
        message: 'checking the quantum flux',
      },
      {
        kind: 'error',
        id: 'e1',
        sessionId: 's2',
        time: T0 + 3,
        type: 'QuantumError',
        message: 'flux capacitor broke',
      },
      {
        kind: 'message',
        sessionId: 's1',
        senderAgentId: 'a',
        time: T0 + 4,
        payload: { text: 'please compute the flux' },
      },
      {
        kind: 'span',
        sessionId: 's1',
        spanId: 'aa03',
        name: 'unrelated',
        startTime: T0 + 5,
        attributes: { big: 'padding '.repeat(300) + 'needle' },
      },
    ])
    await t.store.flush()
    const hits = t.store.search({ text: 'quantum' }).items
    expect(hits.map((h) => `${h.type}:${h.id}`).sort()).toEqual([
      'event:ev-1',
      'span:aa01',
      'span:aa02',
    ])
    expect(
      t.store
        .search({ text: 'flux' })
        .items.map((h) => h.type)
        .sort(),
    ).toEqual(['error', 'event', 'message'])
    expect(t.store.search({ text: 'flux', sessionId: 's2' }).items.map((h) => h.id)).toEqual(['e1'])
    const needle = t.store.search({ text: 'needle' }).items
    expect(needle).toHaveLength(1)
    expect(needle[0].snippet).toMatch(/needle/)
    expect(needle[0].snippet.length).toBeLessThan(130)
    // two words: both must match; quotes and operators in input are plain text
    expect(t.store.search({ text: 'quantum overflow' }).items.map((h) => h.id)).toEqual(['aa02'])
    expect(t.store.search({ text: '"quantum" OR NOT (' }).items).toEqual([])
    const page1 = t.store.search({ text: 'flux', limit: 2 })
    const page2 = t.store.search({ text: 'flux', limit: 2, cursor: page1.nextCursor })
    expect([...page1.items, ...page2.items]).toHaveLength(3)
    expect(page2.nextCursor).toBeNull()
  })

  it('indexes a span again when its end record adds a status message', async () => {
    t = openTempStore()
    await t.store.write({ kind: 'span', sessionId: 's', spanId: 'b1', name: 'step', startTime: T0 })
    await t.store.flush()
    expect(t.store.search({ text: 'meltdown' }).items).toEqual([])
    await t.store.write({
      kind: 'span',
      sessionId: 's',
      spanId: 'b1',
      name: 'step',
      startTime: T0,
      endTime: T0 + 9,
      status: 'error',
      statusMessage: 'meltdown',
    })
    await t.store.flush()
    expect(t.store.search({ text: 'meltdown' }).items.map((h) => h.id)).toEqual(['b1'])
    expect(t.store.search({ text: 'step' }).items).toHaveLength(1)
  })

  it('reports file size, counts, per-name durations, error rate and queue counters', async () => {
    t = openTempStore()
    await t.store.write(
      Array.from({ length: 100 }, (_, i) => ({
        kind: 'span' as const,
        sessionId: 's',
        spanId: `s${i}`,
        name: i < 80 ? 'fast' : 'slow',
        startTime: T0 + i,
        endTime: T0 + i + (i < 80 ? i + 1 : 1000),
        status: i % 10 === 0 ? ('error' as const) : ('ok' as const),
      })),
    )
    const st = t.store.stats()
    expect(st.kind).toBe('tracescope')
    expect(st.fileBytes).toBeGreaterThan(0)
    expect(st.counts).toMatchObject({ sessions: 1, spans: 100, errors: 0 })
    const fast = st.spanNames.find((n) => n.name === 'fast')!
    expect(fast).toMatchObject({ count: 80, errorCount: 8, p50Ms: 40, p95Ms: 76 })
    expect(fast.avgMs).toBeCloseTo(40.5)
    expect(st.spanNames.find((n) => n.name === 'slow')).toMatchObject({ count: 20, p50Ms: 1000 })
    expect(st.errorRate).toBeCloseTo(0.1)
    expect(st.queue).toMatchObject({ written: 100, rejected: 0, queued: 0 })
    expect(t.store.stats({ hours: 1 }).spanNames).toEqual([])
  })

  it('changes its change token when this or another connection commits', async () => {
    t = openTempStore()
    const { openStore } = await import('../../src/main/store/traceStore')
    const reader = openStore(t.file, { readOnly: true })
    try {
      const a = reader.changeToken()
      const own = t.store.changeToken()
      await t.store.write({ kind: 'span', sessionId: 's', spanId: 'x', name: 'n', startTime: T0 })
      expect(reader.changeToken()).not.toBe(a)
      expect(t.store.changeToken()).not.toBe(own)
      const b = reader.changeToken()
      expect(reader.changeToken()).toBe(b)
    } finally {
      await reader.close()
    }
  })
})
