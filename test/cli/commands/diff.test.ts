// `tracescope diff` as a user runs it: the real CLI on a real native store and on one file of
// every other supported tool, which must stay byte-identical.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  fileFingerprint,
  tempDir,
  TOOL_FILE_KINDS,
  writeEveryToolFile,
  type FixtureSummary,
} from '../../fixtures/seedWriters'
import { storeWith } from '../../exchange/exchangeHelpers'
import { RUN_A, RUN_B, comparedRunsRecords } from '../../fixtures/comparedRuns'
import { tracescope, tracescopeJson } from '../cliHelpers'

interface Side {
  spanId: string
  status: string
  durationMs: number | null
}
interface Step {
  name: string
  agent: string | null
  path: string
  change: 'changed' | 'added' | 'removed' | 'same'
  a: Side | null
  b: Side | null
  durationDeltaMs: number | null
  statusChanged: boolean
  tokensDelta: number | null
  messagesChanged: boolean
  messageDiff?: Array<{ op: string; text: string }>
}
interface DiffJson {
  a: { sessionId: string }
  b: { sessionId: string }
  summary: Record<string, { a: number | null; b: number | null; delta: number | null }>
  steps: Step[]
}

let dir: string
let cleanup: () => void
let nativeDb: string
const fixtures: Record<string, FixtureSummary> = {}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-cli-diff-'))
  nativeDb = path.join(dir, 'native.db')
  const store = await storeWith(nativeDb, comparedRunsRecords())
  await store.close()
  Object.assign(fixtures, writeEveryToolFile(dir))
})
afterAll(() => cleanup())

describe('tracescope diff on a native store', () => {
  it('prints one JSON document: a summary and every step with its change, status and durations', async () => {
    const d = await tracescopeJson<DiffJson>(['diff', RUN_A, RUN_B, '--db', nativeDb])
    expect(d.a.sessionId).toBe(RUN_A)
    expect(d.summary.durationMs).toEqual({ a: 2000, b: 3100, delta: 1100 })
    expect(d.summary.errors).toEqual({ a: 0, b: 1, delta: 1 })
    expect(d.summary.spans).toEqual({ a: 7, b: 7, delta: 0 })
    expect(d.summary.tokens).toEqual({ a: 1350, b: 1800, delta: 450 })
    const byPath = new Map(d.steps.map((s) => [s.path, s]))
    expect(d.steps).toHaveLength(8)
    // ranked by impact: the step that started failing comes first
    expect(d.steps[0]).toMatchObject({
      name: 'tool.search',
      agent: 'coder',
      path: 'planner: swarm.run › planner: plan.step #2 › coder: tool.search #2',
      change: 'changed',
      statusChanged: true,
      a: { status: 'ok', durationMs: 120 },
      b: { status: 'error', durationMs: 125 },
      durationDeltaMs: 5,
    })
    const chat = byPath.get('planner: swarm.run › planner: plan.step › coder: llm.chat')!
    expect(chat).toMatchObject({
      change: 'changed',
      durationDeltaMs: 900,
      tokensDelta: 450,
      messagesChanged: true,
    })
    expect(
      chat.messageDiff!.filter((p) => p.op !== 'same').map((p) => [p.op, p.text.trim()]),
    ).toEqual([
      ['removed', 'Find the bug in parser.ts'],
      ['added', 'Find the bug in lexer.ts'],
    ])
    expect(byPath.get('planner: swarm.run › planner: cleanup')).toMatchObject({
      change: 'removed',
      b: null,
    })
    expect(byPath.get('planner: swarm.run › planner: publish')).toMatchObject({
      change: 'added',
      a: null,
      durationDeltaMs: null,
    })
    expect(
      byPath.get('planner: swarm.run › planner: plan.step #2 › coder: tool.search'),
    ).toMatchObject({ change: 'same', durationDeltaMs: 0 })
  })

  it('prints a summary and the ranked steps within 80 columns', async () => {
    const r = await tracescope(['diff', RUN_A, RUN_B, '--db', nativeDb])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80)
    expect(r.stdout).toMatch(/^duration\s+2\.00s\s+3\.10s\s+\+1\.10s$/m)
    expect(r.stdout).toMatch(/^failed spans\s+0\s+1\s+\+1$/m)
    expect(r.stdout).toContain('steps: 4 changed, 1 added, 1 removed, 2 same')
    const table = lines.slice(lines.findIndex((l) => l.startsWith('CHANGE')) + 1)
    expect(table[0]).toMatch(/^✗ failed\s+120ms\s+125ms\s+\+5\.0ms\s+.*coder: tool\.search #2$/)
    expect(r.stdout).toMatch(/^\+ added\s+—\s+500ms\s+—\s+planner: swarm\.run › planner: publish$/m)
    expect(r.stdout).toMatch(/^- removed\s+50ms\s+—\s+—\s+.*cleanup$/m)
    expect(r.stdout).toContain('tool.search: search backend timed out')
  })

  it('names a session the file does not have, and a missing argument', async () => {
    const unknown = await tracescope(['diff', RUN_A, 'run-99', '--db', nativeDb])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no session "run-99"')
    const missing = await tracescope(['diff', RUN_A, '--db', nativeDb])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing sessionB')
  })
})

describe.each(TOOL_FILE_KINDS)('tracescope diff on a %s file', (kind) => {
  it('aligns two of its sessions and leaves the file untouched', async () => {
    const fx = fixtures[kind]
    const before = fileFingerprint(fx.path)
    const withSpans = fx.sessionIds.filter((id) => fx.spans.some((s) => s.sessionId === id))
    const [idA, idB] = [withSpans[0], withSpans[1] ?? withSpans[0]]
    const d = await tracescopeJson<DiffJson>(['diff', idA, idB, '--db', fx.path])
    const spansOf = (id: string) => fx.spans.filter((s) => s.sessionId === id)
    // every span of each session is on exactly one step
    expect(
      d.steps
        .filter((s) => s.a)
        .map((s) => s.a!.spanId)
        .sort(),
    ).toEqual(
      spansOf(idA)
        .map((s) => s.spanId)
        .sort(),
    )
    expect(
      d.steps
        .filter((s) => s.b)
        .map((s) => s.b!.spanId)
        .sort(),
    ).toEqual(
      spansOf(idB)
        .map((s) => s.spanId)
        .sort(),
    )
    expect(d.summary.spans).toMatchObject({ a: spansOf(idA).length, b: spansOf(idB).length })
    for (const s of d.steps) {
      expect(s.change === 'added').toBe(s.a === null)
      expect(s.change === 'removed').toBe(s.b === null)
    }
    if (idA === idB) expect(d.steps.every((s) => s.change === 'same')).toBe(true)
    expect(fileFingerprint(fx.path)).toEqual(before)
  })
})
