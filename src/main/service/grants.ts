// Which files a caller may open. The renderer never names a path it was not given: a path
// becomes openable only when main saw it come from a dialog, a drop (through the preload),
// the command line, or the recent-files list main itself keeps.
import fs from 'node:fs'
import path from 'node:path'

export function canonicalPath(p: string): string {
  const abs = path.resolve(p)
  try {
    return fs.realpathSync.native(abs)
  } catch {
    return abs
  }
}

export class PathGrants {
  /** granted to every caller (command line, recent files) */
  private readonly global = new Set<string>()
  private readonly byCaller = new Map<string, Set<string>>()

  grant(callerId: string | null, file: string): string {
    const p = canonicalPath(file)
    if (callerId === null) {
      this.global.add(p)
    } else {
      let set = this.byCaller.get(callerId)
      if (!set) this.byCaller.set(callerId, (set = new Set()))
      set.add(p)
    }
    return p
  }

  isGranted(callerId: string, file: string): boolean {
    const p = canonicalPath(file)
    return this.global.has(p) || (this.byCaller.get(callerId)?.has(p) ?? false)
  }

  forget(callerId: string): void {
    this.byCaller.delete(callerId)
  }
}
