// Where Tracescope keeps its own files. The CLI, `serve`, `collect` and the desktop app agree on
// these, so the app's own store is the same file whichever way it is opened.
import os from 'node:os'
import path from 'node:path'

/** The per-user data folder: $TRACESCOPE_HOME, else the platform's usual place. */
export function appDataDir(): string {
  const override = process.env.TRACESCOPE_HOME
  if (override) return path.resolve(override)
  const home = os.homedir()
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Tracescope')
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Tracescope')
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Tracescope')
  }
}

/** The app's own trace store. */
export function defaultStorePath(): string {
  return path.join(appDataDir(), 'traces.db')
}

/** Resolutions of errors in foreign (read-only) files, keyed by file and error. */
export function overlayStorePath(): string {
  return path.join(appDataDir(), 'overlay.db')
}
