// tail follows a Claude-Flow file that another process appends to with plain SQL.
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import { tailSpans } from '../../src/main/tail'
import { openStore } from '../../src/lib'
import { tempDir, writeClaudeFlowDb } from '../fixtures/seedWriters'

const APPENDER = path.join(__dirname, 'fixtures', 'claudeFlowAppender.ts')
let dir: string
let cleanup: () => void

beforeAll(() => {
  ;({ dir, cleanup } = tempDir('ts-tail-'))
})
afterAll(() => cleanup())

function append(
  file: string,
  sessionId: string,
  count: number,
  intervalMs: number,
  lateEvery: number,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        APPENDER,
        file,
        sessionId,
        String(count),
        String(intervalMs),
        String(lateEvery),
      ],
      { cwd: path.join(__dirname, '../..') },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => resolve({ code, out, err }))
  })
}

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]
}

async function follow(
  file: string,
  sessionId: string | undefined,
  expected: number,
  run: () => Promise<{ code: number | null; err: string }>,
) {
  const ctl = new AbortController()
  const got = new Map<string, { span: Span; at: number }>()
  let duplicates = 0
  const tailing = tailSpans(file, {
    sessionId,
    signal: ctl.signal,
    pollMs: 100,
    onSpans: (spans) => {
      const at = Date.now()
      for (const s of spans) {
        const key = `${s.sessionId}/${s.spanId}`
        if (got.has(key)) duplicates++
        else got.set(key, { span: s, at })
      }
    },
  })
  let failure: Error | null = null
  tailing.catch((e: Error) => (failure = e))
  await new Promise((r) => setTimeout(r, 150)) // the tail is up before the writer starts
  if (failure) throw failure
  const writer = await run()
  expect(writer.err).toBe('')
  expect(writer.code).toBe(0) // never SQLITE_BUSY
  const deadline = Date.now() + 3000
  while (got.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  ctl.abort()
  const stats = await tailing
  return { got, duplicates, stats }
}

describe('tail', () => {
  it('follows one session while another process writes it: every row once, late rows too, p95 ≤ 500 ms', async () => {
    const file = path.join(dir, 'cf-session.db')
    writeClaudeFlowDb(file, { sessions: 2, spansPerSession: 5, wal: true })
    const before = fs.statSync(file).mtimeMs
    const n = 120
    const { got, duplicates, stats } = await follow(file, 'live-1', n, () =>
      append(file, 'live-1', n, 15, 20),
    )
    expect(duplicates).toBe(0)
    expect(got.size).toBe(n)
    const late = [...got.values()].filter((g) => g.span.name === 'agent_lifetime')
    expect(late).toHaveLength(n / 20) // found through the count reconciliation
    expect(stats.rescans).toBeGreaterThan(0)
    const latencies = [...got.values()]
      .filter((g) => g.span.name !== 'agent_lifetime')
      .map((g) => g.at - g.span.startTime)
    const p = p95(latencies)
    console.log(
      `tail --session: ${latencies.length} rows, p95 latency ${p} ms, max ${Math.max(...latencies)} ms, ${stats.polls} polls, ${stats.changes} changes`,
    )
    expect(p).toBeLessThanOrEqual(500)
    expect(before).toBeGreaterThan(0)
  }, 30_000)

  it('follows every session of the file (no --session)', async () => {
    const file = path.join(dir, 'cf-all.db')
    writeClaudeFlowDb(file, { sessions: 2, spansPerSession: 5, wal: true })
    const n = 100
    const { got, duplicates } = await follow(file, undefined, n, () =>
      append(file, 'live-2', n, 15, 0),
    )
    expect(duplicates).toBe(0)
    // only the new rows: the fixture's own rows were there before the tail started
    expect([...got.values()].every((g) => g.span.sessionId === 'live-2')).toBe(true)
    expect(got.size).toBe(n)
    const latencies = [...got.values()].map((g) => g.at - g.span.startTime)
    console.log(`tail (all sessions): p95 latency ${p95(latencies)} ms`)
    expect(p95(latencies)).toBeLessThanOrEqual(500)
  }, 30_000)

  it('follows the native store, printing existing spans first with fromStart', async () => {
    const file = path.join(dir, 'native.db')
    const first = openStore(file)
    await first.storeBatch([
      {
        kind: 'span',
        sessionId: 'n1',
        spanId: 's0',
        name: 'old',
        startTime: Date.now() - 1000,
        endTime: Date.now() - 900,
      },
    ])
    // closed once so the store's header (application_id) is checkpointed into the main file:
    // a store that was never checkpointed is not yet recognised by openSource (reported to the lead)
    await first.close()
    const storage = openStore(file)
    const ctl = new AbortController()
    const names: string[] = []
    const tailing = tailSpans(file, {
      sessionId: 'n1',
      fromStart: true,
      signal: ctl.signal,
      pollMs: 50,
      onSpans: (s) => void names.push(...s.map((x) => x.name)),
    })
    let failure: Error | null = null
    tailing.catch((e: Error) => (failure = e))
    await new Promise((r) => setTimeout(r, 100))
    if (failure) {
      await storage.close()
      throw failure
    }
    for (let i = 1; i <= 5; i++)
      await storage.storeTrace({
        kind: 'span',
        sessionId: 'n1',
        spanId: `s${i}`,
        name: `new ${i}`,
        startTime: Date.now(),
      })
    const deadline = Date.now() + 2000
    while (names.length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    ctl.abort()
    await tailing
    await storage.close()
    expect(names).toEqual(['old', 'new 1', 'new 2', 'new 3', 'new 4', 'new 5'])
  })
})

describe('tracescope tail --json', () => {
  it('prints one JSON span per line as another process writes', async () => {
    const { tailCommand } = await import('../../src/cli/commands/tail')
    const { PassThrough } = await import('node:stream')
    const file = path.join(dir, 'cf-cli.db')
    writeClaudeFlowDb(file, { sessions: 1, spansPerSession: 3, wal: true })
    const stdout = new PassThrough()
    let text = ''
    stdout.on('data', (d: Buffer) => (text += d.toString()))
    const ctl = new AbortController()
    const running = tailCommand.run({
      args: [],
      options: { db: file, session: 'cli-1', 'poll-ms': 50 },
      json: true,
      stdout,
      stderr: new PassThrough(),
      dbPath: () => file,
      progress: () => {},
      signal: ctl.signal,
    })
    await new Promise((r) => setTimeout(r, 150))
    const writer = await append(file, 'cli-1', 10, 10, 0)
    expect(writer.code).toBe(0)
    const deadline = Date.now() + 2000
    while (text.split('\n').filter(Boolean).length < 10 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20))
    ctl.abort()
    expect(await running).toBe(0)
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Span)
    expect(lines.map((s) => s.spanId)).toEqual(Array.from({ length: 10 }, (_, i) => `cli-1-t${i}`))
    expect(lines.every((s) => s.sessionId === 'cli-1' && s.name === 'tool_call')).toBe(true)
  }, 20_000)
})

