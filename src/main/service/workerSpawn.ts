// Where a store worker's code lives: next to the bundle when built (electron-vite emits
// out/main/storeWorker.js beside index.js), else the TypeScript source through tsx.
// set in this (the main) thread's environment before a worker loads SQLite
import '../sqliteUris'
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { StoreWorkerData } from './workerProtocol'

export function storeWorkerScript(dir = __dirname): { file: string; entry?: string } {
  const built = path.join(dir, 'storeWorker.js')
  if (fs.existsSync(built)) return { file: built }
  const ts = path.join(dir, 'storeWorker.ts')
  if (fs.existsSync(ts)) return { file: path.join(dir, 'workerBootstrap.cjs'), entry: ts }
  throw new Error(`store worker script not found next to ${dir}`)
}

export function spawnStoreWorker(data: StoreWorkerData = {}): Worker {
  const { file, entry } = storeWorkerScript()
  return new Worker(file, {
    workerData: { ...data, entry },
    // a stuck query should not take main's memory with it
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
    stderr: false,
  })
}
