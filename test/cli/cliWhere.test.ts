// `--where` on every format, through the CLI as a user runs it: `spans --where` and
// `export --where` on the five foreign formats and the native store. Expected counts are
// written out, read off the fixture writers' rows by hand (listed beside each case); the old
// flags must give exactly what the same condition written as an expression gives.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import {
  tempDir,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
  MOAI_AGENT_SESSION,
} from '../fixtures/seedWriters'
import { CLAUDE_FLOW_SAMPLE, writeClaudeFlowSample } from '../fixtures/realShapedSamples'
import { richRecords, storeWith } from '../exchange/exchangeHelpers'
import { tracescope, tracescopeJson } from './cliHelpers'

interface Case {
  write: (file: string) => Promise<void> | void
  session: string
  /** expression → spans of the session it selects */
  where: Record<string, number>
}

const CASES: Record<string, Case> = {
  // coordination(coordinator ok) task_start(coder unset) task_fail(coder error)
  // task_execution(tester ok) lint(tester error, phase progress) agent_method(reviewer error)
  // decision_point(reviewer unset, phase progress)
  'claude-flow': {
    write: writeClaudeFlowSample,
    session: CLAUDE_FLOW_SAMPLE.sessionId,
    where: {
      'status:error': 3,
      'agent:coder or agent:tester': 4,
      'name:task_* not status:error': 2,
      'attr.phase:progress': 2,
      '(agent:reviewer status:error) or name:lint': 2,
    },
  },
  // job-a (error, 3344 ms), stage-0 (ok, 718), stage-1 (ok, 670), stage-2 (error, 906)
  'ddeutil-workflow': {
    write: (f) => void writeDdeutilDb(f),
    session: 'job-run-2a',
    where: {
      'status:error': 2,
      'name:stage-* status:ok': 2,
      'duration>800': 2,
      'not name:stage-*': 1,
      'attr.workflow:etl-*': 4,
    },
  },
  // four agents' spans (3000, 3100, running, 3300 ms; agent-4 failed) and their tasks
  // (1500 ms, 1200–1203 tokens, task-4 timed out)
  'moai-swarmdb': {
    write: (f) => void writeMoaiDb(f),
    session: MOAI_AGENT_SESSION,
    where: {
      'status:error': 2,
      'tokens>1201': 2,
      'agent:agent-4': 2,
      'name:expert-* duration>=3100': 2,
      'not duration>0': 1,
      'attr.moai.status:timeout': 1,
    },
  },
  // pipeline_root and step_1..step_6 (10..50 tokens; step_6 failed)
  flujo: {
    write: (f) => void writeFlujoDb(f),
    session: 'run_00000001',
    where: {
      'status:error': 1,
      'name:step_* attr.tokens>=30': 3,
      'status:error or name:pipeline_root': 2,
      '"validation error"': 1,
    },
  },
  // llm_call ×3, tool_call ×6, error (rate limited); inputs q0..q8
  'session-store': {
    write: (f) => void writeSessionStoreDb(f),
    session: 'uid-001',
    where: {
      'status:error': 1,
      'name:tool_call': 6,
      'name:*_call -name:llm*': 6,
      '"rate limited"': 1,
      'attr.data.input:q*': 9,
      'name:llm_call or status:error': 4,
    },
  },
  // twelve spans: plan/tool.call/llm.chat in turn, agents planner/coder alternating (#11 none),
  // #5 failed, #0/#4/#8 unset, input tokens 10 × i, durations 49.75 + i ms (#10 running)
  native: {
    write: async (f) => {
      const store = await storeWith(f, richRecords())
      await store.flush() // the full-text index catches up (a read-only CLI cannot)
      await store.close()
    },
    session: 'run-beta',
    where: {
      'status:error': 1,
      'agent:coder status:ok': 4,
      'name:llm.* or name:tool.*': 8,
      'tokens>=60': 6,
      'attr.gen_ai.usage.input_tokens>=60 attr.gen_ai.usage.input_tokens<100': 4,
      'duration>55': 5,
      'not agent:*': 1,
      'llm.chat -status:error': 3,
    },
  },
}

