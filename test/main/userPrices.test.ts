// The user's prices file (src/main/userPrices.ts) on real files: absent, broken (named by field),
// added to from Settings, and picked up by the process's default table when it changes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { activePrices, costOf, SHIPPED_PRICES } from '../../src/shared/genai/pricing'
import { emptyUsage } from '../../src/shared/genai/usage'
import {
  installUserPrices,
  readUserPrices,
  saveUserPrice,
  userPricesPath,
} from '../../src/main/userPrices'

let dir: string
const saved = { home: process.env.TRACESCOPE_HOME, prices: process.env.TRACESCOPE_PRICES }

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-prices-'))
  process.env.TRACESCOPE_HOME = dir
  delete process.env.TRACESCOPE_PRICES
})
afterEach(() => {
  for (const [k, v] of [
    ['TRACESCOPE_HOME', saved.home],
    ['TRACESCOPE_PRICES', saved.prices],
  ] as const)
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  installUserPrices()
  fs.rmSync(dir, { recursive: true, force: true })
})

const house = (input: number | null) => ({ ...emptyUsage('house-model-2025-01-01'), input })

describe('user prices', () => {
  it('lives next to the settings; absent means the shipped prices', () => {
    expect(userPricesPath()).toBe(path.join(dir, 'prices.json'))
    const s = readUserPrices()
    expect(s).toMatchObject({ models: [], error: null })
    expect(s.table).toBe(SHIPPED_PRICES)
  })

  it('names the field that is wrong, and then uses the shipped prices', () => {
    fs.writeFileSync(
      path.join(dir, 'prices.json'),
      JSON.stringify({ models: { 'house-model': { input: 1, outptu: 2 } } }),
    )
    const s = readUserPrices()
    expect(s.error).toMatch(/prices\.json: models\.house-model\.output: .*expected number/)
    expect(s.table).toBe(SHIPPED_PRICES)
    fs.writeFileSync(path.join(dir, 'prices.json'), '{ not json')
    expect(readUserPrices().error).toMatch(/prices\.json: not JSON/)
  })

  it('adds a model from Settings: priced from then on, dated names too, shipped ones kept', () => {
    installUserPrices()
    expect(costOf(house(1_000_000), activePrices())).toMatchObject({ costUsd: null })
    const s = saveUserPrice('House-Model', { input: 2, output: 8 })
    expect(s.models).toEqual(['House-Model'])
    expect(costOf(house(1_000_000), activePrices())).toMatchObject({
      costUsd: 2,
      pricedAs: 'house-model',
    })
    expect(activePrices().models['gpt-4o']).toEqual(SHIPPED_PRICES.models['gpt-4o'])
    // removing it leaves the file's other entries alone
    saveUserPrice('other', { input: 1, output: 1 })
    saveUserPrice('House-Model', null)
    expect(readUserPrices().models).toEqual(['other'])
    expect(costOf(house(1_000_000), activePrices()).costUsd).toBeNull()
  })

  it('re-prices a shipped model and follows $TRACESCOPE_PRICES', () => {
    const file = path.join(dir, 'team-prices.json')
    fs.writeFileSync(file, JSON.stringify({ models: { 'gpt-4o': { input: 1, output: 1 } } }))
    process.env.TRACESCOPE_PRICES = file
    installUserPrices()
    const u = { ...emptyUsage('gpt-4o-2024-08-06'), input: 1_000_000 }
    expect(costOf(u, activePrices()).costUsd).toBe(1)
  })
})
