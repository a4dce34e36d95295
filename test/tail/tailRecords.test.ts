// `tail` follows every record kind of every supported file while another process writes it.
// Each foreign file is written by its own seed writer, emptied into a second file of the same
// schema, and tailed while a child process copies every row back in one commit (WAL and
// rollback journal): the tail must print exactly what the file's reader lists once it is full —
// every span, log line and event, error, message, task and metric, once each — and the writer
// must never fail (no SQLITE_BUSY). The native store is written through Tracescope's own store.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { tailRecords, type TailKind, type TailRecord } from '../../src/main/tail'
import type { TraceQueries } from '../../src/shared/queries'
import type { TraceRecord } from '../../src/shared/domain'
import { allPages } from '../fixtures/allPages'
import { startChildWriter } from '../fixtures/childWriter'
import {
  tempDir,
  writeClaudeFlowDb,
  writeClaudeFlowEventsDb,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
} from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-tail-kinds-')
afterAll(() => cleanup())

type Writer = (file: string, wal: boolean) => void
const FOREIGN: Array<[string, Writer]> = [
  ['Claude-Flow', (f, wal) => writeClaudeFlowDb(f, { sessions: 2, spansPerSession: 6, wal })],
  [
    'Claude-Flow trace_events',
    (f, wal) => writeClaudeFlowEventsDb(f, { sessions: 2, spansPerSession: 6, wal }),
  ],
  ['ddeutil-workflow', (f, wal) => writeDdeutilDb(f, { sessions: 2, wal })],
  ['flujo', (f, wal) => writeFlujoDb(f, { sessions: 2, spansPerSession: 5, wal })],
  ['flujo (document schema)', (f, wal) => writeFlujoDb(f, { sessions: 2, variant: 'doc', wal })],
  ['MoAI SwarmDB', (f, wal) => writeMoaiDb(f, { sessions: 2, wal })],
  ['session-keyed trace store', (f, wal) => writeSessionStoreDb(f, { sessions: 2, wal })],
]

/** what the file's reader lists, as the lines `tail` must print (kind, session, text, time) */
function listed(q: TraceQueries): string[] {
  const limit = 5000
  const lines = (kind: TailKind, rows: Array<[string | null, string, number]>) =>
    rows.map(([s, text, t]) => `${kind}|${s ?? ''}|${text}|${t}`)
  return [
    ...lines(
      'span',
      allPages((cursor) => q.listSpans({ limit, cursor })).map((s) => [
        s.sessionId,
        s.name,
        s.startTime,
      ]),
    ),
    ...lines(
      'event',
      allPages((cursor) => q.listEvents({ limit, cursor })).map((e) => [
        e.sessionId,
        e.message ?? e.name,
        e.time,
      ]),
    ),
    ...lines(
      'error',
      allPages((cursor) => q.listErrors({ limit, cursor })).map((e) => [
        e.sessionId,
        e.message,
        e.time,
      ]),
    ),
    ...lines(
      'message',
      allPages((cursor) => q.listMessages({ limit, cursor })).map((m) => [
        m.sessionId,
        typeof m.payload === 'string' ? m.payload : '',
        m.time,
      ]),
    ),
    ...lines(
      'task',
      allPages((cursor) => q.listTasks({ limit, cursor })).map((t) => [
        t.sessionId,
        t.name ?? t.id,
        t.startTime ?? t.endTime ?? 0,
      ]),
    ),
    ...lines(
      'metric',
      allPages((cursor) => q.listMetrics({ limit, cursor })).map((m) => [
        m.sessionId,
        `${m.name} = ${m.value}`,
        m.time,
      ]),
    ),
  ].sort()
}

function printed(r: TailRecord): string {
  // a message's text may be a JSON summary of its payload: compare the string payloads only
  const text = r.kind === 'message' && typeof r.record.payload !== 'string' ? '' : r.text
  return `${r.kind}|${r.sessionId ?? ''}|${text}|${r.time}`
}

/** tails `file` while `write` runs in another process; resolves with what was printed */
async function tailWhile(
  file: string,
  expected: number,
  /** writes; `printed(n)` waits until the tail has printed n records (an observable event) */
  write: (printed: (n: number) => Promise<void>) => Promise<void>,
  opts: { kinds?: TailKind[]; sessionId?: string } = {},
): Promise<TailRecord[]> {
  const ctl = new AbortController()
  const got: TailRecord[] = []
  let ready!: () => void
  const up = new Promise<void>((r) => (ready = r))
  const tailing = tailRecords(file, {
    ...opts,
    signal: ctl.signal,
    pollMs: 50,
    open: (f) => {
      const q = openSource(f, { overlay: false }).queries
      ready()
      return q
    },
    onRecords: (records) => void got.push(...records),
  })
  let failure: unknown = null
  tailing.catch((e: unknown) => (failure = e))
  await up
  const printed = async (n: number): Promise<void> => {
    const until = Date.now() + 10_000
    while (got.length < n && Date.now() < until && !failure)
      await new Promise((r) => setTimeout(r, 20))
  }
  await write(printed)
  const deadline = Date.now() + 10_000
  while (got.length < expected && Date.now() < deadline && !failure)
    await new Promise((r) => setTimeout(r, 20))
  ctl.abort()
  if (failure) throw failure
  await tailing
  return got
}

