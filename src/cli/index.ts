// Entry point of `tracescope` (bin/tracescope.cjs loads this file through tsx's CommonJS hook).
// Kept tiny: commands load their heavy modules inside run(), so `--help` starts fast.
// before anything opens SQLite in this process (see sqliteUris.ts)
import '../main/sqliteUris'
import { runCli } from './main'

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `tracescope export | head`: the reader went away; that is not an error of ours
  if (err.code === 'EPIPE') process.exit(0)
  // a full disk or a closed terminal: one line, as for every other error (no stack)
  process.stderr.write(`tracescope: cannot write the output: ${err.message}\n`)
  process.exit(1)
})

let settled = false
// Node exits when nothing is left to wait on, even with a command still awaiting a promise
// that can no longer settle. Without this, that exit said 0: success, with the work undone.
process.on('beforeExit', () => {
  if (settled) return
  process.stderr.write(
    'tracescope: stopped before the command finished (it was left waiting on nothing); this is a bug\n',
  )
  process.exitCode = 70
})

void runCli(process.argv.slice(2)).then(
  (code) => {
    settled = true
    process.exitCode = code
  },
  (err: unknown) => {
    settled = true
    process.stderr.write(`tracescope: ${(err as Error)?.message ?? String(err)}\n`)
    process.exitCode = 1
  },
)
