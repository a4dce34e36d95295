// Which files a launch (or a second launch routed by the single-instance lock) asks to open.
import fs from 'node:fs'
import path from 'node:path'

/** argv → existing files, resolved against the launching cwd; flags and the app path skipped. */
export function filesFromArgv(
  argv: readonly string[],
  cwd: string,
  opts: { skip?: number } = {},
): string[] {
  const out: string[] = []
  for (const arg of argv.slice(opts.skip ?? 1)) {
    if (arg.startsWith('-') || /\.(c|m)?js$/i.test(arg)) continue
    const p = path.resolve(cwd, arg)
    try {
      if (fs.statSync(p).isFile()) out.push(p)
    } catch {
      // not a file: electron's own arguments, or a typo reported elsewhere
    }
  }
  return out
}
