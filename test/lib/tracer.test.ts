// The SDK tracer's running spans: a long step is in the file while it runs and is completed in
// place when it ends; a short one is written once.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTracer, openStore } from '../../src/lib'
import type { TraceStorage } from '../../src/lib'

let dir: string
let storage: TraceStorage
let file: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-tracer-'))
  file = path.join(dir, 'agent.db')
  storage = openStore(file)
})

afterEach(async () => {
  await storage.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

interface Row {
  end_time: number | null
  status: number
  attributes: string | null
  span_count: number
}

/** The span's row as another process's reader sees it, or undefined. */
function rowOf(name: string): Row | undefined {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare(
        `SELECT s.end_time, s.status, s.attributes, ses.span_count FROM spans s
         JOIN dict d ON d.id = s.name JOIN sessions ses ON ses.sid = s.session WHERE d.value = ?`,
      )
      .get(name) as Row | undefined
  } finally {
    db.close()
  }
}

async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('tracer: running spans', () => {
  it('a span open past runningAfterMs is in the file as running, then completed in place', async () => {
    const tracer = createTracer(storage, { sessionId: 'run-1', runningAfterMs: 50 })
    const span = tracer.startSpan('long step', { phase: 'planning' })
    const running = await until('the running span', () => rowOf('long step'))
    expect(running.end_time).toBeNull()
    expect(running.status).toBe(0)
    expect(JSON.parse(running.attributes as string)).toEqual({ phase: 'planning' })

    span.setAttribute('result', 'done').setStatus('error', 'tool crashed')
    span.end()
    await storage.flush()
    const ended = rowOf('long step') as Row
    expect(ended.end_time).toBeGreaterThanOrEqual(span.startTime)
    expect(ended.status).toBe(2)
    expect(JSON.parse(ended.attributes as string)).toEqual({ phase: 'planning', result: 'done' })
    expect(ended.span_count).toBe(1)
    expect(storage.store.counters().written).toBe(2)
  })

  it('a span that ends before runningAfterMs is written once, ended', async () => {
    const tracer = createTracer(storage, { sessionId: 'run-2', runningAfterMs: 60_000 })
    tracer.startSpan('quick step').end()
    await storage.flush()
    expect(rowOf('quick step')?.end_time).not.toBeNull()
    expect(storage.store.counters().written).toBe(1)
  })

  it('runningAfterMs 0 writes every span when it starts', async () => {
    const tracer = createTracer(storage, { sessionId: 'run-3', runningAfterMs: 0 })
    const span = tracer.startSpan('step')
    await storage.flush()
    expect(rowOf('step')?.end_time).toBeNull()
    span.end()
    await storage.flush()
    expect(rowOf('step')).toMatchObject({ status: 0, span_count: 1 })
    expect(rowOf('step')?.end_time).not.toBeNull()
  })

  it('refuses a negative or non-numeric runningAfterMs, naming it', () => {
    expect(() => createTracer(storage, { sessionId: 's', runningAfterMs: -1 })).toThrow(
      /runningAfterMs must be 0 or more/,
    )
    expect(() => createTracer(storage, { sessionId: 's', runningAfterMs: Number.NaN })).toThrow(
      /runningAfterMs/,
    )
  })
})
