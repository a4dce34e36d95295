// Live following of a file another PROCESS writes, through the service and its live hub, for the
// native store and every other tool's format, in every order: viewer first then writer (the file
// cleanly closed, read as immutable until the writer's -wal appears), writer first, a writer
// that restarts and truncates its WAL, and rows updated in place after they were shown.
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../src/shared/contract/events'
import { createAppCore, type AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { inProcessApi } from '../../src/main/service/inProcessTransport'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { startChildWriter, type ChildWriter, type WriterStep } from '../fixtures/childWriter'
import { fileFingerprint } from '../fixtures/fileHelpers'
import { writeDdeutilDb } from '../fixtures/ddeutilFixture'
import { writeFlujoDb } from '../fixtures/flujoFixture'
import { writeClaudeFlowDb } from '../fixtures/claudeFlowFixture'
import { writeMoaiDb } from '../fixtures/moaiFixture'
import { writeSessionStoreDb } from '../fixtures/sessionStoreFixture'
import { tempDir } from './serviceFixtures'

const NOW = Date.now()
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '')

/** How one format makes a file and what a writer does to it. */
interface Format {
  name: string
  mode: 'native' | 'sql'
  make(file: string): Promise<void>
  /** a step that adds session `id` (with one running span `id-span` where the format has spans) */
  addSession(id: string): WriterStep
  /** a step that ends `id-span` with status ok, in place; null for append-only formats */
  endSpan(id: string): WriterStep | null
}

const span = (id: string, end: boolean): TraceRecord => ({
  kind: 'span',
  sessionId: id,
  spanId: `${id}-span`,
  parentSpanId: null,
  name: 'step',
  agentId: null,
  startTime: NOW,
  endTime: end ? NOW + 500 : null,
  status: end ? 'ok' : 'unset',
  attributes: { phase: end ? 'done' : 'started' },
})

const FORMATS: Format[] = [
  {
    name: 'Tracescope store',
    mode: 'native',
    async make(file) {
      const s = openStore(file, { compressInWorker: false })
      await s.write([{ kind: 'session', id: 'old', name: 'old', status: 'completed' }])
      await s.close()
    },
    addSession: (id) => ({
      records: [
        { kind: 'session', id, name: id, status: 'running', startTime: NOW },
        span(id, false),
      ],
    }),
    endSpan: (id) => ({ records: [span(id, true)] }),
  },
  {
    name: 'flujo',
    mode: 'sql',
    async make(file) {
      writeFlujoDb(file, { wal: true })
    },
    addSession: (id) => ({
      sql: `BEGIN;
        INSERT INTO runs (run_id, pipeline_id, pipeline_name, pipeline_version, status, created_at, updated_at)
          VALUES ('${id}', 'p', '${id}', '1', 'running', '${iso(NOW)}', '${iso(NOW)}');
        INSERT INTO spans (run_id, span_id, parent_span_id, name, start_time, end_time, status, attributes, created_at)
          VALUES ('${id}', '${id}-span', NULL, 'step', ${NOW / 1000}, NULL, 'running', '{}', '${iso(NOW)}');
        COMMIT;`,
    }),
    endSpan: (id) => ({
      sql: `UPDATE spans SET end_time = ${(NOW + 500) / 1000}, status = 'completed' WHERE span_id = '${id}-span'`,
    }),
  },
  {
    name: 'ddeutil-workflow',
    mode: 'sql',
    async make(file) {
      writeDdeutilDb(file, { wal: true })
    },
    addSession: (id) => ({
      sql: `INSERT INTO traces (run_id, level, message, mode, datetime, process, thread, filename, lineno)
        VALUES ('${id}', 'info', 'started', 'normal', '${iso(NOW)}', 1, 1, 'f.py', 1)`,
    }),
    endSpan: () => null,
  },
  {
    name: 'Claude-Flow',
    mode: 'sql',
    async make(file) {
      writeClaudeFlowDb(file, { wal: true })
    },
    // a session row and the trace that starts its task; Claude-Flow gives a trace its length by
    // writing performance.duration, so ending it is an update in place
    addSession: (id) => ({
      sql: `BEGIN;
        INSERT INTO sessions (id, name, start_time, status) VALUES ('${id}', '${id}', ${NOW}, 'active');
        INSERT INTO traces (id, session_id, agent_id, type, phase, timestamp, correlation_id, data)
          VALUES ('${id}-span', '${id}', 'coder', 'task_start', 'start', ${NOW}, 'c-${id}', '{}');
        COMMIT;`,
    }),
    endSpan: (id) => ({
      sql: `UPDATE traces SET performance = '{"duration":500}', phase = 'complete' WHERE id = '${id}-span'`,
    }),
  },
  {
    name: 'MoAI SwarmDB',
    mode: 'sql',
    async make(file) {
      writeMoaiDb(file, { wal: true })
    },
    addSession: (id) => ({
      sql: `INSERT INTO session_memory (session_id, memory_type, key, value, timestamp)
        VALUES ('${id}', 'context', 'goal', '"ship it"', '${new Date(NOW).toISOString()}')`,
    }),
    endSpan: () => null,
  },
  {
    name: 'session-keyed trace store',
    mode: 'sql',
    async make(file) {
      writeSessionStoreDb(file, { wal: true })
    },
    addSession: (id) => ({
      sql: `BEGIN;
        INSERT INTO traces (id, context_type, namespace, data, metadata, created_at, updated_at)
          VALUES ('${id}-span', 'llm_call', 'agent', '{"status":"running"}', '{}', ${NOW / 1000}, ${NOW / 1000});
        INSERT INTO trace_sessions (trace_id, session_uid) VALUES ('${id}-span', '${id}');
        COMMIT;`,
    }),
    endSpan: () => null,
  },
]

