// Development entry of every Tracescope worker (a store worker process, an OTLP map or gzip
// thread), see workerScript.ts: loads tsx's require hook, then the TypeScript entry, the way
// bin/tracescope.cjs runs the CLI. (`--import tsx` in a worker thread's execArgv does not
// apply to its entry file on Node 20.) Built apps and the package load `<name>.js` directly.
const { isMainThread, workerData } = require('node:worker_threads')
const entry = isMainThread
  ? JSON.parse(process.env.TRACESCOPE_STORE_WORKER || '{}').entry
  : workerData && workerData.entry
if (!entry) throw new Error('workerBootstrap: no TypeScript entry to load')
require('tsx/cjs/api').register()
require(entry)
