// Every failure class a user can meet maps to its own code. The errors are real: SQLite and the
// file system raise them on real files (a damaged page, a lock held by another process, a file
// an unprivileged user may not read), and explainOpenFailure / explainQueryFailure turn them into
// the codes the CLI and the viewer branch on.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import {
  explainOpenFailure,
  explainQueryFailure,
  SourceQueryError,
} from '../../src/main/sources/sourceErrors'
import { writeCorruptPagesCopy, writeDdeutilDb } from '../fixtures/seedWriters'
import { tempDir } from '../fixtures/fileHelpers'
import { holdLock } from '../fixtures/lockHolder'
import { canSwitchUser } from '../prerequisites'

const { dir, cleanup } = tempDir('ts-source-errors-')
const unprivileged = canSwitchUser()
afterAll(cleanup)

/** Runs `fn` and returns what it threw (fails the test when it throws nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected a failure')
}

describe('real failures map to their code', () => {
  const good = path.join(dir, 'good.db')
  writeDdeutilDb(good, { wal: false })

  it('a missing file is "missing"', () => {
    const file = path.join(dir, 'absent.db')
    // the opener stats the file before SQLite sees it; that is the failure users meet
    const statErr = thrown(() => fs.statSync(file))
    expect(explainOpenFailure(file, statErr).code).toBe('missing')
    expect(explainOpenFailure(file, statErr).message).toContain('absent.db')
  })

  it('a folder is "not-a-file"', () => {
    const err = thrown(() => fs.readFileSync(dir))
    expect(explainOpenFailure(dir, err).code).toBe('not-a-file')
  })

  it('a damaged page read through SQLite is "corrupt" and names the file and what was read', () => {
    const file = path.join(dir, 'corrupt.db')
    writeCorruptPagesCopy(good, file)
    const db = new Database(file, { readonly: true, fileMustExist: true })
    const err = thrown(() => db.prepare('SELECT * FROM traces').all())
    db.close()
    expect((err as { code?: string }).code).toMatch(/^SQLITE_(CORRUPT|NOTADB)/)
    const explained = explainQueryFailure(file, err, 'log lines')
    expect(explained).toBeInstanceOf(SourceQueryError)
    expect(explained.code).toBe(
      (err as { code: string }).code === 'SQLITE_NOTADB' ? 'not-sqlite' : 'corrupt',
    )
    expect(explained.message).toContain('corrupt.db')
    expect(explained.message).toContain('log lines')
  })

  it('a file another process holds an exclusive lock on is "locked"', async () => {
    const file = path.join(dir, 'locked.db')
    fs.copyFileSync(good, file)
    // a real writer in another process holds the exclusive lock until released
    const lock = await holdLock(file, 'exclusive')
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 50 })
      const err = thrown(() => db.prepare('SELECT count(*) FROM traces').get())
      db.close()
      expect((err as { code?: string }).code).toMatch(/^SQLITE_BUSY/)
      const explained = explainQueryFailure(file, err, 'sessions')
      expect(explained.code).toBe('locked')
      expect(explained.message).toMatch(/another program holds a lock/)
    } finally {
      await lock.release()
    }
  })

  it('an I/O failure from the file system is "io"', () => {
    // reading a file as a folder gives ENOTDIR, a plain system error
    const err = thrown(() => fs.readFileSync(path.join(good, 'inside')))
    expect((err as { code?: string }).code).toBe('ENOTDIR')
    expect(explainOpenFailure(good, err).code).toBe('io')
  })

  it.skipIf(!unprivileged)(
    'a WAL file in a folder where the -shm cannot be made is "wal-unreadable"',
    () => {
      const roDir = path.join(dir, 'ro-wal')
      fs.mkdirSync(roDir)
      const file = path.join(roDir, 'wal.db')
      const w = new Database(file)
      w.pragma('journal_mode = WAL')
      w.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
      w.close()
      const res = runAsNobody(`
      const D = require('better-sqlite3')
      try { const db = new D(${JSON.stringify(file)}, { readonly: true, fileMustExist: true });
            db.prepare('SELECT * FROM t').all(); console.log(JSON.stringify({ ok: true })) }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`)
      fs.chmodSync(roDir, 0o755)
      expect(res.code).toBe('SQLITE_READONLY_DIRECTORY')
      const explained = explainOpenFailure(file, Object.assign(new Error(res.message), res))
      expect(explained.code).toBe('wal-unreadable')
    },
  )

  it.skipIf(!unprivileged)(
    'a file the user may not read is "permission", as a non-root user',
    () => {
      const file = path.join(dir, 'secret.db')
      fs.copyFileSync(good, file)
      fs.chmodSync(file, 0o600)
      const res = runAsNobody(`
      const fs = require('node:fs')
      try { fs.openSync(${JSON.stringify(file)}, 'r'); console.log(JSON.stringify({ ok: true })) }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`)
      expect(res.code).toBe('EACCES')
      const explained = explainOpenFailure(file, Object.assign(new Error(res.message), res))
      expect(explained.code).toBe('permission')
      expect(explained.message).toMatch(/permission denied/)
    },
  )
})

/** Runs a CommonJS snippet as the unprivileged user 'nobody' and returns its JSON line. */
function runAsNobody(snippet: string): { code: string; message: string } {
  fs.chmodSync(dir, 0o755)
  const roDir = path.join(dir, 'ro-wal')
  if (fs.existsSync(roDir)) fs.chmodSync(roDir, 0o555)
  const res = spawnSync(process.execPath, ['-e', snippet], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    cwd: path.resolve('.'),
    env: { ...process.env, HOME: '/tmp' },
  })
  expect(res.stderr).toBe('')
  return JSON.parse(res.stdout.trim())
}
