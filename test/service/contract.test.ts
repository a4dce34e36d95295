// Every invoke channel of the contract, through the in-process transport over a real native
// store and a real Claude-Flow file: valid input answers, invalid input gets a typed error
// naming the field. A channel added to the contract without a case here fails the last test.
import type { PricesInfo } from '../../src/shared/contract/invoke'
import type { UsageRollup } from '../../src/shared/genai/usageRollup'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContractError, INVOKE_CHANNELS, columnsToSpans } from '../../src/shared/contract'
import type { InvokeChannel, SpanColumns } from '../../src/shared/contract'
import { createAppCore } from '../../src/main/service/appCore'
import type { AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { inProcessApi } from '../../src/main/service/inProcessTransport'
import { writeClaudeFlowDb } from '../fixtures/seedWriters'
import { seedNativeStore, tempDir } from './serviceFixtures'
import type { SeededStore } from './serviceFixtures'
import { compareAndStatsCases } from './contractCompareStats'

let tmp: ReturnType<typeof tempDir>
let homeBefore: string | undefined
let core: AppCore
let api: ReturnType<typeof inProcessApi>
let seeded: SeededStore
let src: string
let foreignPath: string
const exportDone: Array<{ phase: string; path: string | null }> = []

beforeAll(async () => {
  tmp = tempDir()
  homeBefore = process.env.TRACESCOPE_HOME
  process.env.TRACESCOPE_HOME = path.join(tmp.dir, 'home')
  seeded = await seedNativeStore(path.join(tmp.dir, 'native.db'))
  foreignPath = path.join(tmp.dir, 'claude-flow.db')
  writeClaudeFlowDb(foreignPath)
  core = createAppCore({
    service: new InProcessStoreService({ opener: createOpener() }),
    mode: 'in-process',
    prefsDir: path.join(tmp.dir, 'prefs'),
    // what a user would pick in File > Open
    openDialog: async () => foreignPath,
    chooseExportDestination: async (_ctx, name) => ({
      path: path.join(tmp.dir, name),
      downloadUrl: null,
    }),
  })
  src = (await core.openPinned(seeded.path)).sourceId
  api = inProcessApi(core, 'window-1')
  // what the preload's drop helper does when the user drops the file on this window
  core.grants.grant('window-1', foreignPath)
  api.on('export.progress', (p) => {
    if (p.phase !== 'running') exportDone.push({ phase: p.phase, path: p.path })
  })
})

afterAll(async () => {
  await core.shutdown()
  if (homeBefore === undefined) delete process.env.TRACESCOPE_HOME
  else process.env.TRACESCOPE_HOME = homeBefore
  tmp.cleanup()
})

type Case = {
  valid: () => Record<string, unknown>
  check?: (out: unknown) => void
  invalid: () => Record<string, unknown>
  field: string
}

const page = (out: unknown) => (out as { items: unknown[] }).items

const cases: Record<InvokeChannel, Case> = {
  ...compareAndStatsCases(() => ({ src, seeded })),
  'source.info': {
    valid: () => ({ sourceId: src }),
    check: (o) => expect((o as { kind: string }).kind).toBe('tracescope'),
    invalid: () => ({ sourceId: 42 }),
    field: 'sourceId',
  },
  'source.stats': {
    valid: () => ({ sourceId: src, hours: 24 * 365 * 10 }),
    check: (o) => expect((o as { counts: Record<string, number> }).counts).toBeTypeOf('object'),
    invalid: () => ({ sourceId: src, hours: -1 }),
    field: 'hours',
  },
  'sessions.list': {
    valid: () => ({ sourceId: src, limit: 10, sort: 'startTime' }),
    check: (o) => expect(page(o).map((s) => (s as { id: string }).id)).toEqual([seeded.sessionId]),
    invalid: () => ({ sourceId: src, sort: 'sideways' }),
    field: 'sort',
  },
  'sessions.get': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId }),
    check: (o) => expect((o as { spanCount: number }).spanCount).toBe(seeded.spanIds.length),
    invalid: () => ({ sourceId: src, sessionId: '' }),
    field: 'sessionId',
  },
  'usage.rollup': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId }),
    check: (o) =>
      expect(o as UsageRollup).toMatchObject({ byAgent: [], subtree: [], partial: false }),
    invalid: () => ({ sourceId: src, sessionId: 42 }),
    field: 'sessionId',
  },
  'sessions.graph': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId }),
    check: (o) => expect((o as { agents: unknown[] }).agents.length).toBe(2),
    invalid: () => ({ sourceId: src }),
    field: 'sessionId',
  },
  'spans.list': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId, limit: 5000 }),
    check: (o) => expect(page(o)).toHaveLength(seeded.spanIds.length),
    invalid: () => ({ sourceId: src, limit: 5001 }),
    field: 'limit',
  },
  'spans.columns': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId, status: 'error' }),
    check: (o) => {
      const c = o as SpanColumns
      expect(columnsToSpans(c).map((s) => s.spanId)).toEqual([seeded.errorSpanId])
      expect(c.startTime).toBeInstanceOf(Float64Array)
    },
    invalid: () => ({ sourceId: src, status: 'broken' }),
    field: 'status',
  },
  'spans.get': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId, spanId: seeded.errorSpanId }),
    check: (o) => expect((o as { errors: unknown[] }).errors).toHaveLength(1),
    invalid: () => ({ sourceId: src, sessionId: seeded.sessionId, spanId: 7 }),
    field: 'spanId',
  },
  'events.list': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId }),
    check: (o) => expect(page(o)).toHaveLength(1),
    // a level group is one of four names (src/shared/levelTone.ts)
    invalid: () => ({ sourceId: src, levelTone: 'errors' }),
    field: 'levelTone',
  },
  'events.agents': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId }),
    check: (o) => expect(o).toEqual(['agent-a', 'agent-b']),
    invalid: () => ({ sourceId: src }),
    field: 'sessionId',
  },
  'errors.list': {
    valid: () => ({ sourceId: src, resolved: false }),
    check: (o) => expect(page(o).map((e) => (e as { id: string }).id)).toContain(seeded.errorId),
    invalid: () => ({ sourceId: src, resolved: 'no' }),
    field: 'resolved',
  },
  'agents.list': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId }),
    check: (o) => expect(page(o)).toHaveLength(2),
    invalid: () => ({ sourceId: src, limit: 0 }),
    field: 'limit',
  },
  'messages.list': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId }),
    check: (o) => expect(page(o)).toHaveLength(1),
    invalid: () => ({ sourceId: src, since: 'yesterday' }),
    field: 'since',
  },
  'tasks.list': {
    valid: () => ({ sourceId: src }),
    check: (o) => expect(page(o)).toHaveLength(1),
    invalid: () => ({ sourceId: src, agentId: null }),
    field: 'agentId',
  },
  'memory.list': {
    valid: () => ({ sourceId: src, sessionId: seeded.sessionId }),
    check: (o) => expect(page(o)).toHaveLength(1),
    invalid: () => ({ sourceId: src, cursor: 5 }),
    field: 'cursor',
  },
  'metrics.list': {
    valid: () => ({ sourceId: src, name: 'cpu' }),
    check: (o) => expect(page(o)).toHaveLength(1),
    invalid: () => ({ sourceId: src, until: Infinity }),
    field: 'until',
  },
  search: {
    valid: () => ({ sourceId: src, text: 'tool' }),
    check: (o) => expect(Array.isArray(page(o))).toBe(true),
    invalid: () => ({ sourceId: src, text: '' }),
    field: 'text',
  },
  'tables.list': {
    valid: () => ({ sourceId: src }),
    check: (o) => expect((o as Array<{ name: string }>).map((t) => t.name)).toContain('spans'),
    invalid: () => ({}),
    field: 'sourceId',
  },
  'tables.rows': {
    valid: () => ({ sourceId: src, table: 'spans', limit: 3 }),
    check: (o) => {
      const rows = o as { columns: string[]; rows: unknown[][]; nextCursor: string | null }
      expect(rows.rows).toHaveLength(3)
      expect(rows.rows[0]).toHaveLength(rows.columns.length)
      expect(rows.nextCursor).not.toBeNull()
    },
    invalid: () => ({ sourceId: src, table: 'spans', limit: 1e9 }),
    field: 'limit',
  },
  'sources.open': {
    valid: () => ({ path: foreignPath }),
    check: (o) => expect((o as { info: { kind: string } }).info.kind).toBe('claude-flow'),
    invalid: () => ({ path: '' }),
    field: 'path',
  },
  'sources.openDialog': {
    valid: () => ({}),
    check: (o) => expect((o as { path: string }).path).toBe(foreignPath),
    invalid: () => ({ path: '/etc/passwd' }),
    field: 'path',
  },
  'sources.list': {
    valid: () => ({}),
    check: (o) => expect((o as unknown[]).length).toBeGreaterThanOrEqual(1),
    invalid: () => ({ all: true }),
    field: 'all',
  },
  'sources.close': {
    valid: () => ({ sourceId: src }),
    // pinned by main: a window cannot close it for everyone
    check: (o) => expect(o).toEqual({ closed: false }),
    invalid: () => ({ sourceId: '' }),
    field: 'sourceId',
  },
  'errors.resolve': {
    valid: () => ({ sourceId: src, errorId: seeded.errorId, note: 'fixed the tool' }),
    check: (o) => expect(o).toMatchObject({ resolved: true, resolutionNote: 'fixed the tool' }),
    invalid: () => ({ sourceId: src, errorId: seeded.errorId }),
    field: 'note',
  },
  'export.start': {
    valid: () => ({ sourceId: src, filter: { sessionIds: [seeded.sessionId] }, format: 'ndjson' }),
    check: (o) => expect(o).toMatchObject({ started: true }),
    invalid: () => ({ sourceId: src, filter: {}, format: 'xml' }),
    field: 'format',
  },
  'export.count': {
    // the errors of one session: its failed span, its session record and its error record
    valid: () => ({
      sourceId: src,
      filter: { sessionIds: [seeded.sessionId], status: 'error' },
      format: 'ndjson',
    }),
    check: (o) =>
      expect(o).toMatchObject({
        counts: { session: 1, span: 1, error: 1 },
        capped: false,
        fileName: `${seeded.sessionId}-errors.ndjson`,
      }),
    invalid: () => ({ sourceId: src, filter: { status: 'broken' }, format: 'ndjson' }),
    field: 'filter.status',
  },
  'export.cancel': {
    valid: () => ({ exportId: 'nothing-running' }),
    check: (o) => expect(o).toEqual({ cancelled: false }),
    invalid: () => ({}),
    field: 'exportId',
  },
  'prices.get': {
    valid: () => ({}),
    check: (o) => expect((o as PricesInfo).table.models['gpt-4o']).toBeDefined(),
    invalid: () => ({ model: 'x' }),
    field: 'model',
  },
  'prices.set': {
    valid: () => ({ model: 'house-model', price: { input: 1, output: 2 } }),
    check: (o) => expect((o as PricesInfo).models).toEqual(['house-model']),
    invalid: () => ({ model: 'house-model', price: { input: -1, output: 2 } }),
    field: 'price.input',
  },
  'settings.get': {
    valid: () => ({}),
    check: (o) => expect((o as { theme: string }).theme).toBe('system'),
    invalid: () => ({ theme: 'dark' }),
    field: 'theme',
  },
  'settings.status': {
    valid: () => ({}),
    check: (o) => expect((o as { problem: string | null }).problem).toBeNull(),
    invalid: () => ({ path: '/etc' }),
    field: 'path',
  },
  'settings.set': {
    valid: () => ({ theme: 'dark' }),
    check: (o) => expect((o as { theme: string }).theme).toBe('dark'),
    invalid: () => ({ collector: { port: 70000 } }),
    field: 'collector.port',
  },
  'collector.status': {
    valid: () => ({}),
    // the collector is off in this test's app
    check: (o) => expect(o).toBeNull(),
    invalid: () => ({ port: 4318 }),
    field: 'port',
  },
  'app.recentFiles': {
    valid: () => ({}),
    check: (o) => expect(Array.isArray(o)).toBe(true),
    invalid: () => ({ limit: 3 }),
    field: 'limit',
  },
  'app.info': {
    valid: () => ({}),
    check: (o) => expect((o as { mode: string }).mode).toBe('in-process'),
    invalid: () => ({ verbose: true }),
    field: 'verbose',
  },
  'live.subscribe': {
    valid: () => ({ sourceId: src, topic: 'sessions' }),
    check: (o) => expect((o as { subscriptionId: string }).subscriptionId).toMatch(/^[0-9a-f]+$/),
    invalid: () => ({ sourceId: src, topic: 'weather' }),
    field: 'topic',
  },
  'live.unsubscribe': {
    valid: () => ({ subscriptionId: 'not-mine' }),
    check: (o) => expect(o).toEqual({ unsubscribed: false }),
    invalid: () => ({ subscriptionId: 3 }),
    field: 'subscriptionId',
  },
  'live.ack': {
    valid: () => ({ subscriptionId: 'not-mine', seq: 1 }),
    check: (o) => expect(o).toEqual({ acked: false }),
    invalid: () => ({ subscriptionId: 'x', seq: -1 }),
    field: 'seq',
  },
}

