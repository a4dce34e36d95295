// `tracescope stats --where` and `tracescope cohort --where` with the real CLI: the filter
// language (docs/filter.md) as what Statistics groups and as the selection of "what do they
// share", on the native store and on other tools' files. Expected counts are written out, read
// off the fixture writers' rows by hand (listed beside each case, as in cliWhere.test.ts).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GroupStats } from '../../src/shared/stats/groupStats'
import {
  MOAI_AGENT_SESSION,
  fileFingerprint,
  tempDir,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
} from '../fixtures/seedWriters'
import { CLAUDE_FLOW_SAMPLE, writeClaudeFlowSample } from '../fixtures/realShapedSamples'
import { richRecords, storeWith } from '../exchange/exchangeHelpers'
import { tracescope, tracescopeJson } from './cliHelpers'

interface StatsJson {
  where: string | null
  spans: number
  groups: GroupStats[]
}
interface CohortJson {
  criteria: { kind: string; where?: string }
  selection: number
  baseline: number
  attributes: Array<{ key: string; values: Array<{ value: string }> }>
}

const { dir, cleanup } = tempDir('ts-cli-stats-where-')
const env = { TRACESCOPE_HOME: path.join(dir, 'home') }
const files = {
  native: path.join(dir, 'native.db'),
  claudeFlow: path.join(dir, 'claude-flow.db'),
  flujo: path.join(dir, 'flujo.db'),
  ddeutil: path.join(dir, 'ddeutil.db'),
  moai: path.join(dir, 'swarm.db'),
  sessionStore: path.join(dir, 'sessions.db'),
}

beforeAll(async () => {
  await (await storeWith(files.native, richRecords())).close()
  await writeClaudeFlowSample(files.claudeFlow)
  writeFlujoDb(files.flujo)
  writeDdeutilDb(files.ddeutil)
  writeMoaiDb(files.moai)
  writeSessionStoreDb(files.sessionStore)
})
afterAll(() => cleanup())

const stats = (file: string, ...args: string[]) =>
  tracescopeJson<StatsJson>(['stats', '--db', file, ...args], env)
const cohort = (file: string, ...args: string[]) =>
  tracescopeJson<CohortJson>(['cohort', '--db', file, ...args], env)
/** key → [count, errors] of each group */
const counts = (r: StatsJson) =>
  Object.fromEntries(r.groups.map((g) => [g.key, [g.count, g.errors]]))

describe('stats --where', () => {
  // richRecords: run-alpha and run-beta, 12 spans each; coder has #1 tool.call, #3 plan,
  // #5 llm.chat (failed), #7 tool.call, #9 plan in each run
  it('groups only the matching spans of a native store', async () => {
    const all = await stats(files.native, '--group-by', 'name')
    expect(all.spans).toBe(24)
    const r = await stats(files.native, '--group-by', 'name', '--where', 'agent:coder')
    expect(r.where).toBe('agent:coder')
    expect(r.spans).toBe(10)
    expect(counts(r)).toEqual({ plan: [4, 0], 'tool.call': [4, 0], 'llm.chat': [2, 2] })
    // with --session, both narrow (and): run-beta's coder spans past 55 ms are #7 and #9
    const one = await stats(
      files.native,
      '--session',
      'run-beta',
      '--group-by',
      'agent',
      '--where',
      'agent:coder duration>55',
    )
    expect(one.spans).toBe(2)
    expect(counts(one)).toEqual({ coder: [2, 0] })
  }, 60_000)

  // task_fail (coder), lint (tester) and agent_method (reviewer) failed
  it('on a Claude-Flow file', async () => {
    const r = await stats(files.claudeFlow, '--group-by', 'agent', '--where', 'status:error')
    expect(r.spans).toBe(3)
    expect(counts(r)).toEqual({ coder: [1, 1], tester: [1, 1], reviewer: [1, 1] })
  }, 60_000)

  // run_00000001: pipeline_root and step_1..step_6, tokens 10..50, step_6 failed
  it('on a flujo file', async () => {
    const r = await stats(
      files.flujo,
      '--session',
      'run_00000001',
      '--where',
      'name:step_* attr.tokens>=30',
    )
    expect(r.spans).toBe(3)
    expect(r.groups.map((g) => g.count)).toEqual([1, 1, 1])
  }, 60_000)

  // the spans of one session each expression selects (cliWhere.test.ts reads them off the rows)
  it.each([
    // job-a (error, 3344 ms), stage-0 (ok, 718), stage-1 (ok, 670), stage-2 (error, 906)
    [
      'ddeutil-workflow',
      'ddeutil',
      'job-run-2a',
      'duration>800',
      { 'job-a': [1, 1], 'stage-2': [1, 1] },
    ],
    // four agents' spans and their tasks; agent-4's span (expert-frontend) and task-4 failed
    [
      'MoAI SwarmDB',
      'moai',
      MOAI_AGENT_SESSION,
      'agent:agent-4',
      { 'expert-frontend': [1, 1], 'task-4': [1, 1] },
    ],
    // llm_call ×3, tool_call ×6, error (rate limited)
    [
      'session-keyed trace store',
      'sessionStore',
      'uid-001',
      'name:llm_call or status:error',
      { llm_call: [3, 0], error: [1, 1] },
    ],
  ] as const)(
    'on a %s file',
    async (_tool, file, session, where, groups) => {
      const r = await stats(files[file], '--session', session, '--where', where)
      expect(counts(r)).toEqual(groups)
    },
    60_000,
  )

  it('leaves the files byte-identical', async () => {
    const before = Object.values(files).map(fileFingerprint)
    for (const file of Object.values(files)) {
      await stats(file, '--where', 'status:error')
      await cohort(file, '--where', 'status:error')
    }
    expect(Object.values(files).map(fileFingerprint)).toEqual(before)
  }, 60_000)
})

