// The Node SDK against real stores on disk: the Claude-Flow TraceStorage facade, the tracer, the log handler,
// the pino destination, the OpenTelemetry exporter, and two processes writing one file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import { context, trace, SpanStatusCode } from '@opentelemetry/api'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  createLogHandler,
  createTracer,
  openStore,
  pinoDestination,
  TracescopeSpanExporter,
} from '../../src/lib'
import type { TraceStorage } from '../../src/lib'

const run = promisify(execFile)
const WRITER = path.join(__dirname, 'fixtures', 'sdkWriter.ts')
let dir: string
let storage: TraceStorage

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-sdk-'))
  storage = openStore(path.join(dir, 'sdk.db'))
})

afterAll(async () => {
  await storage.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('Claude-Flow TraceStorage facade', () => {
  it('stores sessions, traces, snapshots, resource usage, errors, messages and tasks, and queries them', async () => {
    const sid = await storage.createSession('Production Run', { env: 'test' })
    const t0 = 1_700_000_000_000
    await storage.storeTrace({
      id: 'tr-1',
      sessionId: sid,
      type: 'agent_spawn',
      timestamp: t0,
      agentId: 'coord',
      data: { agentType: 'worker' },
      metadata: { severity: 'low' },
    })
    await storage.storeBatch([
      {
        id: 'tr-2',
        sessionId: sid,
        type: 'task_start',
        timestamp: t0 + 10,
        agentId: 'w1',
        parentId: 'tr-1',
        performance: { duration: 25 },
      },
      {
        kind: 'span',
        sessionId: sid,
        spanId: 'tr-3',
        parentSpanId: 'tr-1',
        name: 'task_complete',
        startTime: t0 + 40,
        agentId: 'w1',
      },
    ])
    await storage.storePerformanceSnapshot(sid, { cpu: 75.5, activeAgents: 5 }, t0)
    await storage.storeResourceUsage('w1', 12.5, 1024, 0, 10, 20, 3, { sessionId: sid, time: t0 })
    const errId = await storage.storeErrorEvent(
      'tr-2',
      'RuntimeError',
      'Task failed to execute',
      'at x',
      'Restarted with fallback strategy',
      { sessionId: sid },
    )
    await storage.storeAgentMessage({
      senderAgentId: 'coord',
      receiverAgentId: 'w1',
      type: 'assign',
      payload: { task: 1 },
      sessionId: sid,
      time: t0 + 5,
    })
    await storage.storeTask({
      id: 'task-1',
      sessionId: sid,
      agentId: 'w1',
      name: 'crawl',
      status: 'completed',
      startTime: t0,
      endTime: t0 + 30,
      tokensUsed: 42,
    })
    await storage.updateSession(sid, { status: 'completed', endTime: t0 + 100 })

    const spans = storage.getTracesBySession(sid)
    expect(spans.map((s) => s.spanId)).toEqual(['tr-1', 'tr-2', 'tr-3'])
    expect(spans[0].attributes).toMatchObject({
      data: { agentType: 'worker' },
      metadata: { severity: 'low' },
    })
    expect(spans[1]).toMatchObject({ parentSpanId: 'tr-1', endTime: t0 + 35 })
    expect(
      storage
        .getTracesByAgent('w1')
        .map((s) => s.spanId)
        .sort(),
    ).toEqual(['tr-2', 'tr-3'])
    expect(
      storage
        .getTracesByTimeRange({ start: t0 + 5, end: t0 + 20 }, { sessionIds: [sid] })
        .map((s) => s.spanId),
    ).toEqual(['tr-2'])
    expect(storage.getSession(sid)).toMatchObject({ name: 'Production Run', status: 'completed' })
    const unresolved = storage.getErrorEvents({ resolved: false, sessionId: sid })
    expect(unresolved.map((e) => e.id)).toEqual([errId])
    expect(unresolved[0]).toMatchObject({
      spanId: 'tr-2',
      recoveryAction: 'Restarted with fallback strategy',
    })
    expect(storage.resolveError(errId, 'Applied hotfix v1.2.3')).toMatchObject({
      resolved: true,
      resolutionNote: 'Applied hotfix v1.2.3',
    })
    expect(storage.getErrorEvents({ resolved: false, sessionId: sid })).toEqual([])
    expect(storage.getAgentMessages('coord')[0]).toMatchObject({
      receiverAgentId: 'w1',
      payload: { task: 1 },
    })
    expect(storage.getTasksByAgent('w1')[0]).toMatchObject({ id: 'task-1', tokensUsed: 42 })
    const metrics = storage.store
      .listMetrics({ sessionId: sid, limit: 100 })
      .items.map((m) => `${m.name}=${m.value}`)
    expect(metrics).toEqual(
      expect.arrayContaining([
        'perf.cpu=75.5',
        'perf.activeAgents=5',
        'resource.cpu_percent=12.5',
        'resource.open_files=3',
      ]),
    )
    expect(storage.getTraceGraph(sid).sessionId).toBe(sid)
  })

  it('rejects a record it cannot store with an error naming the field', async () => {
    await expect(storage.storeErrorEvent(null, '', 'no type')).rejects.toThrow(/type/)
    await expect(storage.storeResourceUsage('agent-1', 12, 'lots' as never)).rejects.toThrow(
      /^metric resource\.memory_bytes was not stored: value must be a finite number$/,
    )
    await expect(storage.storeTask({} as never)).rejects.toThrow(
      /^task was not stored: id is required$/,
    )
    await expect(async () => storage.storePerformanceSnapshot('s', null as never)).rejects.toThrow(
      'tracescope: storePerformanceSnapshot needs an object of numbers as metrics, got null',
    )
    await expect(async () => storage.storeBatch(undefined as never)).rejects.toThrow(
      'tracescope: storeBatch needs an array of records, got undefined',
    )
    await expect(async () => storage.storeTrace(null as never)).rejects.toThrow(
      'tracescope: a record must be an object, got null',
    )
    // a refused record in a batch is reported, not thrown
    const r = await storage.storeBatch([{ id: 't', sessionId: 's', type: 'x', timestamp: NaN }])
    expect(r.rejected).toMatchObject([{ index: 0, field: 'startTime' }])
  })
})

describe('setting up', () => {
  it('says which argument is wrong when a tracer, log handler or store is set up wrongly', () => {
    const listeners = process.listenerCount('beforeExit')
    expect(() => createTracer(storage, {} as never)).toThrow(
      'tracescope: createTracer needs { sessionId } (a non-empty string, e.g. from storage.createSession()), got undefined',
    )
    expect(() => createTracer(storage, undefined as never)).toThrow(
      /createTracer needs \{ sessionId \}/,
    )
    expect(() => createTracer(storage, { sessionId: 42 } as never)).toThrow(/got number 42$/)
    expect(() => createTracer('swarm.db' as never, { sessionId: 's' })).toThrow(
      'tracescope: createTracer needs the store from openStore(path) as its first argument, got the string "swarm.db"',
    )
    expect(() => createLogHandler(storage, { sessionId: '' })).toThrow(
      /^tracescope: createLogHandler needs \{ sessionId \}.*got the string ""$/,
    )
    expect(() => pinoDestination(storage, {} as never)).toThrow(
      /pinoDestination needs \{ sessionId \}/,
    )
    expect(() => openStore(undefined as never)).toThrow(
      'tracescope: openStore needs the path of a .db file (a string), got undefined',
    )
    // refused before anything was installed in the process
    expect(process.listenerCount('beforeExit')).toBe(listeners)
  })
})

describe('tracer', () => {
  it('keeps a span whose attributes cannot be stored as they are, with those values replaced', async () => {
    const warnings: string[] = []
    const tracer = createTracer(storage, {
      sessionId: 'odd-attributes',
      onRejected: (reason) => warnings.push(reason),
    })
    const circular: Record<string, unknown> = { name: 'loop' }
    circular.self = circular
    const shared = { k: 1 }
    await tracer.withSpan('parent', async () => {
      tracer.startSpan('bigint', { tokens: 12n, ok: true }).end()
      tracer.startSpan('circular', { ctx: circular, twice: [shared, shared] }).end()
      tracer.startSpan('huge', { prompt: 'p'.repeat(3_000_000), model: 'm' }).end()
      // each value small enough, together over the 1 MiB record limit
      const many = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`part${i}`, 'q'.repeat(40_000)]),
      )
      const s = tracer.startSpan('many')
      s.addEvent('big event', many)
      s.setAttributes(many)
      s.end()
      tracer.startSpan('fine', { a: 1 }).end()
    })
    await tracer.flush()
    const spans = storage.store.listSpans({ sessionId: 'odd-attributes', limit: 100 }).items
    const byName = new Map(spans.map((s) => [s.name, s]))
    expect([...byName.keys()].sort()).toEqual([
      'bigint',
      'circular',
      'fine',
      'huge',
      'many',
      'parent',
    ])
    for (const name of ['bigint', 'circular', 'huge', 'many'])
      expect(byName.get(name)!.parentSpanId).toBe(byName.get('parent')!.spanId)
    expect(byName.get('bigint')!.attributes).toEqual({ tokens: '12', ok: true })
    expect(byName.get('circular')!.attributes).toEqual({
      ctx: { name: 'loop', self: '[Circular]' },
      twice: [{ k: 1 }, { k: 1 }],
    })
    const prompt = byName.get('huge')!.attributes.prompt as string
    expect(prompt.length).toBeLessThan(70_000)
    expect(prompt).toMatch(/… \[2934464 more characters not stored\]$/)
    expect(byName.get('huge')!.attributes.model).toBe('m')
    const many = byName.get('many')!.attributes as Record<string, string>
    expect(Object.keys(many)).toHaveLength(40)
    expect(many.part0).toMatch(/^q{1024}… \[38976 more characters not stored\]$/)
    expect(byName.get('fine')!.attributes).toEqual({ a: 1 })
    const events = storage.store.listEvents({ sessionId: 'odd-attributes' }).items
    expect(events.map((e) => e.name)).toEqual(['big event'])
    expect(warnings).toHaveLength(5)
    for (const w of warnings) expect(w).toMatch(/stored with attributes replaced: /)
    expect(warnings.join('\n')).toMatch(/BigInt/)
    expect(warnings.join('\n')).toMatch(/over the 1048576-byte limit/)
  })

  it('keeps a span still too large with every string cut, and an error with a huge message', async () => {
    const warnings: string[] = []
    const tracer = createTracer(storage, {
      sessionId: 'too-large',
      onRejected: (reason) => warnings.push(reason),
    })
    const manyKeys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))
    await tracer.withSpan('parent', async () => {
      tracer.startSpan('many keys', manyKeys).end()
      tracer.startSpan('long array', { model: 'm', embedding: new Array(300_000).fill(1.5) }).end()
      tracer.startSpan(`long name ${'n'.repeat(2_000_000)}`).end()
      await expect(
        tracer.withSpan('huge error', () => {
          throw new Error('m'.repeat(2_000_000))
        }),
      ).rejects.toThrow()
    })
    await tracer.flush()
    const spans = storage.store.listSpans({ sessionId: 'too-large', limit: 100 }).items
    const parent = spans.find((s) => s.name === 'parent')!
    expect(spans).toHaveLength(5)
    for (const s of spans) if (s !== parent) expect(s.parentSpanId).toBe(parent.spanId)
    const byName = new Map(spans.map((s) => [s.name.slice(0, 10), s]))
    const many = byName.get('many keys')!.attributes
    expect(many.k0).toBe(0)
    expect(many['…']).toMatch(/^\[\d+ more attributes not stored\]$/)
    const kept = Object.keys(many).length - 1
    expect(many['…']).toBe(`[${100_000 - kept} more attributes not stored]`)
    const array = byName.get('long array')!.attributes
    expect(array.model).toBe('m')
    expect(array.embedding).toMatch(/^\[1\.5,1\.5,.*… \[\d+ more characters not stored\]$/)
    expect(byName.get('long name ')!.name).toMatch(/… \[1983626 more characters not stored\]$/)
    const failed = byName.get('huge error')!
    expect(failed.status).toBe('error')
    expect(failed.statusMessage).toMatch(/^m{16384}… \[1983616 more characters not stored\]$/)
    const [error] = storage.getErrorEvents({ sessionId: 'too-large' })
    expect(error).toMatchObject({ type: 'Error', spanId: failed.spanId })
    expect(error.message).toMatch(/^m{16384}… \[1983616 more characters not stored\]$/)
    expect(error.stack).toMatch(/^Error: m{8185}… \[\d+ more characters not stored\]\nm+\n +at /)
    expect(error.stack).toContain('sdk.test.ts')
    expect(warnings).toHaveLength(5)
    for (const w of warnings) expect(w).toMatch(/ stored with (attributes replaced|message and)/)
  })

  it('nests spans by async context, keeps concurrent branches apart, records exceptions', async () => {
    const tracer = createTracer(storage, { sessionId: 'tracer-run', agentId: 'planner' })
    await tracer.withSpan('plan', async () => {
      await Promise.all(
        ['a', 'b'].map((branch) =>
          tracer.withSpan(`branch ${branch}`, async () => {
            await new Promise((r) => setTimeout(r, 5))
            await tracer.withSpan(`leaf ${branch}`, async () => {
              await new Promise((r) => setTimeout(r, 1))
            })
          }),
        ),
      )
      const manual = tracer.startSpan('manual', { step: 1 }, { kind: 'client' })
      manual.addEvent('checkpoint', { n: 1 })
      manual.end()
      await expect(
        tracer.withSpan('fails', () => Promise.reject(new TypeError('bad input'))),
      ).rejects.toThrow('bad input')
    })
    await tracer.flush()
    const spans = storage.store.listSpans({ sessionId: 'tracer-run', limit: 100 }).items
    const byName = new Map(spans.map((s) => [s.name, s]))
    const plan = byName.get('plan')!
    expect(plan.parentSpanId).toBeNull()
    for (const b of ['a', 'b']) {
      expect(byName.get(`branch ${b}`)!.parentSpanId).toBe(plan.spanId)
      expect(byName.get(`leaf ${b}`)!.parentSpanId).toBe(byName.get(`branch ${b}`)!.spanId)
    }
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1)
    expect(byName.get('manual')!.parentSpanId).toBe(plan.spanId)
    expect(byName.get('manual')!.kind).toBe('client')
    expect(plan.kind).toBe('internal')
    expect(byName.get('fails')).toMatchObject({ status: 'error', statusMessage: 'bad input' })
    expect(plan.status).toBe('ok')
    expect(plan.endTime! - plan.startTime).toBeGreaterThan(4)
    expect(storage.getErrorEvents({ sessionId: 'tracer-run' })[0]).toMatchObject({
      type: 'TypeError',
      message: 'bad input',
      spanId: byName.get('fails')!.spanId,
    })
    expect(
      storage.store.listEvents({ sessionId: 'tracer-run' }).items.map((e) => e.name),
    ).toContain('checkpoint')
  })
})

