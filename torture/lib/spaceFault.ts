// Running out of disk space and losing write permission, for real where we can: a small tmpfs
// mounted for the run (needs root; filled by another file until ENOSPC, remounted read-only).
// Elsewhere disk-full falls back to PRAGMA max_page_count on the store's own connection.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Database from 'better-sqlite3'
import type { TraceStore } from '../../src/main/store/storeApi'

export interface SpaceFault {
  method: 'tmpfs' | 'max_page_count'
  dir: string
  /** make the disk (or the file) full */
  fill(store: TraceStore): void
  /** give the space back */
  free(store: TraceStore): void
  /** remount read-only / writable (tmpfs only) */
  readOnly: ((on: boolean) => void) | null
  cleanup(): void
}

function tryMount(dir: string, sizeMb: number): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.TORTURE_NO_MOUNT)
    return false
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], {
      stdio: 'ignore',
    })
    return true
  } catch {
    return false
  }
}

/** the connection inside the native store (private; reached only to simulate a full disk) */
function connectionOf(store: TraceStore): Database.Database {
  const db = (store as unknown as { db?: Database.Database }).db
  if (!db) throw new Error('max_page_count fallback: the store has no `db` field to limit')
  return db
}

export function createSpaceFault(sizeMb = 48): SpaceFault {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torture-space-'))
  if (tryMount(dir, sizeMb)) {
    const filler = path.join(dir, 'filler.bin')
    let mounted = true
    const unmount = () => {
      if (!mounted) return
      mounted = false
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' })
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' })
      }
    }
    // a run that dies half-way (a test timeout, Ctrl-C) must not leave the mount behind
    process.once('exit', unmount)
    return {
      method: 'tmpfs',
      dir,
      fill() {
        const chunk = Buffer.alloc(1024 * 1024, 0x5a)
        const fd = fs.openSync(filler, 'a')
        try {
          for (let i = 0; i < sizeMb * 2; i++) fs.writeSync(fd, chunk)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e
        } finally {
          fs.closeSync(fd)
        }
        // the last partial chunk: fill to the final byte
        const small = Buffer.alloc(4096, 0x5a)
        const fd2 = fs.openSync(filler, 'a')
        try {
          for (let i = 0; i < 1024; i++) fs.writeSync(fd2, small)
        } catch {
          // ENOSPC: full
        } finally {
          fs.closeSync(fd2)
        }
      },
      free() {
        fs.rmSync(filler, { force: true })
      },
      readOnly(on) {
        execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], { stdio: 'ignore' })
      },
      cleanup() {
        unmount()
        process.off('exit', unmount)
        fs.rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  return {
    method: 'max_page_count',
    dir,
    fill(store) {
      const db = connectionOf(store)
      const pages = db.pragma('page_count', { simple: true }) as number
      db.pragma(`max_page_count = ${pages}`)
    },
    free(store) {
      connectionOf(store).pragma('max_page_count = 4294967294')
    },
    readOnly: null,
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
