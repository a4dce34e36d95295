// `tracescope export --format otlp --to <url>` with the real CLI against a second Tracescope
// collector as the team's endpoint: what arrives, an endpoint that comes up late, one that
// never does, one that refuses, and another tool's file pushed as it is.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { freePort } from '../fixtures/freePort'
import { startOtlpUpstream } from '../fixtures/otlpUpstream'
import { fileFingerprint, writeClaudeFlowDb } from '../fixtures/seedWriters'
import { tracescope } from './cliHelpers'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-export-push-'))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

function upstream(dir: string, port = 0, token?: string) {
  return startOtlpUpstream(dir, (fn) => cleanups.push(fn), { port, token })
}

/** 1,500 spans in "big" (every 10th failed) and 3 in "small" */
async function laptopStore(dir: string): Promise<string> {
  const db = path.join(dir, 'laptop.db')
  const store = openStore(db)
  const t0 = Date.UTC(2026, 0, 1)
  const records: TraceRecord[] = [
    { kind: 'session', id: 'big', name: 'big run', startTime: t0 },
    { kind: 'session', id: 'small', name: 'small run', startTime: t0 + 10 },
  ]
  for (let i = 0; i < 1500; i++)
    records.push({
      kind: 'span',
      sessionId: 'big',
      spanId: `b${i}`,
      parentSpanId: null,
      name: `step-${i}`,
      startTime: t0 + i,
      endTime: t0 + i + 1,
      status: i % 10 === 0 ? 'error' : 'ok',
    })
  for (let i = 0; i < 3; i++)
    records.push({
      kind: 'span',
      sessionId: 'small',
      spanId: `s${i}`,
      parentSpanId: null,
      name: `small-${i}`,
      startTime: t0 + i,
      endTime: t0 + i + 2,
      status: 'ok',
    })
  await store.write(records)
  await store.close()
  return db
}

describe('tracescope export --to', () => {
  it('pushes the filtered OTLP export, ≤ 1,000 spans a request', async () => {
    const dir = tmp()
    const db = await laptopStore(dir)
    const team = await upstream(dir)
    const all = await tracescope(['export', '--db', db, '--to', team.collector.url, '--json'])
    // (stderr may hold a progress line: the push can take over a second on a busy machine)
    expect(all.code, all.stderr).toBe(0)
    expect(JSON.parse(all.stdout)).toMatchObject({
      spans: 1503,
      sessions: 2,
      requests: 3,
      retries: 0,
    })
    await team.store.flush()
    expect(team.store.listSpans({ sessionId: 'big', limit: 5000 }).items).toHaveLength(1500)
    expect(
      team.store
        .listSpans({ sessionId: 'small' })
        .items.map((s) => s.name)
        .sort(),
    ).toEqual(['small-0', 'small-1', 'small-2'])
    expect(team.collector.stats().requests).toBe(3)

    const other = await upstream(dir)
    const errors = await tracescope([
      'export',
      '--db',
      db,
      '--to',
      other.collector.url,
      '--status',
      'error',
      '--json',
    ])
    expect(JSON.parse(errors.stdout)).toMatchObject({ spans: 150, requests: 1 })
    await other.store.flush()
    const pushed = other.store.listSpans({ sessionId: 'big', limit: 5000 }).items
    expect(pushed).toHaveLength(150)
    expect(pushed.every((s) => s.status === 'error')).toBe(true)
  })

  it('retries an endpoint that comes up late, and gives up on one that never does', async () => {
    const dir = tmp()
    const db = await laptopStore(dir)
    const port = await freePort()
    // while the endpoint is "down", a socket that hangs up on every connection counts the tries
    let tries = 0
    const down = net.createServer((socket) => {
      tries++
      socket.destroy()
    })
    await new Promise<void>((r) => down.listen(port, '127.0.0.1', () => r()))
    const pushing = tracescope([
      'export',
      '--db',
      db,
      '--to',
      `http://127.0.0.1:${port}`,
      '--session',
      'small',
    ])
    while (tries < 2) await new Promise((r) => setTimeout(r, 20))
    await new Promise<void>((r) => down.close(() => r()))
    const team = await upstream(dir, port)
    const late = await pushing
    expect(late.code).toBe(0)
    expect(late.stderr).toMatch(
      /pushed 3 spans \(1 session\) to http:\/\/127\.0\.0\.1:\d+ in 1 request, .* after \d+ retried attempts?/,
    )
    await team.store.flush()
    expect(team.store.listSpans({ sessionId: 'small' }).items).toHaveLength(3)

    const never = await tracescope([
      'export',
      '--db',
      db,
      '--to',
      `http://127.0.0.1:${await freePort()}`,
      '--retry-for',
      '1',
    ])
    expect(never.code).toBe(1)
    expect(never.stderr).toMatch(
      /did not accept request 1 within 1 s \(last: ECONNREFUSED\); 0 requests \(0 spans\) had been sent/,
    )
  }, 90_000)

  it('stops at a refusal and says why', async () => {
    const dir = tmp()
    const db = await laptopStore(dir)
    const team = await upstream(dir, 0, 'team-token-123')
    const refused = await tracescope(['export', '--db', db, '--to', team.collector.url])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/refused request 1: HTTP 401/)
    const ok = await tracescope([
      'export',
      '--db',
      db,
      '--to',
      team.collector.url,
      '--header',
      'authorization=Bearer team-token-123',
    ])
    expect(ok.code).toBe(0)
    const bad = await tracescope([
      'export',
      '--db',
      db,
      '--to',
      team.collector.url,
      '--format',
      'chrome',
    ])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--to sends OTLP; --format chrome cannot be pushed/)
  })

  it("pushes another tool's file without changing it", async () => {
    const dir = tmp()
    const file = path.join(dir, 'claude-flow.db')
    const written = writeClaudeFlowDb(file)
    const before = fileFingerprint(file)
    const team = await upstream(dir)
    const r = await tracescope(['export', '--db', file, '--to', team.collector.url, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ spans: written.spans.length })
    expect(fileFingerprint(file)).toEqual(before)
  })
})
