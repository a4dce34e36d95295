// What kind of file an import was given, from its content (extensions lie or are missing; gzip
// is seen through by importInput). JSON is told apart by the keys of the first document's
// top-level object, read as a stream: a first line of any length is fine, since only keys are
// looked at and every value is skipped without being kept.

import type { ImportInput } from './importInput'
import { JsonStreamSplitter } from './jsonStreamSplitter'
import { KIND_OF_KEY } from './records'

/** OTLP JSON is reported as `otlp-jsonl` once a second document (line) is seen. */
export type ImportFormat =
  'sqlite' | 'tracescope-json' | 'tracescope-ndjson' | 'otlp-json' | 'otlp-jsonl'

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const EXPECTED =
  'expected SQLite, Tracescope json/ndjson, or OTLP JSON / JSON Lines, plain or gzip-compressed'

/** The format a top-level key decides, if it decides one. */
function formatOfKey(key: string): ImportFormat | null {
  if (key === 'resourceSpans' || key === 'resourceLogs') return 'otlp-json'
  if (key === 'kind') return 'tracescope-ndjson'
  if (key === 'format' || Object.hasOwn(KIND_OF_KEY, key)) return 'tracescope-json'
  return null
}

export async function detectImportFormat(input: ImportInput): Promise<ImportFormat> {
  const { file } = input
  let decided: ImportFormat | null = null
  let first = true
  let docEnded = false
  const keys: string[] = []
  const splitter = new JsonStreamSplitter(
    { object: {}, name: 'document' },
    {
      value: () => {},
      close: () => (docEnded = true),
      key: (k) => {
        if (keys.length < 5) keys.push(k)
        decided ??= formatOfKey(k)
      },
    },
  )
  for await (const chunk of input.chunks()) {
    if (first) {
      first = false
      if (chunk.subarray(0, 16).equals(SQLITE_MAGIC)) return 'sqlite'
      const text = chunk
        .subarray(0, 64)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimStart()
      if (text !== '' && !text.startsWith('{'))
        throw new Error(`${file}: not a file Tracescope imports (${EXPECTED})`)
    }
    try {
      splitter.push(chunk)
    } catch (e) {
      if (decided) break
      throw new Error(`${file}: ${(e as Error).message}`)
    }
    if (decided || docEnded) break
  }
  if (first) throw new Error(`${file}: is empty`)
  if (decided) return decided
  if (!docEnded && keys.length === 0)
    throw new Error(`${file}: not a file Tracescope imports (${EXPECTED})`)
  throw new Error(
    `${file}: a JSON document that is neither a Tracescope export ("format": "tracescope/v1"), a Tracescope record ("kind") nor OTLP ("resourceSpans"); its first keys: ${keys.map((k) => JSON.stringify(k)).join(', ') || 'none'}`,
  )
}