describe('cohort --where', () => {
  it('selects the matching spans of a native store; the baseline is the rest', async () => {
    const r = await cohort(files.native, '--where', 'agent:coder')
    expect(r.criteria).toEqual({ kind: 'where', where: 'agent:coder' })
    expect(r.selection).toBe(10)
    expect(r.baseline).toBe(14)
    // within one span name, both sets narrow: coder's 4 tool.call of 8
    const named = await cohort(files.native, '--where', 'agent:coder', '--name', 'tool.call')
    expect([named.selection, named.baseline]).toEqual([4, 4])
  }, 60_000)

  it('on a Claude-Flow file', async () => {
    const r = await cohort(files.claudeFlow, '--where', 'status:error')
    expect([r.selection, r.baseline]).toEqual([3, CLAUDE_FLOW_SAMPLE.expected.spans - 3])
  }, 60_000)

  it('on a flujo file', async () => {
    const r = await cohort(files.flujo, '--where', 'status:error')
    expect(r.selection).toBe(1)
  }, 60_000)

  it('prints the selection and baseline', async () => {
    const r = await tracescope(['cohort', '--db', files.native, '--where', 'agent:coder'], env)
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('selection: 10 matching spans; baseline: 14 other spans')
  }, 60_000)
})

describe('a bad --where', () => {
  it('exits 2 naming the column, like spans --where', async () => {
    const s = await tracescope(['stats', '--db', files.native, '--where', 'status:nope'], env)
    expect(s.code).toBe(2)
    expect(s.stderr).toBe(
      'tracescope stats: invalid where "status:nope": column 8: expected ok, error or unset (completed/failed/running also accepted) after "status:" but found "nope"\n',
    )
    const c = await tracescope(['cohort', '--db', files.native, '--where', '(agent:coder'], env)
    expect(c.code).toBe(2)
    expect(c.stderr).toContain(
      'tracescope cohort: invalid where "(agent:coder": column 13: expected',
    )
  }, 60_000)

  it('cohort takes one selection only', async () => {
    const r = await tracescope(
      ['cohort', '--db', files.native, '--failed', '--where', 'agent:coder'],
      env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('choose one selection')
    const blank = await tracescope(['cohort', '--db', files.native, '--where', ' '], env)
    expect(blank.code).toBe(2)
    expect(blank.stderr).toBe(
      'tracescope cohort: --where is empty: give an expression such as status:error\n',
    )
  }, 60_000)
})
