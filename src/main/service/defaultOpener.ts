// The service's opener: the app's own store writable (it receives what is collected), and every
// file a user opens to look at — Tracescope's own format included — through the one reading path
// (sources/openSource.ts: read-only, hardened, followed live, resolutions in the overlay); a
// SQLite file nobody recognises as a table-browser-only source.
import { activePrices } from '../../shared/genai/pricing'
import { readTimeRollup } from '../../shared/genai/usageRollup'
import fs from 'node:fs'
import type { SourceInfo, TraceQueries } from '../../shared/queries'
import { ContractError } from '../../shared/contract/errors'
import { openSource, UnknownSourceError } from '../sources/openSource'
import type { OpenedSource } from '../sources/openSource'
import { openTableBrowser } from '../sources/tableBrowser'
import type { TableBrowser } from '../sources/tableBrowser'
import { openStore } from '../store/traceStore'
import type { TraceStore } from '../store/storeApi'
import type { SourceHandle, SourceOpener } from './sourceTypes'

/** The table browser of a file, opened on first use (its own read-only connection). */
function lazyBrowser(file: string): { get(): TableBrowser; close(): void } {
  let browser: TableBrowser | null = null
  return {
    get: () => (browser ??= openTableBrowser(file)),
    close: () => browser?.close(),
  }
}

export function nativeHandle(store: TraceStore): SourceHandle {
  const tables = lazyBrowser(store.path)
  return {
    queries: store,
    store,
    resolveError: (id, note) => store.resolveError(id, note),
    listTables: () => tables.get().listTables(),
    tableRows: (table, limit, cursor) => tables.get().readRows(table, { limit, cursor }),
    close: async () => {
      tables.close()
      await store.close()
    },
  }
}

/** A read-only connection to the app's own store: queries only, writes are refused. */
export function readerHandle(store: TraceStore): SourceHandle {
  return { ...nativeHandle(store), store: null }
}

export function fileHandle(src: OpenedSource): SourceHandle {
  const tables = lazyBrowser(src.path)
  return {
    queries: src.queries,
    store: null,
    resolveError: (id, note) => src.resolveError(id, note),
    listTables: () => tables.get().listTables(),
    tableRows: (table, limit, cursor) => tables.get().readRows(table, { limit, cursor }),
    close: async () => {
      tables.close()
      src.close()
    },
  }
}

const empty = () => ({ items: [], nextCursor: null })

/** A file we can only show table by table: every trace query answers an empty page. */
export function emptyQueries(info: SourceInfo): TraceQueries {
  return {
    info: () => info,
    listSessions: empty,
    getSession: () => null,
    listSpans: empty,
    getSpan: () => null,
    sessionGraph: (sessionId) => ({ sessionId, agents: [], edges: [] }),
    listEvents: empty,
    listEventAgents: () => [],
    listErrors: empty,
    listAgents: empty,
    listMessages: empty,
    listTasks: empty,
    listMemory: empty,
    listMetrics: empty,
    search: empty,
    stats: () => ({ kind: 'unknown', fileBytes: 0, counts: {}, spanNames: [], errorRate: 0 }),
    usageRollup: () => readTimeRollup([], activePrices(), false),
    changeToken: () => 0,
    close: () => undefined,
  }
}

export function tableOnlyHandle(browser: TableBrowser, reason: string): SourceHandle {
  const base = browser.info()
  const info: SourceInfo = { ...base, notes: [reason, ...base.notes] }
  return {
    queries: emptyQueries(info),
    store: null,
    resolveError: () => {
      throw new ContractError(
        'unavailable',
        'This file is shown table by table; it has no errors Tracescope understands.',
      )
    },
    listTables: () => browser.listTables(),
    tableRows: (table, limit, cursor) => browser.readRows(table, { limit, cursor }),
    close: async () => browser.close(),
  }
}

export function createOpener(): SourceOpener {
  return {
    open(file, opts) {
      if (opts.appStore) return nativeHandle(openStore(file))
      // the app's own store, a second connection beside the writer's (trusted: we made it)
      if (opts.appStoreReader) return readerHandle(openStore(file, { readOnly: true }))
      if (!fs.existsSync(file)) {
        throw new ContractError('source-error', `${file} does not exist.`, { field: 'path' })
      }
      try {
        // a long first pass of tokens and cost must not hold the first sessions page up
        return fileHandle(openSource(file, { usageInBackground: true }))
      } catch (e) {
        // a SQLite file of a system we do not know: still worth browsing table by table
        if (e instanceof UnknownSourceError)
          return tableOnlyHandle(openTableBrowser(file), e.message)
        throw e
      }
    },
  }
}
