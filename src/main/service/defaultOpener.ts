// The real opener: the app's store and any Tracescope file through the native store (writable,
// so errors can be resolved in place); every other `.db` through the foreign adapters,
// read-only. Which one is decided from the SQLite header's application_id before SQLite
// parses the schema.
import fs from 'node:fs'
import { openSource } from '../sources/openSource'
import type { OpenedSource as ForeignOpened } from '../sources/openSource'
import { readHeader } from '../sources/sqliteHeader'
import { openStore, TRACESCOPE_APPLICATION_ID } from '../store/traceStore'
import { ContractError } from '../../shared/contract/errors'
import type { TraceStore } from '../store/storeApi'
import type { SourceHandle, SourceOpener } from './sourceTypes'

export function isNativeFile(file: string): boolean {
  return readHeader(file).applicationId === TRACESCOPE_APPLICATION_ID
}

export function nativeHandle(store: TraceStore): SourceHandle {
  return {
    queries: store,
    store,
    resolveError: (id, note) => store.resolveError(id, note),
    listTables: () => {
      throw new ContractError(
        'unavailable',
        'The table browser is for files Tracescope does not understand.',
      )
    },
    tableRows: () => {
      throw new ContractError(
        'unavailable',
        'The table browser is for files Tracescope does not understand.',
      )
    },
    close: () => store.close(),
  }
}

const NO_TABLES = 'The table browser is for files Tracescope does not understand.'

export function foreignHandle(src: ForeignOpened): SourceHandle {
  return {
    queries: src.queries,
    store: null,
    resolveError: (id, note) => src.resolveError(id, note),
    listTables: () => {
      throw new ContractError('unavailable', NO_TABLES)
    },
    tableRows: () => {
      throw new ContractError('unavailable', NO_TABLES)
    },
    close: async () => src.close(),
  }
}

export function createOpener(): SourceOpener {
  return {
    open(file, opts) {
      if (opts.appStore) return nativeHandle(openStore(file))
      if (!fs.existsSync(file)) {
        throw new ContractError('source-error', `${file} does not exist.`, { field: 'path' })
      }
      if (isNativeFile(file)) return nativeHandle(openStore(file))
      return foreignHandle(openSource(file))
    },
  }
}
