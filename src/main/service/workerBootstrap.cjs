// Development entry of a store worker: loads the TypeScript entry through tsx, the way
// bin/tracescope.cjs runs the CLI. Built apps load out/main/storeWorker.js directly.
const data = JSON.parse(process.env.TRACESCOPE_STORE_WORKER || '{}')
require('tsx/cjs/api').register()
require(data.entry)
