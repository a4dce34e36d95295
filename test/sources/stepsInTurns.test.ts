// A long job run in turns (stepsInTurns.ts): steps at once within the budget, then one per turn
// of the event loop with other work between them, stopped when nobody wants it, a throwing
// step ending it.
import { describe, expect, it } from 'vitest'
import { runInTurns, type StepsJob } from '../../src/main/sources/stepsInTurns'

/** a job of `n` steps that logs what happens */
function job(n: number, log: string[], opts: { throwAt?: number; wanted?: () => boolean } = {}) {
  let i = 0
  let ended: ((late: boolean | Error) => void) | undefined
  const end = new Promise<boolean | Error>((r) => (ended = r))
  const j: StepsJob = {
    step() {
      i++
      if (i === opts.throwAt) throw new Error(`step ${i} failed`)
      log.push(`step ${i}`)
      return i === n
    },
    wanted: opts.wanted ?? (() => true),
    done: (late) => ended!(late),
    failed: (e) => ended!(e),
  }
  return { j, end }
}

describe('runInTurns', () => {
  it('runs a job that fits its budget at once, not late', async () => {
    const log: string[] = []
    const { j, end } = job(5, log)
    runInTurns(j, 1_000)
    expect(log).toHaveLength(5)
    expect(await end).toBe(false)
  })

  it('past its budget: one step per turn, other work between them, then late', async () => {
    const log: string[] = []
    const { j, end } = job(4, log)
    runInTurns(j, 0)
    // at least one step at once
    expect(log).toEqual(['step 1'])
    for (let k = 0; k < 3; k++) setImmediate(() => log.push(`other ${k}`))
    expect(await end).toBe(true)
    expect(log.slice(0, 3)).toEqual(['step 1', 'step 2', 'other 0'])
    expect(log.indexOf('step 4')).toBeGreaterThan(log.indexOf('other 1'))
  })

  it('stops when nobody wants it any more', async () => {
    const log: string[] = []
    let wanted = true
    const { j } = job(10, log, { wanted: () => wanted })
    runInTurns(j, 0)
    await new Promise((r) => setImmediate(r))
    wanted = false
    const seen = log.length
    await new Promise((r) => setTimeout(r, 20))
    expect(log).toHaveLength(seen)
    expect(seen).toBeLessThan(10)
  })

  it('a step that throws ends the job: failed, no more steps', async () => {
    const log: string[] = []
    const { j, end } = job(10, log, { throwAt: 3 })
    runInTurns(j, 0)
    const e = await end
    expect(e).toBeInstanceOf(Error)
    expect((e as Error).message).toBe('step 3 failed')
    await new Promise((r) => setTimeout(r, 20))
    expect(log).toEqual(['step 1', 'step 2'])
  })
})
