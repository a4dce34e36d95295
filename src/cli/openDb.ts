// Opening the --db file for a command: read-only through the one reading path (any supported
// .db, never modified), or as a writable native store for import/maintain/resolve.
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

/**
 * The --db file as a read-only source of any supported kind, Tracescope's own included: the one
 * reading path (sources/openSource.ts), hardened, never written, no side files created.
 */
export async function openReadable(ctx: CliContext): Promise<TraceQueries> {
  const file = ctx.dbPath()
  if (!fs.existsSync(file)) throw new CliError(missingMessage(file))
  // one-shot commands read the file as it is now: no watching for a writer
  return asQueries(load.openSource().openSource(file, { noFollow: true }))
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

/** What kind of database the --db file is (the one detection), without keeping it open. */
export async function sourceKindOf(file: string): Promise<string> {
  const opened = load.openSource().openSource(file, { noFollow: true, overlay: false })
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
): Promise<T> {
  const q = await openReadable(ctx)
  try {
    return await fn(q)
  } finally {
    q.close()
  }
}