describe('tail follows every record kind of every foreign file', () => {
  for (const [name, write] of FOREIGN)
    for (const wal of [true, false])
      it(`${name}, ${wal ? 'WAL' : 'rollback journal'}`, async () => {
        const slug = `${name.replace(/\W+/g, '-')}-${wal ? 'wal' : 'journal'}`
        const full = path.join(dir, `${slug}-full.db`)
        const file = path.join(dir, `${slug}.db`)
        write(full, wal)
        fs.copyFileSync(full, file)
        const db = new Database(file)
        db.pragma('foreign_keys = OFF')
        const tables = db
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
          )
          .pluck()
          .all() as string[]
        for (const t of tables) db.exec(`DELETE FROM "${t}"`)
        db.close()
        const want = (() => {
          const src = openSource(full, { overlay: false })
          try {
            return listed(src.queries)
          } finally {
            src.close()
          }
        })()
        const kinds = new Set(want.map((l) => l.split('|')[0]))
        expect(kinds.has('span')).toBe(true)

        const copy = [
          'PRAGMA foreign_keys = OFF',
          `ATTACH '${full.replace(/'/g, "''")}' AS full`,
          'BEGIN IMMEDIATE',
          ...tables.map((t) => `INSERT INTO main."${t}" SELECT * FROM full."${t}"`),
          'COMMIT',
        ].join(';\n')
        let writer: Awaited<ReturnType<typeof startChildWriter>> | null = null
        const got = await tailWhile(file, want.length, async () => {
          writer = await startChildWriter(file, 'sql', [{ sql: copy }])
        })
        // the writer committed and exits cleanly: it never waited on or failed because of the tail
        await writer!.close()
        expect(got.map(printed).sort()).toEqual(want)
        console.log(`tail ${slug}: ${got.length} records, kinds ${[...kinds].join(', ')}`)
      }, 30_000)
})

describe('tail follows every record kind of the native store', () => {
  const t0 = Date.now()
  const records: TraceRecord[] = [
    { kind: 'session', id: 'run-1', name: 'Run 1', startTime: t0 },
    {
      kind: 'span',
      sessionId: 'run-1',
      spanId: 'plan',
      name: 'plan',
      startTime: t0,
      agentId: 'planner',
    },
    {
      kind: 'event',
      sessionId: 'run-1',
      spanId: 'plan',
      time: t0 + 1,
      name: 'log',
      level: 'info',
      message: 'planning the run',
    },
    {
      kind: 'error',
      sessionId: 'run-1',
      spanId: 'plan',
      time: t0 + 2,
      type: 'ToolError',
      message: 'search failed',
    },
    {
      kind: 'message',
      sessionId: 'run-1',
      senderAgentId: 'planner',
      receiverAgentId: 'coder',
      time: t0 + 3,
      payload: 'write the parser',
    },
    {
      kind: 'task',
      id: 'task-1',
      sessionId: 'run-1',
      agentId: 'coder',
      name: 'parser',
      status: 'running',
      startTime: t0 + 4,
    },
    { kind: 'metric', sessionId: 'run-1', agentId: 'coder', time: t0 + 5, name: 'cpu', value: 0.5 },
    { kind: 'span', sessionId: 'run-2', spanId: 'other', name: 'other session', startTime: t0 },
  ]

  it('prints each new record once with its kind and text, then the ones changed in place', async () => {
    const file = path.join(dir, 'native.db')
    const w = await startChildWriter(file, 'native', [
      { records: [{ kind: 'session', id: 'run-0', name: 'before' }] },
      { records },
      {
        records: [
          {
            kind: 'span',
            sessionId: 'run-1',
            spanId: 'plan',
            name: 'plan',
            startTime: t0,
            endTime: t0 + 50,
            status: 'ok',
            agentId: 'planner',
          },
          {
            kind: 'task',
            id: 'task-1',
            sessionId: 'run-1',
            agentId: 'coder',
            name: 'parser',
            status: 'completed',
            startTime: t0 + 4,
            endTime: t0 + 40,
          },
        ],
      },
    ])
    try {
      const got = await tailWhile(file, 9, async (printed) => {
        await w.next()
        // the updates must land after the tail printed the records they update: two commits
        // inside one poll are one state, shown once (as new), which is what a tail should do
        await printed(7)
        await w.next()
      })
      const seen = got.map((r) => `${r.kind}${r.updated ? ' (updated)' : ''}: ${r.text}`)
      expect(seen.sort()).toEqual(
        [
          'span: plan',
          'span: other session',
          'event: planning the run',
          'error: search failed',
          'message: write the parser',
          'task: parser',
          'metric: cpu = 0.5',
          'span (updated): plan',
          'task (updated): parser',
        ].sort(),
      )
    } finally {
      await w.close()
    }
  }, 30_000)

  it('--from-start --session prints the whole session first, every kind', async () => {
    const file = path.join(dir, 'native-from-start.db')
    const w = await startChildWriter(file, 'native', [{ records }])
    await w.close()
    const ctl = new AbortController()
    const got: TailRecord[] = []
    const tailing = tailRecords(file, {
      sessionId: 'run-1',
      fromStart: true,
      signal: ctl.signal,
      onRecords: (r) => {
        got.push(...r)
        ctl.abort()
      },
    })
    await tailing
    expect(got.map((r) => `${r.kind}: ${r.text}`)).toEqual([
      'span: plan',
      'event: planning the run',
      'error: search failed',
      'message: write the parser',
      'task: parser',
      'metric: cpu = 0.5',
    ])
  }, 30_000)

  it('--kind and --session narrow what is printed', async () => {
    const file = path.join(dir, 'native-narrow.db')
    const w = await startChildWriter(file, 'native', [
      { records: [{ kind: 'session', id: 'run-0', name: 'before' }] },
      { records },
    ])
    try {
      const got = await tailWhile(file, 2, () => w.next(), {
        kinds: ['span', 'error'],
        sessionId: 'run-1',
      })
      expect(got.map((r) => `${r.kind}: ${r.text}`).sort()).toEqual([
        'error: search failed',
        'span: plan',
      ])
    } finally {
      await w.close()
    }
  }, 30_000)
})
