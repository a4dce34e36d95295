// `tracescope stats --group-by` with the real CLI on a real native store and on one file of
// every other supported tool (left byte-identical).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GroupStats } from '../../src/shared/stats/groupStats'
import {
  fileFingerprint,
  tempDir,
  TOOL_FILE_KINDS,
  writeEveryToolFile,
  type FixtureSummary,
} from '../fixtures/seedWriters'
import { storeWith } from '../exchange/exchangeHelpers'
import { RUN_B, comparedRunsRecords } from '../fixtures/comparedRuns'
import { tracescope, tracescopeJson } from './cliHelpers'

interface StatsJson {
  groupBy: string
  spans: number
  groups: GroupStats[]
}

let dir: string
let cleanup: () => void
let nativeDb: string
const fixtures: Record<string, FixtureSummary> = {}
// the fixtures are written with times in the past; a window wide enough for all of them
const ALL = ['--since', '36500d']

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-cli-stats-'))
  nativeDb = path.join(dir, 'native.db')
  await (await storeWith(nativeDb, comparedRunsRecords())).close()
  Object.assign(fixtures, writeEveryToolFile(dir))
})
afterAll(() => cleanup())

describe('tracescope stats --group-by on a native store', () => {
  it('groups by span name: count, error rate, percentiles, self time, tokens, cost', async () => {
    const r = await tracescopeJson<StatsJson>(['stats', '--group-by', 'name', '--db', nativeDb])
    expect(r.spans).toBe(14)
    const by = new Map(r.groups.map((g) => [g.key, g]))
    expect(r.groups.map((g) => g.key)).toEqual([
      'plan.step',
      'tool.search',
      'llm.chat',
      'swarm.run',
      'cleanup',
      'publish',
    ])
    expect(by.get('tool.search')).toMatchObject({
      count: 4,
      errors: 1,
      errorRate: 0.25,
      p50Ms: 100,
      p95Ms: 125,
      p99Ms: 125,
      selfMs: 445,
    })
    // plan.step 600 − 400, 900 − 220, 1400 − 1300, 900 − 225
    expect(by.get('plan.step')).toMatchObject({
      count: 4,
      totalMs: 3800,
      selfMs: 200 + 680 + 100 + 675,
    })
    expect(by.get('llm.chat')).toMatchObject({ count: 2, tokens: 3150, p50Ms: 400, p99Ms: 1300 })
    expect(by.get('llm.chat')!.costUsd).toBeGreaterThan(0)
    expect(by.get('swarm.run')!.tokens).toBeNull()
  })

  it('groups by workflow, agent and hour window, and narrows to one session', async () => {
    const db = ['--db', nativeDb]
    const [wf, agent, win, one] = await Promise.all([
      tracescopeJson<StatsJson>(['stats', '--group-by', 'workflow', ...db]),
      tracescopeJson<StatsJson>(['stats', '--group-by', 'agent', ...db]),
      tracescopeJson<StatsJson>(['stats', '--group-by', 'window', ...db]),
      tracescopeJson<StatsJson>(['stats', '--group-by', 'agent', '--session', RUN_B, ...db]),
    ])
    expect(wf.groups.map((g) => [g.key, g.count, g.errors])).toEqual([
      ['nightly run-41', 7, 0],
      ['nightly run-42', 7, 1],
    ])
    expect(agent.groups.map((g) => [g.key, g.count])).toEqual([
      ['planner', 8],
      ['coder', 6],
    ])
    expect(win.groups.map((g) => [g.key, g.count])).toEqual([
      ['2026-11-30 09:00', 7],
      ['2026-11-30 10:00', 7],
    ])
    expect(one.groups.map((g) => [g.key, g.count, g.errors])).toEqual([
      ['planner', 4, 0],
      ['coder', 3, 1],
    ])
  })

  it('prints a table within 80 columns, and names bad options', async () => {
    const r = await tracescope(['stats', '--group-by', 'workflow', '--db', nativeDb])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('14 spans in 2 groups by workflow')
    expect(r.stdout).toMatch(
      /^nightly run-42\s+7\s+14\.3%\s+900ms\s+3\.10s\s+3\.10s\s+3\.10s\s+1,800\s+\$0\.0005$/m,
    )
    for (const l of r.stdout.split('\n')) expect([...l].length).toBeLessThanOrEqual(80)
    const bad = await tracescope(['stats', '--group-by', 'colour', '--db', nativeDb])
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      'tracescope stats: invalid --group-by "colour": expected name, agent, workflow, user, window',
    ])
    const window = await tracescope([
      'stats',
      '--group-by',
      'window',
      '--window',
      'soon',
      '--db',
      nativeDb,
    ])
    expect(window.code).toBe(2)
    expect(window.stderr).toContain('invalid --window "soon"')
  })
})

describe.each(TOOL_FILE_KINDS)('tracescope stats --group-by on a %s file', (kind) => {
  it('counts every span by name and by workflow, and leaves the file untouched', async () => {
    const fx = fixtures[kind]
    const before = fileFingerprint(fx.path)
    const db = ['--db', fx.path, ...ALL]
    const [byName, byWorkflow] = await Promise.all([
      tracescopeJson<StatsJson>(['stats', '--group-by', 'name', ...db]),
      tracescopeJson<StatsJson>(['stats', '--group-by', 'workflow', ...db]),
    ])
    expect(byName.spans).toBe(fx.spans.length)
    const expected = new Map<string, { count: number; errors: number }>()
    for (const s of fx.spans) {
      const e = expected.get(s.name) ?? { count: 0, errors: 0 }
      e.count++
      if (s.status === 'error') e.errors++
      expected.set(s.name, e)
    }
    expect(
      new Map(byName.groups.map((g) => [g.key, { count: g.count, errors: g.errors }])),
    ).toEqual(expected)
    expect(byWorkflow.groups.reduce((n, g) => n + g.count, 0)).toBe(fx.spans.length)
    expect(fileFingerprint(fx.path)).toEqual(before)
  })
})
