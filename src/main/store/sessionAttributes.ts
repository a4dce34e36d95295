// A session's attributes are merged, never replaced: several writers describe one session (the
// SDK its own fields, the collector `source: 'otlp'`, an import its file), and the last one to
// write must not erase what the others stored. New keys win over old ones of the same name.
import type Database from 'better-sqlite3'
import { decodePayload, encodePayload, type StoredPayload } from './payloadCodec'

/** payloads above this are stored compressed, as the store's own default */
const COMPRESS_ABOVE = 1024

export function mergedSessionAttributes(
  current: Database.Statement,
  id: string,
  incoming: StoredPayload,
): StoredPayload {
  if (incoming === null) return null
  const stored = current.get(id) as StoredPayload | undefined
  if (stored === null || stored === undefined) return incoming
  const before = decodePayload<unknown>(stored, null)
  const after = decodePayload<unknown>(incoming, null)
  if (!isPlainObject(before) || !isPlainObject(after)) return incoming
  return encodePayload({ ...before, ...after }, COMPRESS_ABOVE)
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
