// `tracescope sessions` reports each session's tokens and cost, from spans the official
// OpenTelemetry JS SDK sent through the collector (both GenAI conventions, five models, one
// of them without a price).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tracescope, tracescopeJson } from './cliHelpers'
import { GENAI_SESSION, writeGenAiFixture, type GenAiFixture } from '../e2e/genAiFixture'

let dir: string
let fx: GenAiFixture

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-usage-cli-'))
  fx = await writeGenAiFixture(dir)
}, 60_000)

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('tracescope sessions', () => {
  it('--json gives input and output tokens, cost and unpriced tokens per session', async () => {
    const list = await tracescopeJson<Array<Record<string, unknown>>>(['sessions', '--db', fx.db], {
      TRACESCOPE_HOME: dir,
    })
    const s = list.find((x) => x.id === GENAI_SESSION)!
    // by hand from prices.json (USD per million tokens):
    // gpt-4o 1,200×2.5 + 300×10; claude-3-5-sonnet 2,000×3 + 100×15;
    // gemini-2.5-flash 400×0.3 + 50×2.5; gpt-4.1 50,000×2 + 10×8; local-llama-3 unpriced
    expect(s).toMatchObject({
      inputTokens: 1200 + 2000 + 400 + 500 + 50_000,
      outputTokens: 300 + 100 + 50 + 100 + 10,
      unpricedTokens: 600,
      unpricedModels: ['local-llama-3'],
      llmCalls: 5,
    })
    expect(s.costUsd as number).toBeCloseTo(0.006 + 0.0075 + 0.000245 + 0.10008, 9)
  })

  it('shows tokens and cost columns in the table', async () => {
    const r = await tracescope(['sessions', '--db', fx.db], { TRACESCOPE_HOME: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/TOKENS\s+COST/)
    const row = r.stdout.split('\n').find((l) => l.startsWith(GENAI_SESSION))!
    expect(row).toContain('54,660')
    expect(row).toContain('$0.114 (+600 unpriced)')
  })
})
