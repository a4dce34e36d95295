// Σ on parent spans from the running totals (usageRollupQuery.ts): each span's subtree, an LLM
// call with calls below it, unpriced models beside the cost, per agent and model.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { openStore } from '../../src/main/store/traceStore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Dictionary } from '../../src/main/store/dictionary'
import { QueryContext } from '../../src/main/store/queryContext'
import { sessionRollup } from '../../src/main/store/usageRollupQuery'
import type { TraceRecord } from '../../src/shared/domain'
import { openTempStore, T0, tempDir, type TempStore } from './storeTestUtils'

let t: TempStore

const id = (n: number) => n.toString(16).padStart(16, '0')

function span(
  n: number,
  parent: number | null,
  attributes: Record<string, unknown> = {},
  agentId?: string,
): TraceRecord {
  return {
    kind: 'span',
    sessionId: 'tree',
    spanId: id(n),
    ...(parent !== null && { parentSpanId: id(parent) }),
    name: `span ${n}`,
    startTime: T0 + n,
    endTime: T0 + n + 1,
    attributes,
    ...(agentId && { agentId }),
  }
}

const gpt = (input: number, output: number) => ({
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
})

beforeAll(async () => {
  t = openTempStore()
  // 1 root ─┬ 2 planner call (LLM, 1M in) ── 3 tool ── 4 LLM (100K out)
  //         └ 5 coder step ─┬ 6 LLM (mystery, 7 in)
  //                         └ 7 tool (no tokens)
  // children first, as OpenTelemetry exporters send them
  await t.store.write([
    span(4, 3, gpt(0, 100_000), 'planner'),
    span(6, 5, { 'gen_ai.request.model': 'mystery', 'gen_ai.usage.input_tokens': 7 }, 'coder'),
    span(7, 5),
  ])
  await t.store.write([
    span(3, 2),
    span(2, 1, gpt(1_000_000, 0), 'planner'),
    span(5, 1, {}, 'coder'),
    span(1, null),
  ])
})
afterAll(async () => {
  await t.cleanup()
})

function rollup() {
  const db = new Database(t.file, { readonly: true })
  try {
    const ctx = new QueryContext(db, new Dictionary(db, true))
    return sessionRollup(ctx, ctx.sidOf('tree')!)
  } finally {
    db.close()
  }
}

describe('session rollups from the running totals', () => {
  it('sums each span with LLM calls below it, its own call included', () => {
    const r = rollup()
    expect([...r.subtree.keys()].sort()).toEqual([id(1), id(2), id(3), id(5)])
    expect(r.subtree.get(id(1))).toMatchObject({
      inputTokens: 1_000_007,
      outputTokens: 100_000,
      calls: 3,
      unpricedTokens: 7,
      unpricedModels: ['mystery'],
    })
    // 1M input × $2.50 + 100K output × $10 per million (gpt-4o)
    expect(r.subtree.get(id(1))!.costUsd).toBeCloseTo(3.5, 10)
    expect(r.subtree.get(id(2))).toMatchObject({ inputTokens: 1_000_000, calls: 2 })
    expect(r.subtree.get(id(2))!.costUsd).toBeCloseTo(3.5, 10)
    expect(r.subtree.get(id(3))).toMatchObject({ outputTokens: 100_000, calls: 1 })
    expect(r.subtree.get(id(5))).toMatchObject({ costUsd: null, unpricedTokens: 7, calls: 1 })
    expect(r.truncated).toBe(false)
  })

  it('the root sum is the session total, split by agent and model', () => {
    const r = rollup()
    expect(r.session).toEqual(r.subtree.get(id(1)))
    expect([...r.byAgent].map(([a, u]) => [a, u.calls]).sort()).toEqual([
      ['coder', 1],
      ['planner', 2],
    ])
    expect([...r.byModel].map(([m, u]) => [m, u.calls]).sort()).toEqual([
      ['gpt-4o', 2],
      ['mystery', 1],
    ])
  })

  it('crosses the contract as arrays, most expensive first; the whole file without Σ', () => {
    const r = t.store.usageRollup('tree')
    expect(r.byAgent.map((a) => a.agentId)).toEqual(['planner', 'coder'])
    expect(r.byModel.map((m) => m.model)).toEqual(['gpt-4o', 'mystery'])
    expect(r.subtree.map((s) => s.spanId)).toEqual([id(1), id(2), id(3), id(5)])
    expect(r.partial).toBe(false)
    const file = t.store.usageRollup()
    expect(file.session.calls).toBe(3)
    expect(file.subtree).toEqual([])
    expect(t.store.usageRollup('no such session').session.calls).toBe(0)
  })

  it('a store of schema v4 opened read-only is summed from its spans', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'v4.db')
    fs.copyFileSync(path.resolve('test/fixtures/stores/store-v4.db'), file)
    const old = openStore(file, { readOnly: true })
    try {
      const r = old.usageRollup('usage-a')
      expect(r.session).toMatchObject({ inputTokens: 6600, outputTokens: 1040, calls: 3 })
      expect(r.byAgent.map((a) => [a.agentId, a.usage.calls]).sort()).toEqual([
        ['coder', 2],
        ['planner', 1],
      ])
      // agent.run holds both calls below it, chat claude the OpenInference one
      expect(r.subtree.map((s) => [s.spanId, s.usage.calls])).toEqual([
        ['ab00000000000001', 3],
        ['ab00000000000003', 2],
      ])
      expect(r.partial).toBe(false)
    } finally {
      await old.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a call written again in place is summed once', async () => {
    await t.store.write([span(4, 3, gpt(0, 100_000), 'planner')])
    expect(rollup().subtree.get(id(1))!.calls).toBe(3)
  })

  it('a call written again under another parent moves its share there', async () => {
    // the mystery call moves from the coder step (5) to the tool under the planner call (3)
    await t.store.write([
      span(6, 3, { 'gen_ai.request.model': 'mystery', 'gen_ai.usage.input_tokens': 7 }, 'coder'),
    ])
    const r = rollup()
    expect(r.subtree.has(id(5))).toBe(false)
    expect(r.subtree.get(id(3))).toMatchObject({ calls: 2, unpricedTokens: 7 })
    expect(r.subtree.get(id(2))).toMatchObject({ calls: 3 })
    expect(r.subtree.get(id(1))).toMatchObject({ calls: 3 })
  })
})
