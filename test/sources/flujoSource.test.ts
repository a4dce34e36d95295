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
import { flujoRunTotals, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'

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
