// `tracescope cohort` with the real CLI: what the failing / slowest spans of a real native store
// share, and the command on one file of every other supported tool (left byte-identical).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../../src/shared/domain'
import type { AttributeDifference } from '../../../src/shared/stats/cohort'
import {
  fileFingerprint,
  tempDir,
  TOOL_FILE_KINDS,
  writeEveryToolFile,
  type FixtureSummary,
} from '../../fixtures/seedWriters'
import { storeWith } from '../../exchange/exchangeHelpers'
import { tracescope, tracescopeJson } from '../cliHelpers'

interface CohortJson {
  selection: number
  baseline: number
  thresholdMs?: number
  attributes: AttributeDifference[]
}

let dir: string
let cleanup: () => void
let nativeDb: string
const fixtures: Record<string, FixtureSummary> = {}
const T0 = Date.parse('2026-11-30T09:00:00Z')

// 20 llm.chat calls: 4 of the 5 failures used gpt-4o-mini, 1 of the 15 successes did; the 4
// slowest missed the cache. 10 tool.call spans, none failing.
function records(): TraceRecord[] {
  const r: TraceRecord[] = []
  for (let i = 0; i < 20; i++) {
    const failed = i < 5
    const mini = failed ? i < 4 : i === 5
    r.push({
      kind: 'span',
      sessionId: i < 10 ? 'run-1' : 'run-2',
      spanId: `c${i}`,
      name: 'llm.chat',
      agentId: 'coder',
      startTime: T0 + i * 1000,
      endTime: T0 + i * 1000 + (i >= 16 ? 900 : 100 + i),
      status: failed ? 'error' : 'ok',
      attributes: {
        'gen_ai.request.model': mini ? 'gpt-4o-mini' : 'gpt-4o',
        cache: i >= 16 ? 'miss' : 'hit',
        requestId: `req-${i}`,
      },
    })
  }
  for (let i = 0; i < 10; i++)
    r.push({
      kind: 'span',
      sessionId: 'run-2',
      spanId: `t${i}`,
      name: 'tool.call',
      agentId: 'tester',
      startTime: T0 + i,
      endTime: T0 + i + 5,
    })
  return r
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-cli-cohort-'))
  nativeDb = path.join(dir, 'native.db')
  await (await storeWith(nativeDb, records())).close()
  Object.assign(fixtures, writeEveryToolFile(dir))
})
afterAll(() => cleanup())

describe('tracescope cohort on a native store', () => {
  it('finds the model the failing llm.chat calls share', async () => {
    const r = await tracescopeJson<CohortJson>([
      'cohort',
      '--failed',
      '--name',
      'llm.chat',
      '--db',
      nativeDb,
    ])
    expect([r.selection, r.baseline]).toEqual([5, 15])
    expect(r.attributes[0].key).toBe('gen_ai.request.model')
    expect(r.attributes[0].score).toBeCloseTo(0.8 - 1 / 15, 10)
    expect(r.attributes[0].values[0]).toEqual({
      value: 'gpt-4o-mini',
      selection: 0.8,
      baseline: 1 / 15,
    })
    // request ids are unique to each span, not a shared trait; the name is the same in both
    expect(r.attributes.map((a) => a.key)).not.toContain('requestId')
    expect(r.attributes.map((a) => a.key)).not.toContain('span.name')
  })

  it('finds what the slowest share, and prints a table', async () => {
    const r = await tracescopeJson<CohortJson>(['cohort', '--slowest', '10', '--db', nativeDb])
    expect(r.thresholdMs).toBe(900)
    expect([r.selection, r.baseline]).toEqual([4, 26])
    expect(r.attributes[0]).toMatchObject({ key: 'cache', score: 1 })
    const t = await tracescope(['cohort', '--failed', '--name', 'llm.chat', '--db', nativeDb])
    expect(t.code).toBe(0)
    expect(t.stdout).toContain(
      'selection: 5 failed llm.chat spans; baseline: 15 other llm.chat spans',
    )
    expect(t.stdout).toMatch(/^gen_ai\.request\.model\s+0\.73\s+gpt-4o-mini\s+80%\s+7%$/m)
  })

  it('compares sessions with the rest, and refuses a missing or double selection', async () => {
    const r = await tracescopeJson<CohortJson>(['cohort', '--sessions', 'run-2', '--db', nativeDb])
    expect([r.selection, r.baseline]).toEqual([20, 10])
    // run-2 has the tool calls (tester, no cache attribute) and the cache misses
    expect(r.attributes.map((a) => [a.key, Number(a.score.toFixed(2))])).toEqual([
      ['cache', 0.7],
      ['agent', 0.5],
      ['gen_ai.request.model', 0.5],
      ['span.name', 0.5],
    ])
    for (const args of [[], ['--failed', '--slowest', '10'], ['--slowest', '150']]) {
      const bad = await tracescope(['cohort', ...args, '--db', nativeDb])
      expect(bad.code).toBe(2)
    }
    const unknown = await tracescope(['cohort', '--sessions', 'run-9', '--db', nativeDb])
    expect(unknown.stderr).toContain('no session "run-9"')
  })
})

describe.each(TOOL_FILE_KINDS)('tracescope cohort on a %s file', (kind) => {
  it('splits every span into selection and baseline, and leaves the file untouched', async () => {
    const fx = fixtures[kind]
    const before = fileFingerprint(fx.path)
    const r = await tracescopeJson<CohortJson>(['cohort', '--failed', '--db', fx.path])
    expect(r.selection).toBe(fx.spans.filter((s) => s.status === 'error').length)
    expect(r.selection + r.baseline).toBe(fx.spans.length)
    expect(fileFingerprint(fx.path)).toEqual(before)
  })
})
