// Importing the same file twice stores each record once (events, messages and metrics too,
// through the unique identities of schema v4), and `import` refuses the store it writes into
// however the path is spelled (a symlink), leaving that file untouched. Real files, the real
// CLI in a child process.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { importFile } from '../../src/main/exchange/importFile'
import { openStore } from '../../src/main/store/traceStore'
import { tracescope } from '../cli/cliHelpers'
import { fileFingerprint } from '../fixtures/fileHelpers'
import { tempDir } from '../service/serviceFixtures'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir('tracescope-import-identity-')
})
afterEach(() => tmp.cleanup())

const T = Date.UTC(2026, 0, 1)
const RECORDS: TraceRecord[] = [
  { kind: 'session', id: 's', startTime: T },
  { kind: 'agent', id: 'a', name: 'planner', sessionId: 's' },
  { kind: 'span', sessionId: 's', spanId: 'sp', name: 'step', startTime: T, endTime: T + 5 },
  // two events alike but for their message: both are kept
  { kind: 'event', sessionId: 's', spanId: 'sp', time: T + 1, name: 'log', message: 'one' },
  { kind: 'event', sessionId: 's', spanId: 'sp', time: T + 1, name: 'log', message: 'two' },
  {
    kind: 'message',
    sessionId: 's',
    time: T + 2,
    senderAgentId: 'a',
    receiverAgentId: 'b',
    type: 'ask',
    payload: { q: 1 },
  },
  {
    kind: 'metric',
    sessionId: 's',
    agentId: 'a',
    name: 'tokens',
    time: T + 3,
    value: 12,
    attributes: { model: 'x' },
  },
  // the same sample with other labels is another sample
  {
    kind: 'metric',
    sessionId: 's',
    agentId: 'a',
    name: 'tokens',
    time: T + 3,
    value: 12,
    attributes: { model: 'y' },
  },
]

function counts(file: string) {
  const store = openStore(file, { readOnly: true })
  try {
    return store.stats().counts
  } finally {
    void store.close()
  }
}

describe('re-import', () => {
  it('stores events, messages and metrics once when the same file is imported twice', async () => {
    const file = path.join(tmp.dir, 'export.ndjson')
    fs.writeFileSync(file, RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n')
    const target = path.join(tmp.dir, 'target.db')
    const store = openStore(target)
    try {
      const first = await importFile(store, file)
      expect(first.rejected).toBe(0)
      await store.flush()
      const once = store.stats().counts
      expect(once).toMatchObject({ spans: 1, events: 2, messages: 1, metrics: 2 })
      await importFile(store, file)
      await store.flush()
      expect(store.stats().counts).toEqual(once)
    } finally {
      await store.close()
    }
    expect(counts(target)).toMatchObject({ events: 2, messages: 1, metrics: 2 })
  })
})

describe('own target', () => {
  it('refuses to import a store into itself through a symlink, and leaves it untouched', async () => {
    const target = path.join(tmp.dir, 'target.db')
    const store = openStore(target)
    await store.write(RECORDS)
    await store.close()
    const link = path.join(tmp.dir, 'link.db')
    fs.symlinkSync(target, link)
    const before = fileFingerprint(target)
    const run = await tracescope(['import', link, '--db', target])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/link\.db is the store being imported into/)
    expect(fileFingerprint(target)).toEqual(before)
  })

  it('importFile itself refuses its own store by file identity', async () => {
    const target = path.join(tmp.dir, 'target.db')
    const store = openStore(target)
    try {
      await expect(importFile(store, path.join(tmp.dir, '.', 'target.db'))).rejects.toThrow(
        /is the store being imported into/,
      )
    } finally {
      await store.close()
    }
  })
})
