// Opening a native store file: pragmas for a writer (WAL, synchronous=NORMAL, a short busy
// timeout because the writer queue retries with backoff itself) or a strictly read-only reader.
import '../sqliteUris'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { assertReadableVersion, isNativeStore, runMigrations, SCHEMA_VERSION } from './migrations'
import { assertOwnSchema } from './ownSchema'
import { storeErrorFrom } from './storeErrors'

/** ms SQLite itself waits on a lock before SQLITE_BUSY reaches the queue's backoff */
const BUSY_TIMEOUT_MS = 100

export interface OpenedConnection {
  db: Database.Database
  version: number
  migrated: number[]
}

export function openWritable(
  file: string,
  synchronous: 'normal' | 'full' = 'normal',
): OpenedConnection {
  try {
    return openWritableUnwrapped(file, synchronous)
  } catch (err) {
    throw storeErrorFrom(file, err, 'open')
  }
}

/** the default for read-only connections: see openReadOnlyUnwrapped */
export const READ_ONLY_MMAP_BYTES = 256 * 1024 * 1024

export function openReadOnly(file: string, mmapBytes = READ_ONLY_MMAP_BYTES): OpenedConnection {
  try {
    return openReadOnlyUnwrapped(file, mmapBytes)
  } catch (err) {
    throw storeErrorFrom(file, err, 'open')
  }
}

/**
 * A native store read through a connection someone else opened and hardened (safeOpen): only
 * checked, nothing set that would loosen its defences.
 */
export function adoptReadOnly(file: string, db: Database.Database): OpenedConnection {
  try {
    if (!isNativeStore(db))
      throw new Error(`${file} is not a Tracescope store (no Tracescope header mark)`)
    return { db, version: assertReadableVersion(db), migrated: [] }
  } catch (err) {
    throw storeErrorFrom(file, err, 'open')
  }
}

function openWritableUnwrapped(file: string, synchronous: 'normal' | 'full'): OpenedConnection {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
  try {
    // before the schema is first parsed: its SQL may only call innocuous built-ins
    db.pragma('trusted_schema = OFF')
    const fresh = (db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number) === 0
    // checked before any pragma: a foreign file must not be touched at all (not even WAL mode)
    if (!fresh && !isNativeStore(db)) {
      throw new Error(
        `${file} already holds tables that are not a Tracescope store; refusing to write into it`,
      )
    }
    // a store prepared by someone else: nothing it carries (triggers, views) may run on our writes
    if (!fresh) assertOwnSchema(db, file)
    // must precede the first table of a new file; a no-op afterwards
    if (fresh) db.pragma('auto_vacuum = INCREMENTAL')
    db.pragma('journal_mode = WAL')
    // NORMAL: a commit survives a process crash, not a power loss (StoreOptions.synchronous)
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
    db.pragma('cache_size = -65536')
    // checkpoint every ~16 MB of WAL instead of 4: hot index pages are copied back once, not 4×
    db.pragma('wal_autocheckpoint = 4000')
    db.pragma('temp_store = MEMORY')
    db.pragma('foreign_keys = OFF')
    db.pragma('trusted_schema = OFF')
    const migrated = runMigrations(db)
    return { db, version: SCHEMA_VERSION, migrated }
  } catch (err) {
    db.close()
    throw err
  }
}

function openReadOnlyUnwrapped(file: string, mmapBytes: number): OpenedConnection {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
  try {
    db.pragma('query_only = ON')
    db.pragma('trusted_schema = OFF')
    db.pragma('cache_size = -32768')
    // pages are read in place from the OS cache instead of copied into SQLite's: at 1M spans a
    // 1000-row page (its rows scattered over ~2000 pages) took 5.1–5.6 ms of CPU, 4.0–4.2 mapped
    db.pragma(`mmap_size = ${Math.max(0, Math.floor(mmapBytes))}`)
    if (!isNativeStore(db)) {
      throw new Error(`${file} is not a Tracescope store (no Tracescope header mark)`)
    }
    const version = assertReadableVersion(db)
    return { db, version, migrated: [] }
  } catch (err) {
    db.close()
    throw err
  }
}

export function fileBytes(file: string): number {
  let total = 0
  for (const suffix of ['', '-wal']) {
    try {
      total += fs.statSync(file + suffix).size
    } catch {
      // no WAL file yet
    }
  }
  return total
}
