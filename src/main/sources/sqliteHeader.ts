// The 100-byte SQLite header, checked before SQLite ever sees the file: a wrong magic, an
// impossible page size or a file shorter than its own page count is refused with a plain reason.
// https://www.sqlite.org/fileformat.html#the_database_header
import fs from 'node:fs'
import path from 'node:path'
import { SourceOpenError, explainOpenFailure } from './sourceErrors'

export const SQLITE_MAGIC = 'SQLite format 3\u0000'

export interface SqliteHeader {
  pageSize: number
  /** bytes 18/19 == 2: the file is in WAL mode */
  walMode: boolean
  /** file change counter (offset 24): changes whenever the main file is written */
  changeCounter: number
  /** in-header page count when valid, else derived from the file size */
  pageCount: number
  schemaCookie: number
  userVersion: number
  applicationId: number
  fileBytes: number
}

export type HeaderVerdict =
  | { ok: true; header: SqliteHeader }
  | { ok: false; code: 'empty' | 'not-sqlite' | 'truncated'; reason: string }

/** What a non-SQLite file looks like, for the message. */
function guessFormat(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'a gzip archive'
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304) return 'a zip archive'
  if (buf.subarray(0, 9).toString('latin1') === 'SQLite fo')
    return 'an SQLite file of another format version'
  const text = buf.subarray(0, 64).toString('utf8').trimStart()
  if (text.startsWith('{') || text.startsWith('[')) return 'a JSON document'
  const printable = buf
    .subarray(0, 512)
    .every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128)
  if (printable) return 'a text file'
  return 'binary data that is not SQLite (an encrypted database, e.g. SQLCipher, looks like this)'
}

/** Pure check of the first bytes of a file (at least 100 bytes when the file has them). */
export function inspectHeader(buf: Buffer, fileBytes: number): HeaderVerdict {
  if (fileBytes === 0) return { ok: false, code: 'empty', reason: 'the file is empty (0 bytes)' }
  if (buf.length < 16 || buf.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC)
    return {
      ok: false,
      code: 'not-sqlite',
      reason: `it is not an SQLite database; it looks like ${guessFormat(buf)}`,
    }
  if (buf.length < 100)
    return {
      ok: false,
      code: 'truncated',
      reason: `it is cut off: ${fileBytes} bytes, shorter than the 100-byte SQLite header`,
    }
  const rawPage = buf.readUInt16BE(16)
  const pageSize = rawPage === 1 ? 65536 : rawPage
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0)
    return {
      ok: false,
      code: 'not-sqlite',
      reason: `its header is damaged (page size ${rawPage} is impossible)`,
    }
  const write = buf[18]
  const read = buf[19]
  const changeCounter = buf.readUInt32BE(24)
  const headerPages = buf.readUInt32BE(28)
  const validFor = buf.readUInt32BE(92)
  const headerCountValid = headerPages > 0 && validFor === changeCounter
  if (fileBytes < pageSize)
    return {
      ok: false,
      code: 'truncated',
      reason: `it is cut off: ${fileBytes} bytes, less than one ${pageSize}-byte page`,
    }
  if (headerCountValid && fileBytes < headerPages * pageSize)
    return {
      ok: false,
      code: 'truncated',
      reason: `it is cut off: the header promises ${headerPages} pages of ${pageSize} bytes (${headerPages * pageSize} bytes) but the file has ${fileBytes}`,
    }
  return {
    ok: true,
    header: {
      pageSize,
      walMode: write === 2 || read === 2,
      changeCounter,
      pageCount: headerCountValid ? headerPages : Math.floor(fileBytes / pageSize),
      schemaCookie: buf.readUInt32BE(40),
      userVersion: buf.readUInt32BE(60),
      applicationId: buf.readUInt32BE(68),
      fileBytes,
    },
  }
}

/** Reads the first page's header of a file on disk, turning every failure into a SourceOpenError. */
export function readHeader(file: string): SqliteHeader {
  let fd: number | null = null
  try {
    const st = fs.statSync(file)
    if (!st.isFile())
      throw new SourceOpenError(
        'not-a-file',
        file,
        `Cannot open "${path.basename(file)}" (${file}): it is not a regular file.`,
      )
    fd = fs.openSync(file, 'r')
    const buf = Buffer.alloc(Math.min(100, st.size))
    if (buf.length > 0) fs.readSync(fd, buf, 0, buf.length, 0)
    const verdict = inspectHeader(buf, st.size)
    if (!verdict.ok)
      throw new SourceOpenError(
        verdict.code,
        file,
        `Cannot open "${path.basename(file)}" (${file}): ${verdict.reason}.`,
      )
    return verdict.header
  } catch (err) {
    throw explainOpenFailure(file, err)
  } finally {
    if (fd !== null) fs.closeSync(fd)
  }
}
