// The fast subset of `npm run torture` (crash and signals): the same scenario code at small counts.
// Figures and the 200-kill run: `npm run torture` (TORTURE_SCALE=full).
import { describe, expect, it } from 'vitest'
import { runCrash } from '../../torture/scenarios/crash'
import { runSignals } from '../../torture/scenarios/signals'

describe('torture: a writer killed with SIGKILL', () => {
  it('10 kills: integrity ok, every acknowledged batch present and whole, nothing duplicated, reopens', async () => {
    const r = await runCrash({ kills: 10, killsPerFile: 5 })
    expect(r.failures).toEqual([])
    const acked = r.rows.find((x) => x.figure === 'batches acknowledged')
    // the child really wrote and acknowledged batches before being killed
    expect(Number(acked?.value)).toBeGreaterThan(0)
  }, 120_000)
})

describe('torture: SIGTERM / SIGINT', () => {
  it('tracescope collect under load stores every span it answered 200 and exits 0', async () => {
    const r = await runSignals({ runs: 1, sdk: false, bin: false })
    expect(r.failures).toEqual([])
    const answered = r.rows
      .filter((x) => x.figure === 'requests answered 200')
      .map((x) => Number(x.value))
    expect(answered.length).toBe(2)
    for (const n of answered) expect(n).toBeGreaterThan(0)
  }, 120_000)
})
