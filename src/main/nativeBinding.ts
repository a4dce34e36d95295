// better-sqlite3's compiled addon differs between Node and Electron (different ABI). The
// CLI and tests load node_modules' build (Node ABI). `npm start` first runs
// scripts/electronNative.ts, which builds an Electron-ABI copy into .native/electron-<version>/;
// under Electron every `new Database(...)` passes that file as `nativeBinding`.
// Packaged apps need none of this: electron-builder rebuilds node_modules for Electron.
import fs from 'node:fs'
import path from 'node:path'

export function electronNativeDir(root: string, electronVersion: string): string {
  return path.join(root, '.native', `electron-${electronVersion}`)
}

/** The addon to load, or undefined for better-sqlite3's own lookup. */
export function nativeBindingPath(
  versions: NodeJS.ProcessVersions & { electron?: string } = process.versions,
  env: NodeJS.ProcessEnv = process.env,
  root = path.resolve(__dirname, '../..'),
): string | undefined {
  if (env.TRACESCOPE_NATIVE_BINDING) return env.TRACESCOPE_NATIVE_BINDING
  if (!versions.electron) return undefined
  // from src/main (tsx) or out/main (bundled): the project root is two levels up either way
  const file = path.join(electronNativeDir(root, versions.electron), 'better_sqlite3.node')
  return fs.existsSync(file) ? file : undefined
}

/** Options to spread into `new Database(file, { ...databaseBindingOptions(), ... })`. */
export function databaseBindingOptions(): { nativeBinding?: string } {
  const p = nativeBindingPath()
  return p ? { nativeBinding: p } : {}
}

type NodeLoader = (module: unknown, filename: string) => void

/**
 * Under Electron, send every load of better_sqlite3.node to the Electron-ABI copy. Installed
 * by the store worker at start, before any database opens (better-sqlite3 loads its addon on
 * the first `new Database`), so every store and adapter gets the right binary without each
 * passing `nativeBinding`. A no-op under plain Node or when no copy was built.
 */
export function redirectAddonLoads(target = nativeBindingPath()): boolean {
  if (!target) return false
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as { _extensions: Record<string, NodeLoader> }
  const original = Module._extensions['.node']
  Module._extensions['.node'] = (module, filename) =>
    original(module, /[\\/]better_sqlite3\.node$/.test(filename) ? target : filename)
  return true
}
