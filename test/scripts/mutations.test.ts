// The breakage list must keep up with the code: every edit applies exactly once, changes the
// file, and names test files that exist. (Running the breakages is `npm run mutate`.)
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyMutation, MUTATIONS } from '../../scripts/mutate/mutations'

describe('mutation list', () => {
  it('has unique ids', () => {
    const ids = MUTATIONS.map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it.each(MUTATIONS.map((m) => [m.id, m] as const))('%s applies to today’s code', (_id, m) => {
    const text = fs.readFileSync(path.resolve(m.file), 'utf8')
    const mutated = applyMutation(text, m)
    expect(mutated).not.toBe(text)
    for (const t of m.tests) expect(fs.existsSync(path.resolve(t)), t).toBe(true)
  })

  it('refuses an edit that matches nothing or more than once', () => {
    const m = { ...MUTATIONS[0], edits: [{ find: 'x', replace: 'y' }] }
    expect(() => applyMutation('abc', m)).toThrow(/not found/)
    expect(() => applyMutation('x x', m)).toThrow(/found more than once/)
  })
})
