// How big each scenario runs. `full` is the full-scale run (200 kills, 1,000 files, 10M spans); `quick` is for a laptop minute.
// Any count can be overridden by an environment variable (e.g. TORTURE_CRASHES=50).
import type { Scale } from './types'

export interface Counts {
  /** SIGKILLs of a writer process */
  crashes: number
  /** SIGTERM and SIGINT runs each (SDK process, collector process) */
  signals: number
  /** mutated database copies opened */
  badFiles: number
  /** seconds a file may take to open and answer its queries before it counts as a hang */
  badFileTimeoutMs: number
  /** fuzzed OTLP bodies per encoding */
  fuzzBodies: number
  /** spans ingested by the load scenario */
  loadSpans: number
  /** ms another process holds the write lock */
  lockHoldMs: number
  /** concurrent reader processes during the busy scenario */
  readers: number
}

const PRESETS: Record<Scale, Counts> = {
  quick: {
    crashes: 20,
    signals: 2,
    badFiles: 100,
    badFileTimeoutMs: 10_000,
    fuzzBodies: 150,
    loadSpans: 300_000,
    lockHoldMs: 2_000,
    readers: 4,
  },
  full: {
    crashes: 200,
    signals: 10,
    badFiles: 1000,
    badFileTimeoutMs: 10_000,
    fuzzBodies: 1000,
    loadSpans: 10_000_000,
    lockHoldMs: 5_000,
    readers: 8,
  },
}

const ENV: Record<keyof Counts, string> = {
  crashes: 'TORTURE_CRASHES',
  signals: 'TORTURE_SIGNALS',
  badFiles: 'TORTURE_BAD_FILES',
  badFileTimeoutMs: 'TORTURE_BAD_FILE_TIMEOUT_MS',
  fuzzBodies: 'TORTURE_FUZZ_BODIES',
  loadSpans: 'TORTURE_LOAD_SPANS',
  lockHoldMs: 'TORTURE_LOCK_HOLD_MS',
  readers: 'TORTURE_READERS',
}

export function scaleFromEnv(env = process.env): Scale {
  const s = env.TORTURE_SCALE ?? 'quick'
  if (s !== 'quick' && s !== 'full')
    throw new Error(`TORTURE_SCALE must be quick or full, got ${s}`)
  return s
}

export function countsFor(scale: Scale, env = process.env): Counts {
  const c = { ...PRESETS[scale] }
  for (const key of Object.keys(ENV) as Array<keyof Counts>) {
    const raw = env[ENV[key]]
    if (raw === undefined) continue
    const n = Number(raw)
    if (!Number.isFinite(n) || n < 0) throw new Error(`${ENV[key]} must be a non-negative number`)
    c[key] = n
  }
  return c
}