/** channels whose valid call answers a typed refusal in this mode */
const TYPED_REFUSAL: Partial<Record<InvokeChannel, string>> = {}

async function rejection(p: Promise<unknown>): Promise<ContractError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError)
    return e as ContractError
  }
  throw new Error('expected a rejection')
}

describe('every invoke channel', () => {
  for (const channel of Object.keys(cases) as InvokeChannel[]) {
    it(`${channel}: answers valid input, names the bad field of invalid input`, async () => {
      const c = cases[channel]
      const call = api.invoke(channel, c.valid() as never)
      if (TYPED_REFUSAL[channel]) {
        expect((await rejection(call)).code).toBe(TYPED_REFUSAL[channel])
      } else {
        c.check?.(await call)
      }
      const err = await rejection(api.invoke(channel, c.invalid() as never))
      expect(err.code).toBe('invalid-input')
      expect(err.field).toBe(c.field)
      expect(err.channel).toBe(channel)
      expect(err.message).toContain(c.field)
    })
  }

  it('the table covers every channel of the contract', () => {
    expect(Object.keys(cases).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })
})

describe('refusals', () => {
  it('an unknown channel is a typed error', async () => {
    const env = await core.dispatch('sessions.drop', {}, { callerId: 'w', transport: 'in-process' })
    expect(env).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
  })

  it('a path the user never granted is forbidden, and nothing is opened', async () => {
    const before = core.service.list().length
    const err = await rejection(
      api.invoke('sources.open', { path: path.join(tmp.dir, 'other.db') }),
    )
    expect(err.code).toBe('forbidden')
    expect(core.service.list()).toHaveLength(before)
  })

  it("another window's source is not visible", async () => {
    const other = inProcessApi(core, 'window-2')
    const mine = await api.invoke('sources.open', { path: foreignPath })
    const err = await rejection(other.invoke('sessions.list', { sourceId: mine.sourceId }))
    expect(err.code).toBe('unknown-source')
    await other.close()
  })

  it('the export wrote the file it announced', async () => {
    await expect.poll(() => exportDone.length, { timeout: 10_000 }).toBeGreaterThan(0)
    const done = exportDone.find((d) => d.phase === 'done')
    expect(done?.path).toMatch(/\.ndjson$/)
    const fs = await import('node:fs')
    const lines = fs.readFileSync(done!.path!, 'utf8').trim().split('\n')
    expect(lines.some((l) => l.includes(seeded.errorSpanId))).toBe(true)
  })

  it('a SQLite file of an unknown system opens table by table', async () => {
    const Database = (await import('better-sqlite3')).default
    const file = path.join(tmp.dir, 'inventory.db')
    const db = new Database(file)
    db.exec(
      "CREATE TABLE parts (sku TEXT, qty INTEGER); INSERT INTO parts VALUES ('a-1', 3), ('b-2', 5)",
    )
    db.close()
    core.grants.grant('window-1', file)
    const opened = await api.invoke('sources.open', { path: file })
    expect(opened.info.kind).toBe('unknown')
    const sessions = await api.invoke('sessions.list', { sourceId: opened.sourceId })
    expect(sessions.items).toEqual([])
    const tables = await api.invoke('tables.list', { sourceId: opened.sourceId })
    expect(tables.map((t) => [t.name, t.rowCount])).toEqual([['parts', 2]])
    const rows = await api.invoke('tables.rows', { sourceId: opened.sourceId, table: 'parts' })
    expect(rows.rows).toEqual([
      ['a-1', 3],
      ['b-2', 5],
    ])
    await expect(
      api.invoke('tables.rows', { sourceId: opened.sourceId, table: 'nope' }),
    ).rejects.toMatchObject({
      code: 'source-error',
    })
  })

  it('closing a window releases the foreign file it opened', async () => {
    const w = inProcessApi(core, 'window-3')
    const opened = await w.invoke('sources.open', { path: foreignPath })
    await w.invoke('sources.close', { sourceId: opened.sourceId })
    await api.close()
    expect(core.service.list().some((s) => s.path === opened.path)).toBe(false)
  })
})
