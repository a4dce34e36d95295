// The fast subset of `npm run torture` (crash and signals): the same scenario code at small counts.
// Figures and the 200-kill run: `npm run torture` (TORTURE_SCALE=full).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { killAndWait, spawnCli } from '../../torture/lib/proc'
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

describe('torture: the CLI entry', () => {
  it('`npx tracescope collect` (bin/tracescope.cjs) starts listening and stops on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torture-bin-'))
    try {
      const child = spawnCli(
        ['collect', '--db', path.join(dir, 'c.db'), '--port', '0', '--json'],
        {},
        true,
      )
      const ready = await child.waitFor((l) => l.includes('"listening"'), 30_000)
      const exit = await killAndWait(child, 'SIGTERM')
      expect(child.stderr()).toBe('')
      expect(ready).not.toBeNull()
      expect(exit.code).toBe(0)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
