// The bytes of a file to import: gzip is recognised by its magic bytes whatever the extension
// (`trace.json`, `spans.otlp`, `export.db` may all be gzip) and decompressed as it streams.
// Reading counts the file's own bytes, so progress is a share of the file, compressed or not.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'

export type Compression = 'gzip' | null

/** reads of this size keep per-chunk overhead small without holding much */
const CHUNK = 1024 * 1024

export interface ImportInput {
  file: string
  compression: Compression
  /** the file's size on disk */
  bytesTotal: number
  /** the file's bytes read so far (compressed bytes for gzip) */
  bytesRead(): number
  /** the content, decompressed, chunk by chunk; the file closes when iteration ends */
  chunks(): AsyncIterable<Buffer>
}

/** Opens `file` for reading, with a clear error when it cannot be. */
export function openImportInput(file: string): ImportInput {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new Error(`${file}: no such file`)
    throw new Error(`${file}: cannot be read (${(e as Error).message})`)
  }
  let size: number
  const magic = Buffer.alloc(2)
  try {
    const st = fs.fstatSync(fd)
    if (st.isDirectory()) throw new Error(`${file}: is a directory`)
    size = st.size
    fs.readSync(fd, magic, 0, 2, 0)
  } finally {
    fs.closeSync(fd)
  }
  if (size === 0) throw new Error(`${file}: is empty`)
  const compression: Compression = magic[0] === 0x1f && magic[1] === 0x8b ? 'gzip' : null
  let stream: fs.ReadStream | null = null
  return {
    file,
    compression,
    bytesTotal: size,
    bytesRead: () => stream?.bytesRead ?? 0,
    chunks() {
      stream = fs.createReadStream(file, { highWaterMark: CHUNK })
      if (!compression) return stream
      const gunzip = zlib.createGunzip({ chunkSize: CHUNK })
      const raw = stream
      raw.on('error', (e) => gunzip.destroy(e))
      raw.pipe(gunzip)
      return gunzipChunks(gunzip, file, () => raw.destroy())
    },
  }
}

async function* gunzipChunks(
  gunzip: zlib.Gunzip,
  file: string,
  stop: () => void,
): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of gunzip) yield chunk as Buffer
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (err.code?.startsWith('Z_') || /unexpected end of file/i.test(err.message))
      throw new Error(`${file}: the gzip data is damaged or cut short (${err.message})`)
    throw e
  } finally {
    stop()
  }
}

/**
 * A plain copy of a gzip-compressed file in the temp folder, for formats read by random access
 * (SQLite); the caller removes it with `cleanup`.
 */
export async function decompressToTemp(
  input: ImportInput,
): Promise<{ file: string; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-import-'))
  const file = path.join(dir, path.basename(input.file).replace(/\.gz$/i, '') || 'import.db')
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true })
  try {
    await pipeline(input.chunks(), fs.createWriteStream(file))
  } catch (e) {
    cleanup()
    throw e
  }
  return { file, cleanup }
}
