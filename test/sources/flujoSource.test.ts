// flujo's tokens (flujoSource.ts) on a file shaped as flujo writes it (realShapedSamples.ts):
// each step span's `token_counts` is that span's tokens, summed to its ancestors, the session,
// the model and agent rollups and `tracescope sessions --json`, like any other source's; the
// `cost_usd` flujo recorded for a step is that step's cost. The expected figures are written
// out by hand from the rows the sample inserts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { tokenUsage } from '../../src/shared/genai/usage'
import { FLUJO_SAMPLE, writeFlujoSample } from '../fixtures/realShapedSamples'
import { tracescopeJson } from '../cli/cliHelpers'
import { flujoRunTotals, runIdOf, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'
import Database from 'better-sqlite3'
import { safeOpen } from '../../src/main/sources/safeOpen'
import { FlujoSource } from '../../src/main/sources/flujoSource'
import { UsageIndex } from '../../src/main/sources/usageIndex'
import { SHIPPED_PRICES } from '../../src/shared/genai/pricing'

let dir: string
let file: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-flujo-tokens-'))
  file = path.join(dir, 'flujo_state.db')
  writeFlujoSample(file)
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

// summarise 1,234 + review 566; fetch's token_counts is 0 (no model called); no split, no
// model. flujo recorded $0.0042 and $0.0018 for the two steps: that is their cost, all paid.
const RUN_TOTAL = {
  inputTokens: 0,
  outputTokens: 0,
  otherTokens: 1800,
  costUsd: 0.006,
  unpricedTokens: 0,
  calls: 2,
  recordedCostCalls: 2,
  unpricedModels: [],
}

describe('flujo token_counts', () => {
  it('is each step span’s own tokens; a step with 0 is no LLM call', () => {
    const src = openSource(file, { overlay: false })
    try {
      const spans = src.queries.listSpans({
        sessionId: FLUJO_SAMPLE.runId,
        limit: 10,
        withAttributes: true,
      }).items
      const own = Object.fromEntries(spans.map((s) => [s.name, tokenUsage(s.attributes)?.unsplit]))
      expect(own).toEqual({
        pipeline_run: undefined,
        fetch: undefined,
        summarise: 1234,
        review: 566,
      })
      // what flujo wrote stays as it wrote it
      expect(spans.find((s) => s.name === 'review')!.attributes).toMatchObject({
        token_counts: 566,
        cost_usd: 0.0018,
      })
    } finally {
      src.close()
    }
  })

  it('sums to the session, its parent spans and the rollups by model and agent', () => {
    const src = openSource(file, { overlay: false })
    try {
      const total = { ...RUN_TOTAL, costUsd: expect.closeTo(0.006, 9) }
      expect(src.queries.getSession(FLUJO_SAMPLE.runId)!.usage).toMatchObject(total)
      expect(src.queries.listSessions({}).items[0].usage).toMatchObject(total)
      const r = src.queries.usageRollup(FLUJO_SAMPLE.runId)
      expect(r.session).toMatchObject({ ...RUN_TOTAL, costUsd: expect.closeTo(0.006, 9) })
      const sums = Object.fromEntries(r.subtree.map((s) => [s.spanId, s.usage.otherTokens]))
      expect(sums).toEqual({ root: 1800, step2: 1800 })
      expect(r.byModel.map((m) => [m.model, m.usage.otherTokens])).toEqual([['', 1800]])
      expect(r.byAgent.map((a) => [a.agentId, a.usage.calls])).toEqual([['', 2]])
    } finally {
      src.close()
    }
  })

  it('is in `tracescope sessions --json` as tokens without a split, at flujo’s own cost', async () => {
    const [s] = await tracescopeJson<Array<Record<string, unknown>>>(['sessions', '--db', file], {
      TRACESCOPE_HOME: dir,
      TRACESCOPE_FROM_SOURCE: '1',
    })
    expect(s).toMatchObject({
      id: 'run_8f2c',
      inputTokens: 0,
      outputTokens: 0,
      otherTokens: 1800,
      costUsd: expect.closeTo(0.006, 9),
      unpricedTokens: 0,
      llmCalls: 2,
      costSource: { recorded: 2, priceTable: 0 },
    })
  }, 60_000)

  it('prices only the steps flujo recorded no cost for (0.0: it had no price)', async () => {
    const mixed = path.join(dir, 'mixed.db')
    const opts = { runs: 1, steps: 6, recordedEvery: 3 }
    writeFlujoTokenRuns(mixed, opts)
    const want = flujoRunTotals(opts)
    const [s] = await tracescopeJson<Array<Record<string, unknown>>>(['sessions', '--db', mixed], {
      TRACESCOPE_HOME: dir,
      TRACESCOPE_FROM_SOURCE: '1',
    })
    // steps 0 and 3 at $0.001 each as recorded; the other four have no model: unpriced
    expect(want).toMatchObject({ recordedCalls: 2, unpricedTokens: 101 + 102 + 104 + 105 })
    expect(s).toMatchObject({
      llmCalls: 6,
      otherTokens: want.tokens,
      costUsd: expect.closeTo(0.002, 9),
      unpricedTokens: want.unpricedTokens,
      costSource: { recorded: 2, priceTable: 4 },
    })
  }, 60_000)
})

describe('flujo tokens summed in SQL (usageScan)', () => {
  it('gives what reading every span gives, whatever form the attributes take', () => {
    const odd = path.join(dir, 'odd.db')
    writeFlujoTokenRuns(odd, { runs: 2, steps: 40, recordedEvery: 5 })
    const db = new Database(odd)
    const add = db.prepare(
      `INSERT INTO spans (run_id, span_id, parent_span_id, name, start_time, end_time, status, attributes, created_at)
       VALUES (?, ?, NULL, 'odd', 1, 2, 'completed', ?, '')`,
    )
    const forms: unknown[] = [
      JSON.stringify({ token_counts: '250', cost_usd: 0.5 }), // a count written as text
      JSON.stringify({ token_counts: 12.5 }), // a real
      JSON.stringify({ token_counts: 0, cost_usd: 1 }), // no model called
      JSON.stringify({ token_counts: -3 }),
      JSON.stringify({ 'gen_ai.usage.input_tokens': 10, 'gen_ai.request.model': 'gpt-4o' }),
      JSON.stringify({ token_counts: 7, llm: { model_name: 'x' } }),
      JSON.stringify({ cost_usd: 'free', token_counts: 9 }),
      '{"token_counts": 5', // cut short: not JSON
      Buffer.from(JSON.stringify({ token_counts: 33 })), // a BLOB
      JSON.stringify([{ token_counts: 1 }]),
    ]
    forms.forEach((a, i) => add.run(runIdOf(i % 2), `odd-${i}`, a))
    db.close()
    const conn = safeOpen(odd)
    try {
      const flujo = new FlujoSource(conn)
      const t = SHIPPED_PRICES
      const inSql = new UsageIndex(flujo, { background: false }).parts(undefined, t, true)
      const bySpans = new UsageIndex(
        { listSpans: (q) => flujo.listSpans(q), changeToken: () => flujo.changeToken() },
        { background: false },
      ).parts(undefined, t, true)
      expect(inSql).not.toBe('pending')
      expect(inSql).toEqual(bySpans)
      for (const id of [runIdOf(0), runIdOf(1)])
        expect(new UsageIndex(flujo, { background: false }).totals([id], t)).toEqual(
          new UsageIndex(
            { listSpans: (q) => flujo.listSpans(q), changeToken: () => flujo.changeToken() },
            { background: false },
          ).totals([id], t),
        )
      // and it did sum in SQL: the plain steps are not read as spans
      expect(flujo.usageScan()).not.toBeNull()
    } finally {
      conn.close()
    }
  })
})
