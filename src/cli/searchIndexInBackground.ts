// After `tracescope import`, the full-text index of the new rows is built by a process of its
// own (`tracescope maintain --index-search`), so the import returns once its records are
// committed: indexing costs about as much CPU as everything else in an import together.
// Detached and unreferenced: it outlives the import, and a terminal closing does not stop it.
import { spawn } from 'node:child_process'

/** Starts the indexer of `db` in the background; false when it could not be started. */
export function indexSearchInBackground(db: string): boolean {
  // argv[1] is the script node ran (bin/tracescope.cjs or the built CLI), with this environment
  // (TRACESCOPE_FROM_SOURCE included); node options such as --cpu-prof are not passed on
  const script = process.argv[1]
  if (!script) return false
  try {
    const child = spawn(process.execPath, [script, 'maintain', '--index-search', '--db', db], {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
    })
    // spawn reports a missing executable asynchronously; the import has nothing to do about it
    child.on('error', () => undefined)
    child.unref()
    return child.pid !== undefined
  } catch {
    return false
  }
}
