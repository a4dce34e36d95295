// The one session status rule, on sessions as the store gets them from OTLP (no status of their
// own): failed when the root span failed, or — with no root status — when any error was recorded,
// and resolving that error later does not turn the run green; running while records still arrive.
import { createHash } from 'node:crypto'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { otlpTracesToRecords } from '../../src/main/otlp'
import { openStore } from '../../src/main/store/traceStore'
import {
  deriveSessionStatus,
  liveUntil,
  openSpanState,
  sessionIsLive,
  sessionQuietMs,
  sessionStatusWord,
} from '../../src/shared/sessionStatusRule'
import { tempDir, writeMoaiDb } from '../fixtures/seedWriters'
import { openSource } from '../../src/main/sources/openSource'
import { otlpRequest, type OtlpTestSpan } from './otlpRequest'

const { dir, cleanup } = tempDir('ts-status-rule-')
afterAll(() => cleanup())

const T = Date.UTC(2025, 4, 1, 9, 0, 0)
// span ids differ per session, as real ones (random) do
const hex = (id: string) => createHash('sha1').update(id).digest('hex').slice(0, 14)
const root = (id: string, status: 0 | 1 | 2): OtlpTestSpan => ({
  spanId: `${hex(id)}01`,
  name: 'run',
  start: T,
  end: T + 5_000,
  status,
  attrs: { 'session.id': id },
})
const step = (id: string, status: 0 | 1 | 2, start = T + 1_000): OtlpTestSpan => ({
  spanId: `${hex(id)}02`,
  parentSpanId: `${hex(id)}01`,
  name: 'tool',
  start,
  end: start + 500,
  status,
  message: status === 2 ? 'tool failed' : undefined,
  attrs: { 'session.id': id },
})

