// The migration runner: one file per schema version, applied in order inside one transaction,
// the version kept in PRAGMA user_version, files from a newer Tracescope refused by name.
import type Database from 'better-sqlite3'
import { migrate0001 } from './0001-initial'
import { migrate0002 } from './0002-search'
import { migrate0003 } from './0003-span-covering-index'
import { migrate0004 } from './0004-record-identity'
import { migrate0005 } from './0005-usage-totals'

/** 'TRSC' — marks a file as a Tracescope store in its header (PRAGMA application_id). */
export const TRACESCOPE_APPLICATION_ID = 0x54525343

interface Migration {
  version: number
  name: string
  up: (db: Database.Database) => void
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: migrate0001 },
  { version: 2, name: 'search', up: migrate0002 },
  { version: 3, name: 'span covering index', up: migrate0003 },
  { version: 4, name: 'record identity', up: migrate0004 },
  { version: 5, name: 'usage totals', up: migrate0005 },
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

export class SchemaVersionError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `this file was written by a newer Tracescope (schema v${fileVersion}); ` +
        `this version reads up to v${knownVersion}`,
    )
    this.name = 'SchemaVersionError'
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * The one rule for "this file is a Tracescope store": the header mark and the meta table. Used
 * on a store's own connection (isNativeStore) and by detection on a file opened to look at
 * (sources/detectSource.ts), so the two cannot disagree.
 */
export function hasTracescopeMark(
  applicationId: number,
  hasTable: (name: string) => boolean,
): boolean {
  return applicationId === TRACESCOPE_APPLICATION_ID && hasTable('tracescope_meta')
}

/** True when the connection is a Tracescope store (header mark plus its meta table). */
export function isNativeStore(db: Database.Database): boolean {
  const appId = db.pragma('application_id', { simple: true }) as number
  return hasTracescopeMark(
    appId,
    (name) =>
      db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !==
      undefined,
  )
}

/** Throws SchemaVersionError for a file newer than this code understands. */
export function assertReadableVersion(db: Database.Database): number {
  const version = schemaVersion(db)
  if (version > SCHEMA_VERSION) throw new SchemaVersionError(version, SCHEMA_VERSION)
  return version
}

/**
 * Brings the file to `target` (default: the newest schema). A file with tables that is not a
 * Tracescope store is refused rather than written into.
 */
export function runMigrations(db: Database.Database, target = SCHEMA_VERSION): number[] {
  const current = assertReadableVersion(db)
  if (current >= target) return []
  if (current === 0) {
    const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck()
    if ((tables.get() as number) > 0) {
      throw new Error(
        'this file already holds tables that are not a Tracescope store; refusing to write into it',
      )
    }
  } else if (!isNativeStore(db)) {
    throw new Error('this file is not a Tracescope store (application_id differs)')
  }
  const applied: number[] = []
  db.transaction(() => {
    // read again under the write lock: another process opening the same new file may have
    // migrated it while this one waited (two SDK writers starting at once)
    const now = assertReadableVersion(db)
    if (now >= target) return
    if (now === 0) db.pragma(`application_id = ${TRACESCOPE_APPLICATION_ID}`)
    for (const m of MIGRATIONS.filter((x) => x.version > now && x.version <= target)) {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
      applied.push(m.version)
    }
  }).immediate()
  return applied
}