const { dir, cleanup } = tempDir('ts-cli-where-')
const env = { TRACESCOPE_HOME: path.join(dir, 'home') }
const files: Record<string, string> = {}

beforeAll(async () => {
  for (const [kind, c] of Object.entries(CASES)) {
    files[kind] = path.join(dir, `${kind}.db`)
    await c.write(files[kind])
  }
})
afterAll(() => cleanup())

const spans = (kind: string, ...args: string[]) =>
  tracescopeJson<Span[]>(
    ['spans', '--session', CASES[kind].session, '--db', files[kind], '--limit', '5000', ...args],
    env,
  )

/** the span records of an ndjson export */
function exportedSpans(file: string): Array<{ spanId: string; status: string }> {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { kind: string; spanId: string; status: string })
    .filter((r) => r.kind === 'span')
}

describe.each(Object.keys(CASES))('%s', (kind) => {
  it('spans --where selects the spans each expression names', async () => {
    const c = CASES[kind]
    const got: Record<string, number> = {}
    for (const where of Object.keys(c.where))
      got[where] = (await spans(kind, '--where', where)).length
    expect(got).toEqual(c.where)
  }, 180_000)

  it('--where status:error is --status error, and --where adds to the flags', async () => {
    const [flag, expr, both] = await Promise.all([
      spans(kind, '--status', 'error'),
      spans(kind, '--where', 'status:error'),
      spans(kind, '--status', 'ok', '--where', 'status:error'),
    ])
    expect(expr.map((s) => s.spanId)).toEqual(flag.map((s) => s.spanId))
    expect(both).toEqual([])
  }, 60_000)

  it('export --where writes the same spans as the flag, and names the filter', async () => {
    const c = CASES[kind]
    const byFlag = path.join(dir, `${kind}-flag.ndjson`)
    const byWhere = path.join(dir, `${kind}-where.ndjson`)
    const base = ['export', '--db', files[kind], '--session', c.session, '--format', 'ndjson']
    const [flag, where] = await Promise.all([
      tracescope([...base, '--status', 'error', '--out', byFlag], env),
      tracescope([...base, '--where', 'status:error', '--out', byWhere], env),
    ])
    expect(flag.code).toBe(0)
    expect(where.code).toBe(0)
    const spansByWhere = exportedSpans(byWhere)
    expect(spansByWhere.length).toBe(c.where['status:error'])
    expect(spansByWhere.every((s) => s.status === 'error')).toBe(true)
    expect(spansByWhere).toEqual(exportedSpans(byFlag))
  }, 60_000)
})

describe('export --where across every session', () => {
  it('selects only the sessions with a matching span', async () => {
    const out = path.join(dir, 'native-all.ndjson')
    const r = await tracescopeJson<{ spans: number; sessions: number }>(
      ['export', '--db', files.native, '--where', 'name:tool.call not duration>0', '--out', out],
      env,
    )
    // richRecords: run-beta's #10 is the only tool.call still running (run-alpha's ended)
    expect(r.spans).toBe(1)
    expect(r.sessions).toBe(1)
  }, 60_000)
})

describe('a bad --where', () => {
  it('exits 2 naming the column and what was expected', async () => {
    const r = await tracescope(
      ['spans', 'run-beta', '--db', files.native, '--where', 'status:nope'],
      env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'tracescope spans: invalid where "status:nope": column 8: expected ok, error or unset (completed/failed/running also accepted) after "status:" but found "nope"\n',
    )
    const e = await tracescope(['export', '--db', files.native, '--where', '(agent:coder'], env)
    expect(e.code).toBe(2)
    expect(e.stderr).toContain('column 13: expected')
  }, 60_000)
})