describe('tracescope tail --json on a ddeutil-workflow log table', () => {
  it('prints each log line another process appends, as kind "event" with its message', async () => {
    const { tailCommand } = await import('../../src/cli/commands/tail')
    const { PassThrough } = await import('node:stream')
    const { startChildWriter } = await import('../fixtures/childWriter')
    const { writeDdeutilDb, pythonIso } = await import('../fixtures/seedWriters')
    const file = path.join(dir, 'ddeutil-cli.db')
    writeDdeutilDb(file, { sessions: 1, wal: true })
    const stdout = new PassThrough()
    let text = ''
    stdout.on('data', (d: Buffer) => (text += d.toString()))
    const ctl = new AbortController()
    const running = tailCommand.run({
      args: [],
      options: { db: file, kind: ['log'], 'poll-ms': 50 },
      json: true,
      stdout,
      stderr: new PassThrough(),
      dbPath: () => file,
      progress: () => {},
      signal: ctl.signal,
    })
    const row = (i: number) =>
      `INSERT INTO traces (run_id, level, message, mode, datetime, process, thread, filename, lineno, workflow_name) VALUES ('run-live', '${i === 2 ? 'error' : 'info'}', 'step ${i} done', 'normal', '${pythonIso(Date.now())}', 1, 1, 'wf.py', ${i}, 'etl')`
    const writer = await startChildWriter(file, 'sql', [
      { sql: row(0) },
      { sql: row(1) },
      { sql: row(2) },
    ])
    await writer.next()
    await writer.next()
    await writer.close() // exits 0: never SQLITE_BUSY
    const deadline = Date.now() + 5000
    while (text.split('\n').filter(Boolean).length < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20))
    ctl.abort()
    expect(await running).toBe(0)
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; text: string; level: string; sessionId: string })
    expect(lines.map((l) => [l.kind, l.text, l.level, l.sessionId])).toEqual([
      ['event', 'step 0 done', 'info', 'run-live'],
      ['event', 'step 1 done', 'info', 'run-live'],
      ['event', 'step 2 done', 'error', 'run-live'],
    ])
  }, 20_000)

  it('refuses an unknown --kind, naming the kinds', async () => {
    const { tailCommand } = await import('../../src/cli/commands/tail')
    const { PassThrough } = await import('node:stream')
    const file = path.join(dir, 'cf-kind.db')
    writeClaudeFlowDb(file, { sessions: 1, spansPerSession: 1 })
    await expect(
      tailCommand.run({
        args: [],
        options: { db: file, kind: ['spans,bogus'] },
        json: false,
        stdout: new PassThrough(),
        stderr: new PassThrough(),
        dbPath: () => file,
        progress: () => {},
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(
      /--kind bogus: not a record kind \(span, event, error, message, task, metric\)/,
    )
  })
})
