// synchronous=NORMAL (the default) against FULL on a real store's own connection, and the
// `collect --synchronous` flag that chooses it. NORMAL in WAL mode: a committed batch survives
// a crash of the writing process (test/torture covers that) but not a power loss; FULL syncs
// every commit.
import type Database from 'better-sqlite3'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { collectCommand } from '../../src/cli/commands/collect'
import { openTempStore, type TempStore } from './storeTestUtils'

let t: TempStore
afterEach(async () => t?.cleanup())

/** the PRAGMA of the store's own writing connection (the setting is per connection) */
function synchronousOf(store: unknown): number {
  return (store as { db: Database.Database }).db.pragma('synchronous', { simple: true }) as number
}

describe('durability', () => {
  it('writes with synchronous=NORMAL by default and FULL when asked', async () => {
    t = openTempStore()
    expect(synchronousOf(t.store)).toBe(1) // NORMAL
    await t.cleanup()
    t = openTempStore({ synchronous: 'full' })
    expect(synchronousOf(t.store)).toBe(2) // FULL
    await t.store.write({ kind: 'session', id: 's' })
    expect(t.store.getSession('s')).not.toBeNull()
  })

  it('collect refuses an unknown --synchronous value, naming it', async () => {
    t = openTempStore()
    await expect(
      collectCommand.run({
        args: [],
        options: { port: 0, synchronous: 'sometimes' },
        json: true,
        stdout: new PassThrough(),
        stderr: new PassThrough(),
        dbPath: () => t.file,
        progress: () => {},
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(/--synchronous must be normal or full, not sometimes/)
  })
})
