// Main's check of a path the preload says the user dropped. Main cannot verify that a drop
// happened (a compromised renderer process can send any path), so it limits what a grant can
// reach: an existing regular file (symlinks followed) that starts with the SQLite header.
// Anything else is refused with a typed error naming the file and the reason.
import fs from 'node:fs'
import path from 'node:path'
import type { ContractErrorShape } from '../../shared/contract/errors'
import { SQLITE_MAGIC } from '../sources/sqliteHeader'

const MAX_PATH = 4096

/** null when `file` may be granted, else why not */
export function checkDroppedFile(file: unknown): ContractErrorShape | null {
  if (
    typeof file !== 'string' ||
    file.length === 0 ||
    file.length > MAX_PATH ||
    file.includes('\0')
  )
    return {
      code: 'invalid-input',
      message: 'A dropped file must be an absolute path.',
      field: 'path',
    }
  if (!path.isAbsolute(file))
    return { code: 'invalid-input', message: `"${file}" is not an absolute path.`, field: 'path' }
  const name = `"${path.basename(file)}" (${file})`
  let fd: number
  try {
    const st = fs.statSync(file)
    if (!st.isFile())
      return { code: 'source-error', message: `${name} is not a file.`, field: 'path' }
    fd = fs.openSync(file, 'r')
  } catch (err) {
    const code = (err as { code?: string }).code
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? { code: 'not-found', message: `${name} does not exist.`, field: 'path' }
      : {
          code: 'source-error',
          message: `${name} cannot be read (${code ?? 'error'}).`,
          field: 'path',
        }
  }
  try {
    const head = Buffer.alloc(16)
    const n = fs.readSync(fd, head, 0, 16, 0)
    if (n < 16 || head.toString('latin1') !== SQLITE_MAGIC)
      return {
        code: 'source-error',
        message: `${name} is not an SQLite database: only trace databases can be opened by dropping them.`,
        field: 'path',
      }
    return null
  } finally {
    fs.closeSync(fd)
  }
}
