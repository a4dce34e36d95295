// `--session` on every reading command that is about sessions: stats (span statistics of one
// session), sessions (that one), spans and trace (instead of the first argument), with clear
// errors for an unknown session or two different ones.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session, Span } from '../../src/shared/domain'
import { tempDir } from '../fixtures/seedWriters'
import { richRecords, storeWith } from '../exchange/exchangeHelpers'
import { tracescope, tracescopeJson } from './cliHelpers'

const { dir, cleanup } = tempDir('ts-cli-session-')
const db = path.join(dir, 'native.db')
const env = { TRACESCOPE_HOME: path.join(dir, 'home') }

beforeAll(async () => {
  const store = await storeWith(db, richRecords())
  await store.close()
})
afterAll(() => cleanup())

interface Stats {
  sessionId?: string
  spanNames: Array<{ name: string; count: number; errorCount: number }>
}

describe('--session', () => {
  it('stats --session counts only that session’s spans', async () => {
    const [all, beta] = await Promise.all([
      tracescopeJson<Stats>(['stats', '--db', db], env),
      tracescopeJson<Stats>(['stats', '--db', db, '--session', 'run-beta'], env),
    ])
    const total = (s: Stats) => s.spanNames.reduce((n, x) => n + x.count, 0)
    // two sessions of twelve spans each (test/exchange/exchangeHelpers.ts)
    expect(total(all)).toBe(24)
    expect(total(beta)).toBe(12)
    expect(beta.sessionId).toBe('run-beta')
    expect(beta.spanNames.reduce((n, x) => n + x.errorCount, 0)).toBe(1)
  }, 120_000)

  it('sessions, spans and trace take --session; unknown or conflicting ids are errors', async () => {
    const [one, spans, tree, unknown, twice] = await Promise.all([
      tracescopeJson<Session[]>(['sessions', '--db', db, '--session', 'run-alpha'], env),
      tracescopeJson<Span[]>(['spans', '--db', db, '--session', 'run-alpha'], env),
      tracescope(['trace', '--db', db, '--session', 'run-alpha'], env),
      tracescope(['stats', '--db', db, '--session', 'no-such-run'], env),
      tracescope(['spans', 'run-alpha', '--db', db, '--session', 'run-beta'], env),
    ])
    expect(one.map((s) => s.id)).toEqual(['run-alpha'])
    expect(spans).toHaveLength(12)
    expect(tree.code, tree.stderr).toBe(0)
    expect(tree.stdout).toContain('plan')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no session "no-such-run"')
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain('two sessions given')
  }, 120_000)
})
