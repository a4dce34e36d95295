// The user's prices file (priceOverrides.ts describes it): `prices.json` in the app data folder,
// next to the settings, or the file $TRACESCOPE_PRICES names (`--prices FILE` sets it, so the
// store workers a command starts read the same file). Each process installs it once; the table
// is re-read when the file changes (a stat per lookup, a few microseconds: lookups happen once
// per query, not per row), so a price saved in Settings applies to the next query of every
// worker, without a restart.
import fs from 'node:fs'
import path from 'node:path'
import { appDataDir } from './appPaths'
import { parseUserPrices } from '../shared/genai/priceOverrides'
import {
  SHIPPED_PRICES,
  setPriceSource,
  withOverrides,
  type PriceTable,
} from '../shared/genai/pricing'

export function userPricesPath(): string {
  const named = process.env.TRACESCOPE_PRICES
  return named ? path.resolve(named) : path.join(appDataDir(), 'prices.json')
}

export interface UserPricesState {
  path: string
  /** models the file adds or re-prices, sorted */
  models: string[]
  /** why the file was not used (the shipped prices are, then); null when fine or absent */
  error: string | null
  table: PriceTable
}

/** Reads the file now: absent is fine (shipped prices), anything wrong is an error named. */
export function readUserPrices(file = userPricesPath()): UserPricesState {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
    return {
      path: file,
      models: [],
      error: missing ? null : `${file}: ${(e as Error).message}`,
      table: SHIPPED_PRICES,
    }
  }
  try {
    const overrides = parseUserPrices(text, file)
    return {
      path: file,
      models: Object.keys(overrides.models).sort(),
      error: null,
      table: withOverrides(SHIPPED_PRICES, overrides),
    }
  } catch (e) {
    return { path: file, models: [], error: (e as Error).message, table: SHIPPED_PRICES }
  }
}

let state: UserPricesState | null = null
let stamp = ''

function stampOf(file: string): string {
  try {
    const st = fs.statSync(file)
    return `${st.mtimeMs}:${st.size}`
  } catch {
    return 'absent'
  }
}

/** The current state, re-read when the file changed. */
export function userPrices(): UserPricesState {
  const file = userPricesPath()
  const s = stampOf(file)
  if (!state || s !== stamp || state.path !== file) {
    stamp = s
    state = readUserPrices(file)
  }
  return state
}

/** Makes every default price lookup in this process use the user's file. */
export function installUserPrices(): UserPricesState {
  state = null
  setPriceSource(() => userPrices().table)
  return userPrices()
}

/**
 * Adds, replaces (`price` given) or removes (null) one model in the user's file, written
 * atomically; other entries of the file are kept as they are.
 */
export function saveUserPrice(
  model: string,
  price: PriceTable['models'][string] | null,
): UserPricesState {
  const file = userPricesPath()
  const current = readUserPrices(file)
  if (current.error) throw new Error(`cannot change ${file}: ${current.error}`)
  let doc: { models: Record<string, unknown> } & Record<string, unknown> = { models: {} }
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof doc
  } catch {
    // absent: a new file
  }
  const models = { ...doc.models }
  if (price) models[model] = price
  else delete models[model]
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify({ ...doc, models }, null, 2) + '\n')
  fs.renameSync(tmp, file)
  state = null
  return userPrices()
}
