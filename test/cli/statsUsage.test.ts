// `tracescope stats` breaks cost down by agent and by model, from spans the official
// OpenTelemetry JS SDK sent through the collector (genAiFixture.ts: five models, one without a
// price, two agents of which one made no LLM call).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UsageRollup } from '../../src/shared/genai/usageRollup'
import { tracescope, tracescopeJson } from './cliHelpers'
import { GENAI_SESSION, writeGenAiFixture, type GenAiFixture } from '../e2e/genAiFixture'

let dir: string
let fx: GenAiFixture

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-stats-usage-'))
  fx = await writeGenAiFixture(dir)
}, 60_000)

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

type StatsJson = { usage: UsageRollup['session'] & Omit<UsageRollup, 'session' | 'subtree'> }

describe('tracescope stats: cost by agent and model', () => {
  it('--json: per model, priced or unpriced, and per agent, summing to the session', async () => {
    const s = await tracescopeJson<StatsJson>(
      ['stats', '--db', fx.db, '--session', GENAI_SESSION],
      {
        TRACESCOPE_HOME: dir,
      },
    )
    const models = Object.fromEntries(s.usage.byModel.map((m) => [m.model, m.usage]))
    expect(Object.keys(models).sort()).toEqual([
      'anthropic/claude-3-5-sonnet-20241022',
      'gemini-2.5-flash',
      'gpt-4.1',
      'gpt-4o-2024-08-06',
      'local-llama-3',
    ])
    // by hand from prices.json: gpt-4.1 50,000×2 + 10×8 per million
    expect(models['gpt-4.1'].costUsd).toBeCloseTo(0.10008, 9)
    expect(models['local-llama-3']).toMatchObject({ costUsd: null, unpricedTokens: 600 })
    // the most expensive first
    expect(s.usage.byModel[0].model).toBe('gpt-4.1')
    expect(s.usage.byAgent).toHaveLength(1)
    expect(s.usage.byAgent[0].agentId).toMatch(/reviewer/)
    expect(s.usage.byAgent[0].usage.costUsd).toBeCloseTo(s.usage.costUsd!, 12)
    expect(s.usage).toMatchObject({ calls: 5, unpricedTokens: 600, partial: false })
  })

  it('prints an agent table and a model table', async () => {
    const r = await tracescope(['stats', '--db', fx.db, '--session', GENAI_SESSION], {
      TRACESCOPE_HOME: dir,
    })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^cost in 54,100 · out 560 · \$0\.114 · 600 unpriced$/m)
    expect(r.stdout).toMatch(/AGENT\s+CALLS\s+TOKENS\s+COST\s+UNPRICED/)
    expect(r.stdout).toMatch(/^local-llama-3\s+1\s+600\s+—\s+600$/m)
    expect(r.stdout).toMatch(/^gpt-4\.1\s+1\s+50,010\s+\$0\.100\s*$/m)
  })

  it('without --session: the whole file, both runs', async () => {
    const s = await tracescopeJson<StatsJson>(['stats', '--db', fx.db], { TRACESCOPE_HOME: dir })
    expect(s.usage.calls).toBe(6)
    expect(s.usage.byAgent.map((a) => a.agentId).join(' ')).toMatch(/planner/)
  })
})