describe('session status rule', () => {
  it('OTLP sessions get running / failed / completed, never unknown', async () => {
    const store = openStore(path.join(dir, 'otlp.db'))
    const now = Date.now()
    try {
      const requests = [
        otlpRequest([root('root-failed', 2), step('root-failed', 1)]),
        otlpRequest([root('root-ok-child-failed', 1), step('root-ok-child-failed', 2)]),
        otlpRequest([root('root-unset-child-failed', 0), step('root-unset-child-failed', 2)]),
        otlpRequest([root('clean', 0), step('clean', 1)]),
        // the root has not arrived (it ends last) and a child ended a moment ago
        otlpRequest([step('in-flight', 2, now - 2_000)]),
        // no root, last record long ago, one failure
        otlpRequest([step('rootless-old', 2)]),
      ]
      for (const r of requests) await store.write(otlpTracesToRecords(r).records)
      const status = (id: string) => store.getSession(id)?.status
      expect(status('root-failed')).toBe('failed')
      expect(status('root-ok-child-failed')).toBe('completed')
      expect(status('root-unset-child-failed')).toBe('failed')
      expect(status('clean')).toBe('completed')
      expect(status('in-flight')).toBe('running')
      expect(status('rootless-old')).toBe('failed')
      // the list and its status filter say the same
      const failed = store
        .listSessions({ status: 'failed', limit: 100 })
        .items.map((s) => s.id)
        .sort()
      expect(failed).toEqual(['root-failed', 'root-unset-child-failed', 'rootless-old'])
      expect(store.listSessions({ status: 'unknown', limit: 100 }).items).toEqual([])
      // resolving the error later does not rewrite history
      const [err] = store.listErrors({ sessionId: 'root-unset-child-failed' }).items
      expect(store.resolveError(err.id, 'fixed upstream')).not.toBeNull()
      await store.flush()
      expect(status('root-unset-child-failed')).toBe('failed')
    } finally {
      await store.close()
    }
  })

  it('the rule itself: an open root is running, a quiet rootless session is finished', () => {
    const base = { errorCount: 0, lastActivity: 0, now: 10 * 60_000, quietMs: 60_000 }
    expect(deriveSessionStatus({ ...base, root: { ended: false, status: 'unset' } })).toBe(
      'running',
    )
    expect(deriveSessionStatus({ ...base, root: null })).toBe('completed')
    expect(deriveSessionStatus({ ...base, root: null, lastActivity: base.now - 1_000 })).toBe(
      'running',
    )
    expect(deriveSessionStatus({ ...base, root: null, errorCount: 1 })).toBe('failed')
  })

  it('a quiet session with no spans is not completed: it reads "no spans"', () => {
    const base = { root: null, errorCount: 0, lastActivity: 0, now: 10 * 60_000, quietMs: 60_000 }
    expect(deriveSessionStatus({ ...base, spanCount: 0 })).toBe('unknown')
    expect(sessionStatusWord({ status: 'unknown', spanCount: 0 })).toBe('no spans')
    // still being written: running; an error recorded: failed; spans: completed
    expect(deriveSessionStatus({ ...base, spanCount: 0, lastActivity: base.now - 1_000 })).toBe(
      'running',
    )
    expect(deriveSessionStatus({ ...base, spanCount: 0, errorCount: 1 })).toBe('failed')
    expect(deriveSessionStatus({ ...base, spanCount: 3 })).toBe('completed')
    // spans not counted (undefined): the rule as before
    expect(deriveSessionStatus(base)).toBe('completed')
    expect(sessionStatusWord({ status: 'unknown', spanCount: 2 })).toBe('unknown')
    expect(sessionStatusWord({ status: 'completed', spanCount: 2 })).toBe('completed')
  })

  it('MoAI SwarmDB memory-only sessions (no spans) are not "completed"', () => {
    const file = path.join(dir, 'moai.db')
    writeMoaiDb(file)
    const src = openSource(file, { overlay: false })
    try {
      const items = src.queries.listSessions({ limit: 100 }).items
      const memory = items.filter((s) => s.spanCount === 0)
      expect(memory.map((s) => s.id).sort()).toEqual(['session-1', 'session-2'])
      for (const s of memory) {
        expect(s.status).toBe('unknown')
        expect(src.queries.getSession(s.id)?.status).toBe('unknown')
      }
      // the agent events' session has spans: the rule as before
      expect(items.find((s) => s.spanCount > 0)?.status).not.toBe('unknown')
    } finally {
      src.close()
    }
  })

  it('the quiet time is configurable (TRACESCOPE_QUIET_MS), 5 minutes by default', () => {
    const prev = process.env.TRACESCOPE_QUIET_MS
    try {
      delete process.env.TRACESCOPE_QUIET_MS
      expect(sessionQuietMs()).toBe(300_000)
      process.env.TRACESCOPE_QUIET_MS = '15000'
      expect(sessionQuietMs()).toBe(15_000)
      process.env.TRACESCOPE_QUIET_MS = 'soon'
      expect(sessionQuietMs()).toBe(300_000)
    } finally {
      if (prev === undefined) delete process.env.TRACESCOPE_QUIET_MS
      else process.env.TRACESCOPE_QUIET_MS = prev
    }
  })

  it('LIVE is exactly "running and not quiet": it agrees with the status and the open spans', () => {
    const quiet = 5000
    const at = 1_000_000
    const running = { status: 'running' as const, endTime: null, lastActivity: at }
    expect(sessionIsLive(running, at + quiet - 1, quiet)).toBe(true)
    expect(openSpanState(running, at + quiet - 1, quiet)).toBe('running')
    // the moment the open spans turn "never ended", the badge goes
    expect(sessionIsLive(running, at + quiet, quiet)).toBe(false)
    expect(openSpanState(running, at + quiet, quiet)).toBe('never-ended')
    expect(liveUntil(running, quiet)).toBe(at + quiet)
    // a minute and more of quiet within a 5-minute quiet time is still live
    expect(sessionIsLive(running, at + 90_000, 300_000)).toBe(true)
    expect(sessionIsLive({ ...running, status: 'completed' }, at + 1, quiet)).toBe(false)
    expect(sessionIsLive({ ...running, endTime: at }, at + 1, quiet)).toBe(false)
    expect(sessionIsLive({ ...running, lastActivity: null }, at + 1, quiet)).toBe(false)
  })
})
