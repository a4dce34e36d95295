// Temp-file helpers for the store tests: every test works on a real file in its own temp dir.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../../src/main/store/traceStore'
import type { StoreOptions, TraceStore } from '../../src/main/store/storeApi'

export interface TempStore {
  dir: string
  file: string
  store: TraceStore
  cleanup: () => Promise<void>
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-store-'))
}

export function openTempStore(opts: StoreOptions = {}): TempStore {
  const dir = tempDir()
  const file = path.join(dir, 'traces.db')
  const store = openStore(file, opts)
  return {
    dir,
    file,
    store,
    cleanup: async () => {
      await store.close().catch(() => undefined)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)
