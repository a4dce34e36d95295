// Opening the --db file for a command: read-only through a source adapter (any supported .db,
// foreign files never modified), or as a writable native store for import/maintain/resolve.
// Heavy modules (better-sqlite3, adapters) load here, inside run(), never on the --help path.

import fs from 'node:fs'
import path from 'node:path'
import { load } from './lazy'
import type { TraceError } from '../shared/domain'
import type { TraceQueries } from '../shared/queries'
import type { OpenedSource } from '../main/sources/openSource'
import type { TraceStore, StoreOptions } from '../main/store/storeApi'
import type { CliContext } from './command'
import { CliError } from './command'
import { defaultStorePath } from '../main/appPaths'

function missingMessage(file: string): string {
  return file === defaultStorePath()
    ? `no trace store yet at ${file} (import or collect something first, or pass --db <file>)`
    : `${file}: no such file`
}

/** true when the file is a Tracescope store (checked read-only; the file is not changed). */
export async function isTracescopeStore(file: string): Promise<boolean> {
  // The header's application id says it without opening SQLite (readHeader explains non-SQLite files).
  const { readHeader } = load.sqliteHeader()
  const { TRACESCOPE_APPLICATION_ID } = load.migrations()
  return readHeader(file).applicationId === TRACESCOPE_APPLICATION_ID
}

/**
 * The --db file as a read-only source (any supported kind). `wholeFile`: the command reads all
 * of it (export), so a native store is not memory-mapped: mapped pages a scan touches would all
 * count in the process's memory (a 1M-span export peaked at 408 MB RSS mapped, 152 MB unmapped).
 */
export async function openReadable(
  ctx: CliContext,
  opts: { wholeFile?: boolean } = {},
): Promise<TraceQueries> {
  const file = ctx.dbPath()
  if (!fs.existsSync(file)) throw new CliError(missingMessage(file))
  if (await isTracescopeStore(file)) {
    const { openStore } = load.traceStore()
    return openStore(file, { readOnly: true, ...(opts.wholeFile ? { mmapBytes: 0 } : {}) })
  }
  return asQueries(load.openSource().openSource(file))
}

/** An opened source as plain TraceQueries whose close() closes the whole source. */
export function asQueries(opened: OpenedSource): TraceQueries {
  const q = opened.queries
  return new Proxy(q, {
    get(target, prop) {
      if (prop === 'close') return () => opened.close()
      const v = Reflect.get(target, prop, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

/** Marks an error of a foreign file resolved: kept in Tracescope's overlay, the file is untouched. */
export function resolveForeignError(file: string, id: string, note: string): TraceError | null {
  const opened = load.openSource().openSource(file)
  try {
    return opened.resolveError(id, note)
  } finally {
    opened.close()
  }
}

/** What kind of database the --db file is, without keeping it open. */
export async function sourceKindOf(file: string): Promise<string> {
  if (await isTracescopeStore(file)) return 'tracescope'
  const opened = load.openSource().openSource(file)
  try {
    return opened.kind
  } finally {
    opened.close()
  }
}

/** The --db file (or another path) as a writable native store, created when absent. */
export async function openWritable(file: string, opts: StoreOptions = {}): Promise<TraceStore> {
  if (fs.existsSync(file)) {
    const kind = await sourceKindOf(file)
    if (kind !== 'tracescope')
      throw new CliError(
        `${file} is a ${kind} database, not a Tracescope store: it is only ever opened read-only`,
      )
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true })
  }
  const { openStore } = load.traceStore()
  return openStore(file, opts)
}

/** Runs fn with a readable source and always closes it. */
export async function withReadable<T>(
  ctx: CliContext,
  fn: (q: TraceQueries) => Promise<T> | T,
  opts: { wholeFile?: boolean } = {},
): Promise<T> {
  const q = await openReadable(ctx, opts)
  try {
    return await fn(q)
  } finally {
    q.close()
  }
}
