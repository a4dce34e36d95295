// The CLI against one file per seed schema (written by the fixture writers, not our store) and a
// native store: sessions, spans, errors and trees come out, and foreign files stay byte-identical.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session, Span, TraceError } from '../../src/shared/domain'
import {
  fileFingerprint,
  tempDir,
  writeClaudeFlowDb,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
  type FixtureSummary,
} from '../fixtures/seedWriters'
import { richRecords, storeWith } from '../exchange/exchangeHelpers'
import { tracescope, tracescopeJson } from './cliHelpers'

let dir: string
let cleanup: () => void
const fixtures: Record<string, FixtureSummary> = {}
let nativeDb: string
let home: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-cli-seeds-'))
  home = path.join(dir, 'home')
  fixtures['claude-flow'] = writeClaudeFlowDb(path.join(dir, 'claude-flow.db'))
  fixtures['ddeutil-workflow'] = writeDdeutilDb(path.join(dir, 'ddeutil.db'))
  fixtures['moai-swarmdb'] = writeMoaiDb(path.join(dir, 'swarm.db'))
  fixtures.flujo = writeFlujoDb(path.join(dir, 'flujo.db'))
  fixtures['session-store'] = writeSessionStoreDb(path.join(dir, 'sessions.db'))
  nativeDb = path.join(dir, 'native.db')
  const store = await storeWith(nativeDb, richRecords())
  await store.close()
})
afterAll(() => cleanup())

describe.each(['claude-flow', 'ddeutil-workflow', 'moai-swarmdb', 'flujo', 'session-store'])(
  '%s file through the CLI',
  (kind) => {
    it('lists its sessions, spans, errors and tree without changing the file', async () => {
      const fx = fixtures[kind]
      const env = { TRACESCOPE_HOME: home }
      const before = fileFingerprint(fx.path)
      const db = ['--db', fx.path]
      const withSpans = fx.sessionIds.find((id) => fx.spans.some((s) => s.sessionId === id))!
      const [sessions, spans, errors, tree, stats] = await Promise.all([
        tracescopeJson<Session[]>(['sessions', ...db, '--limit', '1000'], env),
        tracescopeJson<Span[]>(['spans', withSpans, ...db, '--limit', '5000'], env),
        tracescopeJson<TraceError[]>(['errors', ...db, '--limit', '5000'], env),
        tracescope(['trace', withSpans, ...db], env),
        // stats reads every table: once is enough to prove the command on a foreign file
        kind === 'claude-flow'
          ? tracescopeJson<{ kind: string }>(['stats', ...db], env)
          : Promise.resolve({ kind }),
      ])
      expect(stats.kind).toBe(kind)
      expect(new Set(sessions.map((s) => s.id))).toEqual(new Set(fx.sessionIds))
      const expectedSpans = fx.spans.filter((s) => s.sessionId === withSpans)
      expect(spans.map((s) => s.spanId).sort()).toEqual(expectedSpans.map((s) => s.spanId).sort())
      for (const s of expectedSpans)
        expect(spans.find((x) => x.spanId === s.spanId)?.status).toBe(s.status)
      expect(errors.map((e) => e.id).sort()).toEqual(fx.errors.map((e) => e.id).sort())
      expect(tree.code).toBe(0)
      // every span of the session appears in the tree, and the root line carries no branch glyph
      const lines = tree.stdout.trimEnd().split('\n')
      expect(lines).toHaveLength(expectedSpans.length + 1)
      for (const s of expectedSpans) expect(tree.stdout).toContain(s.name)
      expect(lines[1]).toMatch(/^[✓✗·] /)
      expect(fileFingerprint(fx.path)).toEqual(before)
    })
  },
)

describe('MoAI SwarmDB sessions through the CLI', () => {
  it('a memory-only session (no spans) reads "no spans", not "completed"', async () => {
    const fx = fixtures['moai-swarmdb']
    const env = { TRACESCOPE_HOME: home }
    const [table, json] = await Promise.all([
      tracescope(['sessions', '--db', fx.path], env),
      tracescopeJson<Session[]>(['sessions', '--db', fx.path], env),
    ])
    expect(table.code).toBe(0)
    const row = table.stdout.split('\n').find((l) => l.startsWith('session-1 '))!
    expect(row).toMatch(/ no spans /)
    expect(row).not.toMatch(/completed/)
    expect(json.find((s) => s.id === 'session-1')).toMatchObject({
      status: 'unknown',
      spanCount: 0,
    })
  })
})

describe('native store through the CLI', () => {
  it('filters spans by status, name and time, and renders the tree with durations and status', async () => {
    const db = ['--db', nativeDb]
    const [failed, named, late, tree] = await Promise.all([
      tracescopeJson<Span[]>(['spans', 'run-beta', ...db, '--status', 'failed']),
      tracescopeJson<Span[]>(['spans', 'run-beta', ...db, '--name', 'llm.chat', '--limit', '2']),
      tracescopeJson<Span[]>([
        'spans',
        'run-beta',
        ...db,
        '--since',
        new Date(Date.parse('2025-05-01T10:01:00.900Z')).toISOString(),
      ]),
      tracescope(['trace', 'run-beta', ...db]),
    ])
    expect(failed.map((s) => s.spanId)).toEqual(['span-5'])
    expect(named.map((s) => s.name)).toEqual(['llm.chat', 'llm.chat'])
    expect(late.map((s) => s.spanId)).toEqual(['span-9', 'span-10', 'span-11'])
    expect(tree.stdout).toMatch(/^run-beta — Run 1 {2}failed/)
    expect(tree.stdout).toMatch(
      /✗ llm\.chat {2}55ms {2}\+500ms {2}\[coder\] {2}— tool failed: ENOENT/,
    )
    expect(tree.stdout).toContain('running') // span-10 never ended
  })

  it('errors --unresolved, resolve --note, and resolve on a foreign file kept in the overlay', async () => {
    const db = ['--db', nativeDb]
    const open = await tracescopeJson<TraceError[]>(['errors', ...db, '--unresolved'])
    expect(open.map((e) => e.id).sort()).toEqual(['run-alpha-err-5', 'run-beta-err-5'])
    const resolved = await tracescopeJson<TraceError>([
      'resolve',
      'run-alpha-err-5',
      '--note',
      'patched the tool',
      ...db,
    ])
    expect(resolved.resolved).toBe(true)
    expect(resolved.resolutionNote).toBe('patched the tool')
    const still = await tracescopeJson<TraceError[]>(['errors', ...db, '--unresolved'])
    expect(still.map((e) => e.id)).toEqual(['run-beta-err-5'])

    const fx = fixtures['claude-flow']
    const openErr = fx.errors.find((e) => !e.resolved)!
    const env = { TRACESCOPE_HOME: path.join(dir, 'home-resolve') }
    const before = fileFingerprint(fx.path)
    const r = await tracescopeJson<TraceError>(
      ['resolve', openErr.id, '--note', 'known flake', '--db', fx.path],
      env,
    )
    expect(r.resolved).toBe(true)
    const after = await tracescopeJson<TraceError[]>(
      ['errors', '--unresolved', '--db', fx.path],
      env,
    )
    expect(after.map((e) => e.id)).not.toContain(openErr.id)
    expect(fileFingerprint(fx.path)).toEqual(before)
    const missing = await tracescope(['resolve', 'no-such-error', '--note', 'x', ...db])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toMatch(/no error "no-such-error"/)
  })
})
