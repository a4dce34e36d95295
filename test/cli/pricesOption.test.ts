// `--prices FILE` and the prices file next to the settings, through the real CLI on spans the
// official OpenTelemetry JS SDK sent (genAiFixture.ts: local-llama-3 has no shipped price).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tracescope, tracescopeJson } from './cliHelpers'
import { GENAI_SESSION, writeGenAiFixture, type GenAiFixture } from '../e2e/genAiFixture'

let dir: string
let fx: GenAiFixture
let home: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-prices-cli-'))
  home = path.join(dir, 'home')
  fs.mkdirSync(home)
  fx = await writeGenAiFixture(dir)
}, 60_000)

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

type Row = { id: string; costUsd: number | null; unpricedTokens: number }

const session = async (args: string[], env: Record<string, string> = {}) =>
  (
    await tracescopeJson<Row[]>(['sessions', '--db', fx.db, ...args], {
      TRACESCOPE_HOME: home,
      ...env,
    })
  ).find((s) => s.id === GENAI_SESSION)!

describe('prices of the user', () => {
  it('--prices FILE prices a model the shipped table has not: no unpriced tokens left', async () => {
    const before = await session([])
    expect(before.unpricedTokens).toBe(600)
    const file = path.join(dir, 'team.json')
    fs.writeFileSync(file, JSON.stringify({ models: { 'local-llama-3': { input: 1, output: 2 } } }))
    const after = await session(['--prices', file])
    expect(after.unpricedTokens).toBe(0)
    // 500 input × $1 + 100 output × $2 per million
    expect(after.costUsd! - before.costUsd!).toBeCloseTo(0.0007, 12)
  })

  it('reads prices.json next to the settings without being asked', async () => {
    const own = path.join(dir, 'own-home')
    fs.mkdirSync(own)
    fs.writeFileSync(
      path.join(own, 'prices.json'),
      JSON.stringify({ models: { 'local-llama-3': { input: 1, output: 2 } } }),
    )
    expect((await session([], { TRACESCOPE_HOME: own })).unpricedTokens).toBe(0)
  })

  it('refuses a prices file it cannot use, naming the file and the field', async () => {
    const bad = path.join(dir, 'bad.json')
    fs.writeFileSync(bad, JSON.stringify({ models: { 'x-model': { input: 'cheap', output: 1 } } }))
    const r = await tracescope(['sessions', '--db', fx.db, '--prices', bad], {
      TRACESCOPE_HOME: home,
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--prices: ${bad}: models.x-model.input:`)
    const missing = await tracescope(['stats', '--db', fx.db, '--prices', `${bad}.nope`], {
      TRACESCOPE_HOME: home,
    })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--prices: no such file')
  })
})
