// Development entry of a store worker: loads the TypeScript entry through tsx, the way
// bin/tracescope.cjs runs the CLI. Built apps load out/main/storeWorker.js directly.
const { workerData } = require('node:worker_threads')
require('tsx/cjs/api').register()
require(workerData.entry)
