// A file opened before its writer started is followed once the writer's -wal appears; when that
// WAL cannot be read, the source says so (info().notLive) and its change token moves once, so a
// live view asks again and shows the sentence.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import { tempDir } from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-followed-')
afterAll(() => cleanup())

describe('followWriter', () => {
  it('reports a file whose writer’s WAL cannot be opened as not live, and moves its token once', async () => {
    const file = path.join(dir, 'swarm.db')
    const s = openStore(file, { compressInWorker: false })
    await s.write([{ kind: 'session', id: 'run-1', name: 'Run 1' }])
    await s.close()
    const src = openSource(file, { overlay: false })
    try {
      expect(src.mode).toBe('immutable')
      const t0 = src.queries.changeToken()
      expect(src.queries.info().notLive).toBeUndefined()
      // something that is not a WAL where the writer's -wal would be: every reopen fails
      fs.mkdirSync(`${file}-wal`)
      fs.mkdirSync(`${file}-shm`)
      const tokens: number[] = []
      for (let i = 0; i < 25; i++) tokens.push(src.queries.changeToken())
      const info = src.queries.info()
      expect(info.notLive).toMatch(
        /^Not following this file live: .*Reopen it to see later changes\.$/,
      )
      expect(info.notes[0]).toBe(info.notLive)
      // the token moved exactly once, when following was given up
      expect(new Set(tokens).size).toBe(2)
      expect(tokens[0]).toBe(t0)
      // what was there still reads
      expect(src.queries.getSession('run-1')?.name).toBe('Run 1')
    } finally {
      src.close()
    }
  })
})
