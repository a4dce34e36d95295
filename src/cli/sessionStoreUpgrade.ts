// `maintain --optimize` on a seed-004 session store: the user asked to upgrade that file, so it
// gets seed 004's composite index — on a copy by default, or in place after a backup copy.
// The upgrade itself lives with the seed-004 adapter (src/main/sources/upgradeSessionStore).

import fs from 'node:fs'
import path from 'node:path'
import { CliError } from './command'

export interface UpgradeFileReport {
  source: string
  /** the file that now has the index (the copy, or the source itself with --in-place) */
  upgraded: string
  backup: string | null
  actions: string[]
  summary: string
}

/** Copies a SQLite file with its -wal side file, so committed-but-uncheckpointed rows come along. */
function copyDb(from: string, to: string): void {
  if (fs.existsSync(to)) throw new CliError(`${to} already exists; pass another --out or remove it`)
  fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL)
  if (fs.existsSync(`${from}-wal`)) fs.copyFileSync(`${from}-wal`, `${to}-wal`)
}

export async function upgradeSessionStoreFile(
  file: string,
  opts: { inPlace: boolean; out?: string },
): Promise<UpgradeFileReport> {
  let target: string
  let backup: string | null = null
  if (opts.inPlace) {
    if (opts.out) throw new CliError('--out and --in-place exclude each other', 2)
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    backup = `${file}.backup-${stamp}${path.extname(file) || '.db'}`
    copyDb(file, backup)
    target = file
  } else {
    target = opts.out ?? file.replace(/(\.[^./\\]+)?$/, (ext) => `.optimized${ext || '.db'}`)
    if (path.resolve(target) === path.resolve(file))
      throw new CliError('--out is the file itself; use --in-place to upgrade it in place', 2)
    copyDb(file, target)
  }
  const { upgradeSessionStore } = loadUpgrader()
  try {
    const res = await upgradeSessionStore(target)
    const actions = res.actions ?? []
    const where = opts.inPlace
      ? `${file} upgraded in place (backup: ${backup})`
      : `upgraded copy written to ${target} (${file} unchanged)`
    return {
      source: file,
      upgraded: target,
      backup,
      actions,
      summary: [...actions, where].join('\n'),
    }
  } catch (e) {
    // a failed copy is useless; a failed in-place upgrade leaves the backup for the user
    if (!opts.inPlace)
      for (const f of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true })
    throw e
  }
}

interface Upgrader {
  upgradeSessionStore(file: string): Promise<{ actions?: string[] }> | { actions?: string[] }
}

function loadUpgrader(): Upgrader {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../main/sources/upgradeSessionStore') as Upgrader
  } catch {
    throw new CliError('upgrading seed-004 session stores is not available in this build')
  }
}
