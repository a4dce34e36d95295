// An agent process using the Node SDK's log handler (the `tracescope` package) the way ddeutil-workflow's
// SQLiteHandler is used: it logs continuously and prints `handed <n>` after n lines were given to
// the handler. The parent sends SIGTERM/SIGINT: what was handed over must end up in the file.
// argv: <db> <sessionId> [--close-on-signal]
import { createLogHandler, openStore } from '../../src/lib'

const [db, sessionId, flag] = process.argv.slice(2)

async function main(): Promise<void> {
  const storage = openStore(db)
  const log = createLogHandler(storage, { sessionId, bufferSize: 500, flushIntervalMs: 1000 })
  if (flag === '--close-on-signal') {
    // what an application can do itself: close the handler and the storage, then exit
    const stop = () => {
      void log
        .close()
        .then(() => storage.close())
        .then(() => process.exit(0))
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  }
  process.stdout.write('ready\n')
  let n = 0
  for (;;) {
    for (let i = 0; i < 25; i++) log.info(`line ${n++}`, { n })
    process.stdout.write(`handed ${n}\n`)
    await new Promise((r) => setTimeout(r, 1))
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`sdkLogger: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(2)
})
