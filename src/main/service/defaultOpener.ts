// The real opener: the app's store and any Tracescope file through the native store (writable,
// so errors can be resolved in place); every other `.db` through the foreign adapters,
// read-only. Which one is decided from the SQLite header's application_id before SQLite
// parses the schema.
import fs from 'node:fs'
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

export function createOpener(): SourceOpener {
  return {
    open(file, opts) {
      if (opts.appStore) return nativeHandle(openStore(file))
      if (!fs.existsSync(file)) {
        throw new ContractError('source-error', `${file} does not exist.`, { field: 'path' })
      }
      if (isNativeFile(file)) return nativeHandle(openStore(file))
      throw new ContractError('source-error', 'Foreign files are not supported yet.')
    },
  }
}
