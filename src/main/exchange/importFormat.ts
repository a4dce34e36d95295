// What kind of file an import was given, from its first bytes (extensions lie or are missing).

import fs from 'node:fs'

export type ImportFormat =
  'sqlite' | 'tracescope-json' | 'tracescope-ndjson' | 'otlp-json' | 'otlp-jsonl'

const SQLITE_MAGIC = 'SQLite format 3\0'
const PEEK = 64 * 1024

export function detectImportFormat(file: string): ImportFormat {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new Error(`${file}: no such file`)
    if (code === 'EISDIR') throw new Error(`${file}: is a directory`)
    throw new Error(`${file}: cannot be read (${(e as Error).message})`)
  }
  const buf = Buffer.alloc(PEEK)
  let n: number
  try {
    n = fs.readSync(fd, buf, 0, PEEK, 0)
  } finally {
    fs.closeSync(fd)
  }
  if (n === 0) throw new Error(`${file}: is empty`)
  const head = buf.subarray(0, n)
  if (head.subarray(0, 16).toString('latin1') === SQLITE_MAGIC) return 'sqlite'
  const text = head.toString('utf8').replace(/^\uFEFF/, '')
  const trimmed = text.trimStart()
  if (!trimmed.startsWith('{'))
    throw new Error(
      `${file}: not a file Tracescope imports (expected SQLite, Tracescope json/ndjson, or OTLP JSON / JSON Lines)`,
    )
  // JSON Lines: the first line is a whole JSON object of its own.
  const nl = trimmed.indexOf('\n')
  if (nl > 0) {
    const first = parseObject(trimmed.slice(0, nl))
    if (first) {
      if (typeof first.kind === 'string') return 'tracescope-ndjson'
      if ('resourceSpans' in first) return 'otlp-jsonl'
      if (first.format === 'tracescope/v1') return 'tracescope-json'
      throw new Error(
        `${file}: JSON Lines whose first line is neither a Tracescope record (no "kind") nor an OTLP request (no "resourceSpans")`,
      )
    }
  }
  // One document: look at its first key.
  const key = /^\{\s*"([^"\\]*)"/.exec(trimmed)?.[1]
  if (key === 'format' || key === 'sessions') return 'tracescope-json'
  if (key === 'resourceSpans') return 'otlp-json'
  if (/"resourceSpans"\s*:/.test(text)) return 'otlp-json'
  if (/"format"\s*:\s*"tracescope\/v1"/.test(text)) return 'tracescope-json'
  throw new Error(
    `${file}: a JSON document that is neither a Tracescope export ("format": "tracescope/v1") nor OTLP ("resourceSpans")`,
  )
}

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(line) as unknown
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}
