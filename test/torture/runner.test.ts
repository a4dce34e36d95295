// `npm run torture` runs under plain tsx, outside vitest: every module it loads must too. A
// vitest import in a shared fixture once broke the runner while every vitest file still passed.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../..')

describe('torture runner', () => {
  it('loads every scenario outside vitest and names them for an unknown --only', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'torture/run.ts', '--only', 'nope'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.stderr).toMatch(
      /unknown scenario in --only nope; known: crash, signals, disk-full, busy, bad-files, bad-records, load/,
    )
    expect(r.status).toBe(2)
  })
})