let tmp: ReturnType<typeof tempDir> | null = null
let core: AppCore | null = null
const writers: ChildWriter[] = []

afterEach(async () => {
  for (const w of writers.splice(0)) await w.close().catch(() => undefined)
  await core?.shutdown()
  core = null
  tmp?.cleanup()
  tmp = null
})

async function viewer(file: string) {
  core = createAppCore({
    service: new InProcessStoreService({
      opener: createOpener(),
      pollIntervalMs: 50,
      onSlowCall: () => undefined,
    }),
    mode: 'in-process',
    prefsDir: null,
  })
  const sourceId = (await core.openPinned(file)).sourceId
  const api = inProcessApi(core, 'viewer')
  const sessionsEvents: Array<EventPayload<'live.sessions'>> = []
  api.subscribe({ sourceId, topic: 'sessions' }, (e) => sessionsEvents.push(e))
  const ids = async () =>
    (await core!.service.query(sourceId, 'listSessions', { limit: 500 })).items.map((s) => s.id)
  /** waits until `id` is listed (an observable event), failing after 10 s */
  const sees = async (id: string): Promise<number> => {
    const t0 = Date.now()
    while (!(await ids()).includes(id)) {
      if (Date.now() - t0 > 10_000) throw new Error(`${id} never became visible: ${await ids()}`)
      await new Promise((r) => setTimeout(r, 10))
    }
    return Date.now() - t0
  }
  return { sourceId, api, sessionsEvents, ids, sees }
}

async function writer(file: string, f: Format, steps: WriterStep[]): Promise<ChildWriter> {
  const w = await startChildWriter(file, f.mode, steps)
  writers.push(w)
  return w
}

describe.each(FORMATS)('$name file written by another process', (f) => {
  it('viewer opened first on the cleanly closed file: sees the writer that starts later', async () => {
    tmp = tempDir('live-follow-')
    const file = path.join(tmp.dir, 'trace.db')
    await f.make(file)
    const before = fileFingerprint(file)
    expect(before.sideFiles).toEqual([])
    const v = await viewer(file)
    expect(await v.ids()).not.toContain('late-1')
    // opening to look at changed nothing and created no side files
    expect(fileFingerprint(file)).toEqual(before)
    const w = await writer(file, f, [f.addSession('late-1'), f.addSession('late-2')])
    await v.sees('late-1')
    const t0 = Date.now()
    await w.next()
    const visible = await v.sees('late-2')
    // commit → listed, in this process: the writer's "done" line arrives after its commit
    console.log(
      `${f.name}: commit → listed ≤ ${Date.now() - t0} ms (seen ${visible} ms after "done")`,
    )
    expect(v.sessionsEvents.length).toBeGreaterThan(0)
  })

  it('writer first, viewer second: every later commit is seen', async () => {
    tmp = tempDir('live-follow-')
    const file = path.join(tmp.dir, 'trace.db')
    await f.make(file)
    const w = await writer(file, f, [f.addSession('early'), f.addSession('later')])
    const v = await viewer(file)
    expect(await v.ids()).toContain('early')
    await w.next()
    await v.sees('later')
  })

  it('a writer that exits, and a new one that truncates the WAL and writes on: still followed', async () => {
    tmp = tempDir('live-follow-')
    const file = path.join(tmp.dir, 'trace.db')
    await f.make(file)
    const v = await viewer(file)
    const first = await writer(file, f, [f.addSession('run-a')])
    await v.sees('run-a')
    await first.close()
    writers.splice(writers.indexOf(first), 1)
    const steps: WriterStep[] =
      f.mode === 'sql'
        ? [
            { checkpoint: 'TRUNCATE' },
            f.addSession('run-b'),
            { checkpoint: 'RESTART' },
            f.addSession('run-c'),
          ]
        : [f.addSession('run-b'), f.addSession('run-c')]
    const second = await writer(file, f, steps)
    for (let i = 1; i < steps.length; i++) await second.next()
    await v.sees('run-b')
    await v.sees('run-c')
  })
})

// formats whose writers change rows after writing them (the others only append)
describe.each(FORMATS.filter((f) => f.endSpan('x') !== null))(
  '$name rows updated in place by another process',
  (f) => {
    it('a span shown running and then ended in place by the writer reaches the open view', async () => {
      tmp = tempDir('live-follow-')
      const file = path.join(tmp.dir, 'trace.db')
      await f.make(file)
      const v = await viewer(file)
      const w = await writer(file, f, [f.addSession('run'), f.endSpan('run') as WriterStep])
      await v.sees('run')
      const spanEvents: Array<EventPayload<'live.spans'>> = []
      v.api.subscribe({ sourceId: v.sourceId, topic: 'spans', sessionId: 'run' }, (e) =>
        spanEvents.push(e),
      )
      const spanOf = async () =>
        (await core!.service.query(v.sourceId, 'listSpans', { sessionId: 'run', limit: 10 }))
          .items[0]
      expect((await spanOf()).endTime).toBeNull()
      // the first event says what is there now; the update must bring another
      while (spanEvents.length === 0) await new Promise((r) => setTimeout(r, 10))
      const shown = spanEvents.length
      await w.next()
      const t0 = Date.now()
      while (spanEvents.length === shown) {
        if (Date.now() - t0 > 10_000) throw new Error('no live event for an update in place')
        await new Promise((r) => setTimeout(r, 10))
      }
      const after = await spanOf()
      expect(after.status).toBe('ok')
      expect(after.endTime).not.toBeNull()
    })
  },
)