describe('log handler', () => {
  it('buffers until the size is reached, flushes on interval, links the active span, turns exceptions into errors', async () => {
    const tracer = createTracer(storage, { sessionId: 'log-run' })
    const log = createLogHandler(storage, {
      sessionId: 'log-run',
      bufferSize: 3,
      flushIntervalMs: 30,
      extras: { workflow: 'pipeline' },
      tracer,
    })
    log.info('one')
    log.warn('two')
    expect(log.buffered).toBe(2)
    expect(storage.store.listEvents({ sessionId: 'log-run' }).items).toHaveLength(0)
    await tracer.withSpan('step', async () => log.error('three')) // reaches the size: flushed
    expect(log.buffered).toBe(0)
    log.exception(new RangeError('index 9'), 'lookup failed')
    await new Promise((r) => setTimeout(r, 120)) // the interval flush
    expect(log.buffered).toBe(0)
    await log.close()
    const events = storage.store.listEvents({ sessionId: 'log-run', limit: 10 }).items
    expect(events.map((e) => `${e.level}:${e.message}`).sort()).toEqual([
      'error:lookup failed',
      'error:three',
      'info:one',
      'warning:two',
    ])
    expect(events.find((e) => e.message === 'three')!.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(events[0].attributes).toMatchObject({ workflow: 'pipeline' })
    expect(storage.getErrorEvents({ sessionId: 'log-run' })[0]).toMatchObject({
      type: 'RangeError',
      message: 'index 9',
    })
  })

  it('records an exception that fills the buffer exactly', async () => {
    const log = createLogHandler(storage, { sessionId: 'log-full', bufferSize: 2 })
    log.info('first')
    log.exception(new Error('second fills it'))
    await log.close()
    expect(storage.store.listEvents({ sessionId: 'log-full' }).items).toHaveLength(2)
    expect(storage.getErrorEvents({ sessionId: 'log-full' })[0]).toMatchObject({
      message: 'second fills it',
    })
  })

  it('writes its buffer when the process ends without closing it', async () => {
    const db = path.join(dir, 'exit.db')
    await run(
      process.execPath,
      ['--import', 'tsx', WRITER, db, 'logs-no-close', 'exit-run', '25'],
      { cwd: path.join(__dirname, '../..') },
    )
    const check = openStore(db)
    try {
      expect(check.store.listEvents({ sessionId: 'exit-run', limit: 100 }).items).toHaveLength(26)
      expect(check.getErrorEvents({ sessionId: 'exit-run' })[0]).toMatchObject({
        type: 'RangeError',
      })
    } finally {
      await check.close()
    }
  })
})

describe('pino destination', () => {
  it('stores pino lines as events with levels, bindings and errors', async () => {
    const dest = pinoDestination(storage, { sessionId: 'pino-run', bufferSize: 100 })
    const logger = pino({ level: 'debug', base: { svc: 'crawler' } }, dest)
    logger.debug('warming up')
    logger.child({ agent: 'w1' }).info({ url: 'https://x' }, 'fetched')
    logger.warn('slow')
    logger.error(new Error('socket hang up'), 'fetch failed')
    await dest.flush()
    const events = storage.store.listEvents({ sessionId: 'pino-run', limit: 10 }).items
    expect(events.map((e) => `${e.level}:${e.message}`).sort()).toEqual([
      'debug:warming up',
      'error:fetch failed',
      'info:fetched',
      'warning:slow',
    ])
    expect(events.find((e) => e.message === 'fetched')!.attributes).toMatchObject({
      svc: 'crawler',
      agent: 'w1',
      url: 'https://x',
    })
    expect(storage.getErrorEvents({ sessionId: 'pino-run' })[0]).toMatchObject({
      type: 'Error',
      message: 'socket hang up',
    })
    expect(storage.getErrorEvents({ sessionId: 'pino-run' })[0].stack).toContain('socket hang up')
  })
})

describe('OpenTelemetry SpanExporter', () => {
  it('writes spans from the OTel SDK straight into a .db', async () => {
    const db = path.join(dir, 'otel.db')
    const exporter = new TracescopeSpanExporter({ path: db })
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'exporter-test' }),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    })
    const tracer = provider.getTracer('t')
    const root = tracer.startSpan('invoke_agent', {
      attributes: { 'session.id': 'otel-run', 'gen_ai.agent.name': 'writer' },
    })
    const child = tracer.startSpan(
      'chat',
      { attributes: { 'session.id': 'otel-run', 'gen_ai.usage.prompt_tokens': 7 } },
      trace.setSpan(context.active(), root),
    )
    child.recordException(new SyntaxError('bad json'))
    child.setStatus({ code: SpanStatusCode.ERROR })
    child.end()
    root.end()
    await provider.shutdown()
    const check = openStore(db)
    try {
      const found = check.getTracesBySession('otel-run')
      expect(found.map((s) => s.name).sort()).toEqual(['chat', 'invoke_agent'])
      const spans = [
        found.find((s) => s.name === 'invoke_agent')!,
        found.find((s) => s.name === 'chat')!,
      ]
      expect(spans[1].parentSpanId).toBe(spans[0].spanId)
      expect(spans[1].attributes).toMatchObject({
        'gen_ai.usage.input_tokens': 7,
        'resource.service.name': 'exporter-test',
      })
      expect(spans[0].agentId).toBe('writer')
      expect(check.getErrorEvents({ sessionId: 'otel-run' })[0]).toMatchObject({
        type: 'SyntaxError',
        message: 'bad json',
      })
    } finally {
      await check.close()
    }
  })
})

describe('several processes', () => {
  it('two processes write the same file at once and nothing is lost', async () => {
    const db = path.join(dir, 'shared.db')
    const cwd = path.join(__dirname, '../..')
    const n = 3000
    await Promise.all(
      ['p1', 'p2'].map((sid) =>
        run(process.execPath, ['--import', 'tsx', WRITER, db, 'spans', sid, String(n)], { cwd }),
      ),
    )
    const check = openStore(db)
    try {
      for (const sid of ['p1', 'p2']) {
        expect(check.getSession(sid)!.spanCount).toBe(n)
        let count = 0
        let cursor: string | null = null
        do {
          const page = check.store.listSpans({ sessionId: sid, limit: 5000, cursor })
          count += page.items.length
          cursor = page.nextCursor
        } while (cursor)
        expect(count).toBe(n)
      }
    } finally {
      await check.close()
    }
  }, 30_000)
})
