// A call that runs several statements reads one state of the file even when a writer commits
// between them (the tail of a MoAI SwarmDB file printed spans twice, once with times read in the
// unit of a still-empty table); nothing is held once the call returns.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withReadSnapshot } from '../../src/main/sources/readSnapshot'

let dir: string
let writer: Database.Database
let reader: Database.Database

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-snapshot-'))
  const file = path.join(dir, 'run.db')
  writer = new Database(file)
  writer.pragma('journal_mode = WAL')
  writer.exec('CREATE TABLE rows (n INTEGER)')
  reader = new Database(file, { readonly: true })
})

afterEach(() => {
  reader.close()
  writer.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const count = (): number =>
  (reader.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n

/** reads twice with another connection's commit in between, as a writer process would */
function makeQueries() {
  return {
    twoReads(): [number, number] {
      const before = count()
      writer.prepare('INSERT INTO rows VALUES (1)').run()
      return [before, count()]
    },
    outer(): [number, number] {
      return this.twoReads()
    },
    changeToken(): number {
      return reader.pragma('data_version', { simple: true }) as number
    },
    close(): void {},
  }
}

describe('withReadSnapshot', () => {
  it('gives every statement of one call the same state of the file', () => {
    expect(makeQueries().twoReads()).toEqual([0, 1]) // without it the call mixes two states
    const q = withReadSnapshot(makeQueries(), reader, reader.name)
    expect(q.twoReads()).toEqual([1, 1])
    // the next call sees the commit made during the last one
    expect(q.twoReads()).toEqual([2, 2])
  })

  it('ends the snapshot with the call: the writer checkpoints everything', () => {
    const q = withReadSnapshot(makeQueries(), reader, reader.name)
    q.twoReads()
    expect(reader.inTransaction).toBe(false)
    const [cp] = writer.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>
    expect(cp!.busy).toBe(0)
  })

  it('ends the snapshot when the call throws', () => {
    const q = withReadSnapshot(
      {
        fails(): never {
          count()
          throw new Error('bad page cursor')
        },
      },
      reader,
      reader.name,
    )
    expect(() => q.fails()).toThrow('bad page cursor')
    expect(reader.inTransaction).toBe(false)
  })

  it('runs changeToken outside any snapshot, so it sees other commits', () => {
    const q = withReadSnapshot(makeQueries(), reader, reader.name)
    const t0 = q.changeToken()
    writer.prepare('INSERT INTO rows VALUES (1)').run()
    expect(reader.inTransaction).toBe(false)
    expect(q.changeToken()).not.toBe(t0)
  })

  it('lets a call made from inside a call share its snapshot', () => {
    const q = withReadSnapshot(makeQueries(), reader, reader.name)
    expect(q.outer()).toEqual([0, 0])
    expect(reader.inTransaction).toBe(false)
  })
})
