// Every Tracescope worker (a store worker process, an OTLP map thread, a gzip thread) is a module
// file of its own, found and started the same way: built (electron-vite's out/main, the package's
// dist/), `<name>.js` beside the module that starts it; from source (CLI under tsx, tests), the
// one bootstrap (workerBootstrap.cjs) that registers tsx and loads `<name>.ts`. No worker source
// lives in a string, so every worker is type-checked, linted and tested like any other module.
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

export interface WorkerScript {
  /** the file to start */
  file: string
  /** from source: the TypeScript entry the bootstrap loads */
  entry?: string
}

/** `<name>.js` in `dir` if built there, else the bootstrap with `<name>.ts` as its entry */
export function workerScript(dir: string, name: string): WorkerScript {
  const built = path.join(dir, `${name}.js`)
  if (fs.existsSync(built)) return { file: built }
  const ts = path.join(dir, `${name}.ts`)
  if (fs.existsSync(ts)) return { file: path.join(__dirname, 'workerBootstrap.cjs'), entry: ts }
  throw new Error(`worker script ${name} not found next to ${dir}`)
}

/** a worker thread running `<name>` from `dir` (the caller's own __dirname) */
export function startWorkerThread(dir: string, name: string): Worker {
  const { file, entry } = workerScript(dir, name)
  return new Worker(file, entry ? { workerData: { entry } } : {})
}
