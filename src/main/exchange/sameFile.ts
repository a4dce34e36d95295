// Whether two paths name the same file: the same device and inode, whatever the spelling (a
// symlink, a hard link, `./x.db` against `/tmp/../tmp/x.db`). Comparing path strings let an
// import read the very store it writes into.
import fs from 'node:fs'

export function sameFile(a: string, b: string): boolean {
  let sa: fs.Stats
  let sb: fs.Stats
  try {
    sa = fs.statSync(a)
    sb = fs.statSync(b)
  } catch {
    return false
  }
  return sa.dev === sb.dev && sa.ino === sb.ino
}
