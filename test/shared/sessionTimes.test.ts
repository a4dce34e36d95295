// A session's header follows its spans when the source's own times contradict them: a flujo run
// recorded at 10:00:00 for 5 minutes whose spans ran at 02:23:20 for 20 s (literal values in
// test/fixtures/realShapedSamples.ts); the recorded times stay in the session's attributes.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { reconcileSessionTimes } from '../../src/shared/sessionTimes'
import type { Session } from '../../src/shared/domain'
import Database from 'better-sqlite3'
import { tempDir, writeFlujoDb } from '../fixtures/seedWriters'
import { FLUJO_SAMPLE, writeFlujoSample } from '../fixtures/realShapedSamples'

const { dir, cleanup } = tempDir('ts-session-times-')
afterAll(() => cleanup())

describe('session times', () => {
  it('a flujo run whose runs row contradicts its spans shows the spans’ range', () => {
    const file = path.join(dir, 'flujo.db')
    writeFlujoSample(file)
    const src = openSource(file, { overlay: false })
    try {
      for (const s of [
        src.queries.getSession(FLUJO_SAMPLE.runId)!,
        src.queries.listSessions({}).items[0],
      ]) {
        expect(s).toMatchObject({
          startTime: FLUJO_SAMPLE.spanStart,
          endTime: FLUJO_SAMPLE.spanEnd,
          durationMs: 20_000,
        })
        expect(s.attributes).toMatchObject({
          'source.startTime': FLUJO_SAMPLE.ownStart,
          'source.endTime': FLUJO_SAMPLE.ownEnd,
        })
      }
    } finally {
      src.close()
    }
  })

  it('times that contain the spans are kept as the source recorded them', () => {
    const s = {
      startTime: 1_000,
      endTime: 60_000,
      durationMs: 59_000,
      lastActivity: 60_000,
      attributes: {},
    } as unknown as Session
    expect(reconcileSessionTimes(s, { first: 2_000, last: 30_000 })).toBe(s)
    expect(reconcileSessionTimes(s, { first: 500, last: 30_000 })).toBe(s) // within 1 s
    expect(reconcileSessionTimes(s, { first: -5_000, last: 30_000 }).startTime).toBe(-5_000)
  })

  it('a running flujo run was last written when its last span was, not at runs.updated_at', () => {
    // flujo updates runs.updated_at when the run starts; its spans keep coming after that
    const file = path.join(dir, 'flujo-running.db')
    writeFlujoDb(file, { sessions: 2 })
    const db = new Database(file, { readonly: true })
    const run = db
      .prepare("SELECT run_id, updated_at FROM runs WHERE status = 'running'")
      .get() as {
      run_id: string
      updated_at: string
    }
    const { last } = db
      .prepare('SELECT max(COALESCE(end_time, start_time)) AS last FROM spans WHERE run_id = ?')
      .get(run.run_id) as { last: number }
    db.close()
    expect(last * 1000).toBeGreaterThan(Date.parse(run.updated_at) + 1000)
    const src = openSource(file, { overlay: false })
    try {
      for (const s of [
        src.queries.getSession(run.run_id)!,
        src.queries.listSessions({}).items.find((x) => x.id === run.run_id)!,
      ]) {
        expect(s.status).toBe('running')
        expect(s.lastActivity).toBe(Math.round(last * 1000))
      }
    } finally {
      src.close()
    }
  })

  it('spans after the source’s last activity move it, even when the range agrees', () => {
    const s = {
      startTime: 1_000,
      endTime: null,
      durationMs: null,
      lastActivity: 1_000,
      attributes: {},
    } as unknown as Session
    expect(reconcileSessionTimes(s, { first: 1_000, last: 30_000 }).lastActivity).toBe(30_000)
  })
})
